// The editing a one-line field does, as plain functions on (value, cursor): the keys of
// readline and of every shell prompt. The cursor counts characters (code points), so an
// emoji or an accented letter is one step, as on screen.

import type {Key} from './keys.js';

export type Line = {readonly value: string; readonly cursor: number};

export const emptyLine: Line = {value: '', cursor: 0};

/** Characters never taken into a field: controls, and the invisible ones that reorder or split a line on screen. */
const unprintable = /[\u0000-\u001F\u007F-\u009F\u061C\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069]/g;

/** Pasted text as one line: line breaks and other controls dropped. */
const cleanText = (text: string) => text.replace(/\r\n|\r|\n/g, '').replace(unprintable, '');

const splice = (line: Line, from: number, to: number, insert = ''): Line => {
	const characters = [...line.value];
	const inserted = [...insert];
	characters.splice(from, to - from, ...inserted);
	return {value: characters.join(''), cursor: from + inserted.length};
};

const isSpace = (character: string | undefined) => character !== undefined && /\s/.test(character);
const isWordCharacter = (character: string | undefined) => character !== undefined && /[\p{L}\p{N}_]/u.test(character);

/** Where the word before the cursor starts: over spaces, then over what `inWord` accepts. */
function wordStart(line: Line, inWord: (character: string | undefined) => boolean): number {
	const characters = [...line.value];
	let at = line.cursor;
	while (at > 0 && !inWord(characters[at - 1])) at--;
	while (at > 0 && inWord(characters[at - 1])) at--;
	return at;
}

/** Where the word after the cursor ends (letters and digits). */
function wordEnd(line: Line): number {
	const characters = [...line.value];
	let at = line.cursor;
	while (at < characters.length && !isWordCharacter(characters[at])) at++;
	while (at < characters.length && isWordCharacter(characters[at])) at++;
	return at;
}

const notSpace = (character: string | undefined) => character !== undefined && !isSpace(character);

/** The line after `key`, or undefined when the key is not an editing key. */
export function edit(line: Line, key: Key): Line | undefined {
	const length = [...line.value].length;
	const at = (cursor: number): Line => ({value: line.value, cursor: Math.max(0, Math.min(length, cursor))});
	const word = key.ctrl || key.meta;
	if (key.name === 'text' || key.name === 'paste') {
		const text = cleanText(key.text);
		return text ? splice(line, line.cursor, line.cursor, text) : line;
	}
	if (key.name === 'left') return at(word ? wordStart(line, isWordCharacter) : line.cursor - 1);
	if (key.name === 'right') return at(word ? wordEnd(line) : line.cursor + 1);
	if (key.name === 'home') return at(0);
	if (key.name === 'end') return at(length);
	if (key.name === 'backspace') {
		if (key.meta) return splice(line, wordStart(line, isWordCharacter), line.cursor);
		return line.cursor > 0 ? splice(line, line.cursor - 1, line.cursor) : line;
	}
	if (key.name === 'delete') return line.cursor < length ? splice(line, line.cursor, line.cursor + 1) : line;
	if (key.name !== 'char') return undefined;
	if (key.ctrl) {
		switch (key.text) {
			case 'a':
				return at(0);
			case 'e':
				return at(length);
			case 'b':
				return at(line.cursor - 1);
			case 'f':
				return at(line.cursor + 1);
			case 'd':
				return line.cursor < length ? splice(line, line.cursor, line.cursor + 1) : line;
			case 'h':
				return line.cursor > 0 ? splice(line, line.cursor - 1, line.cursor) : line;
			case 'u':
				return splice(line, 0, line.cursor);
			case 'k':
				return splice(line, line.cursor, length);
			case 'w':
				// As in a shell: the spaces before the cursor, then everything back to the previous space.
				return splice(line, wordStart(line, notSpace), line.cursor);
		}
		return undefined;
	}
	if (key.meta) {
		switch (key.text) {
			case 'b':
				return at(wordStart(line, isWordCharacter));
			case 'f':
				return at(wordEnd(line));
			case 'd':
				return splice(line, line.cursor, wordEnd(line));
		}
	}
	return undefined;
}
