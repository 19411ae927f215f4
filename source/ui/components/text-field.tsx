// A one-line input as in a shell prompt: a cursor that ←/→, Home/End and Ctrl-A/Ctrl-E move
// (Ctrl or Alt with ←/→ a word); Backspace and Delete at the cursor; Ctrl-U, Ctrl-W and Ctrl-K
// delete to the start, the word before, and to the end. A default shows dimmed in the empty
// field: Enter takes it, typing replaces it (Tab puts it in the field to edit it). Pasted text
// goes in at the cursor, without its line breaks. Validated as it is typed: the reason shows
// under the field and Enter does nothing until the value is valid. Masked for secrets (each
// character is a •; the secret itself is never drawn). Spaces around the value are trimmed on
// submit.

import {Box, Text} from 'ink';
import {useState, type ReactNode} from 'react';
import {edit, emptyLine, type Line} from './line-editor.js';
import type {Key} from './keys.js';
import {useKeys, useLatest, type KeyResult} from './use-keys.js';

export type TextFieldProps = {
	readonly label: string;
	/** Why the value cannot be used, or undefined when it can. */
	readonly validate?: (value: string) => string | undefined;
	readonly onSubmit: (value: string) => void;
	/** Escape. */
	readonly onCancel?: () => void;
	readonly mask?: boolean;
	/** The answer Enter gives in an empty field, shown dimmed there; typing replaces it. */
	readonly defaultValue?: string;
	/** What an empty field means (dimmed); Enter in the empty field submits "". */
	readonly placeholder?: string;
	readonly isActive?: boolean;
};

// Without colours (NO_COLOR sets FORCE_COLOR=0; a pipe has none either) reverse video is not
// drawn, so the cursor is a block of its own between the characters instead.
const plainCursor = () => process.env.FORCE_COLOR === '0' || (process.env.FORCE_COLOR === undefined && !process.stdout.isTTY);

/** The field's text with the cursor drawn at `cursor` (a character index). */
export function WithCursor({text, cursor, dim = false}: {readonly text: string; readonly cursor: number; readonly dim?: boolean}) {
	const characters = [...text];
	const before = characters.slice(0, cursor).join('');
	const under = characters[cursor];
	const after = characters.slice(cursor + 1).join('');
	const color = dim ? {color: 'gray'} : {};
	if (plainCursor())
		return (
			<Text>
				<Text {...color}>{before}</Text>
				<Text color="cyan">▌</Text>
				<Text {...color}>{characters.slice(cursor).join('')}</Text>
			</Text>
		);
	return (
		<Text>
			<Text {...color}>{before}</Text>
			<Text inverse>{under ?? ' '}</Text>
			<Text {...color}>{after}</Text>
		</Text>
	);
}

export function TextField({label, validate, onSubmit, onCancel, mask = false, defaultValue, placeholder, isActive = true}: TextFieldProps) {
	const [line, latest, setLine] = useLatest<Line>(emptyLine);
	const [tried, setTried] = useState(false);
	/** What Enter would submit for `value`. */
	const answer = (value: string) => (value.trim() === '' && defaultValue !== undefined ? defaultValue : value.trim());
	const problem = validate?.(answer(line.value));
	useKeys(
		(key: Key): KeyResult => {
			const current = latest.current;
			if (key.name === 'return') {
				setTried(true);
				const value = answer(current.value);
				if (validate?.(value)) return;
				onSubmit(value);
				return 'done';
			}
			if (key.name === 'escape') {
				if (!onCancel) return;
				onCancel();
				return 'done';
			}
			// Tab (or → at the end of an empty field) puts the default in, to be edited.
			if ((key.name === 'tab' || key.name === 'right') && current.value === '' && defaultValue) {
				setLine({value: defaultValue, cursor: [...defaultValue].length});
				return;
			}
			const next = edit(current, key);
			if (next && (next.value !== current.value || next.cursor !== current.cursor)) setLine(next);
		},
		{isActive, paste: true},
	);
	const shown = mask ? '•'.repeat([...line.value].length) : line.value;
	const hint = line.value === '' ? (defaultValue ?? placeholder) : undefined;
	let field: ReactNode;
	if (!isActive) field = shown || (hint ? <Text color="gray">{hint}</Text> : null);
	else if (hint) field = <WithCursor text={hint} cursor={0} dim />;
	else field = <WithCursor text={shown} cursor={line.cursor} />;
	return (
		<Box flexDirection="column">
			<Text>
				<Text bold>{label}</Text> {field}
			</Text>
			{problem && (line.value.length > 0 || tried) ? <Text color="yellow">  ↳ {problem}</Text> : null}
		</Box>
	);
}
