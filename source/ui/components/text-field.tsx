// A one-line input, validated as it is typed: the reason shows beside the field and Enter
// does nothing until the value is valid. Masked for secrets (each character is a •).
// Pasted text loses its line breaks, and surrounding spaces are trimmed on submit.

import {Box, Text, useInput} from 'ink';
import {useState} from 'react';

export type TextFieldProps = {
	readonly label: string;
	/** Why the value cannot be used, or undefined when it can. */
	readonly validate?: (value: string) => string | undefined;
	readonly onSubmit: (value: string) => void;
	/** Escape. */
	readonly onCancel?: () => void;
	readonly mask?: boolean;
	readonly initial?: string;
	readonly placeholder?: string;
	readonly isActive?: boolean;
};

export function TextField({label, validate, onSubmit, onCancel, mask = false, initial = '', placeholder, isActive = true}: TextFieldProps) {
	const [value, setValue] = useState(initial);
	const [tried, setTried] = useState(false);
	const problem = validate?.(value.trim());
	useInput(
		(input, key) => {
			if (key.return) {
				setTried(true);
				if (!problem) onSubmit(value.trim());
				return;
			}
			if (key.escape) return onCancel?.();
			if (key.backspace || key.delete) return setValue((current) => current.slice(0, -1));
			if (key.ctrl || key.meta || key.tab || key.upArrow || key.downArrow || key.leftArrow || key.rightArrow) return;
			const typed = input.replace(/[\r\n]+/g, '');
			if (typed) setValue((current) => current + typed);
		},
		{isActive},
	);
	const shown = mask ? '•'.repeat(value.length) : value;
	return (
		<Box flexDirection="column">
			<Text>
				<Text bold>{label}</Text> {shown || (placeholder ? <Text color="gray">{placeholder}</Text> : null)}
				{isActive ? <Text color="cyan">▌</Text> : null}
			</Text>
			{problem && (value.length > 0 || tried) ? <Text color="yellow">  ↳ {problem}</Text> : null}
		</Box>
	);
}
