// A list to choose from with the arrow keys (wrapping at the ends), Enter, or the item's
// number. The chosen row is marked with ❯, not by colour alone. An item can be disabled
// with a reason, shown beside it. Keys that arrive together are taken one by one, each from
// where the one before left the highlight.

import {Box, Text} from 'ink';
import type {Key} from './keys.js';
import {useKeys, useLatest, type KeyResult} from './use-keys.js';

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
	const last = Math.max(0, items.length - 1);
	const [chosen, latest, setIndex] = useLatest(Math.min(initialIndex, last));
	// The list can shrink under the highlight (a refreshed list): keep it on the last item.
	const index = Math.min(chosen, last);
	const move = (to: number) => {
		const next = setIndex((to + items.length) % items.length);
		onHighlight?.(items[next]!.value);
	};
	const select = (position: number): KeyResult => {
		const item = items[position]!;
		if (item.disabled) return;
		onSelect(item.value);
		return 'done';
	};
	const character = (typed: string): KeyResult => {
		const current = Math.min(latest.current, last);
		if (typed === 'k') return move(current - 1);
		if (typed === 'j') return move(current + 1);
		if (/^[1-9]$/.test(typed) && Number(typed) <= items.length) {
			move(Number(typed) - 1);
			return select(Number(typed) - 1);
		}
	};
	useKeys(
		(key: Key) => {
			if (items.length === 0) return;
			const current = Math.min(latest.current, last);
			if (key.name === 'up') return move(current - 1);
			if (key.name === 'down') return move(current + 1);
			if (key.name === 'home') return move(0);
			if (key.name === 'end') return move(last);
			if (key.name === 'escape' && onCancel) {
				onCancel();
				return 'done';
			}
			if (key.name === 'return') return select(current);
			if (key.name === 'text') return character(key.text);
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
