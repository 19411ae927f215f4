// A list to choose from with the arrow keys (wrapping at the ends), Enter, or the item's
// number. The chosen row is marked with ❯, not by colour alone. An item can be disabled
// with a reason, shown beside it.

import {Box, Text, useInput} from 'ink';
import {useState} from 'react';

export type SelectItem<Value> = {
	readonly label: string;
	readonly value: Value;
	/** Grey text after the label (a state, a price). */
	readonly hint?: string;
	/** Why it cannot be chosen now. */
	readonly disabled?: string;
};

export type SelectListProps<Value> = {
	readonly items: readonly SelectItem<Value>[];
	readonly onSelect: (value: Value) => void;
	readonly onHighlight?: (value: Value) => void;
	readonly onCancel?: () => void;
	readonly initialIndex?: number;
	readonly isActive?: boolean;
};

export function SelectList<Value>({items, onSelect, onHighlight, onCancel, initialIndex = 0, isActive = true}: SelectListProps<Value>) {
	const [chosen, setIndex] = useState(Math.min(initialIndex, Math.max(0, items.length - 1)));
	// The list can shrink under the highlight (a refreshed list): keep it on the last item.
	const index = Math.min(chosen, Math.max(0, items.length - 1));
	const move = (to: number) => {
		const next = (to + items.length) % items.length;
		setIndex(next);
		onHighlight?.(items[next]!.value);
	};
	useInput(
		(input, key) => {
			if (items.length === 0) return;
			if (key.upArrow || input === 'k') return move(index - 1);
			if (key.downArrow || input === 'j') return move(index + 1);
			if (key.escape) return onCancel?.();
			const number = Number(input);
			if (/^[1-9]$/.test(input) && number <= items.length) {
				move(number - 1);
				if (!items[number - 1]!.disabled) onSelect(items[number - 1]!.value);
				return;
			}
			if (key.return && !items[index]!.disabled) onSelect(items[index]!.value);
		},
		{isActive},
	);
	return (
		<Box flexDirection="column">
			{items.map((item, position) => {
				const selected = position === index;
				return (
					<Text key={`${position}-${item.label}`} wrap="truncate-end" {...(item.disabled ? {color: 'gray'} : selected ? {color: 'cyan'} : {})}>
						{selected ? '❯' : ' '} {position < 9 ? `${position + 1}.` : '  '} {item.label}
						{item.hint ? <Text color="gray">  {item.hint}</Text> : null}
						{item.disabled && selected ? <Text color="yellow">  ({item.disabled})</Text> : null}
					</Text>
				);
			})}
		</Box>
	);
}
