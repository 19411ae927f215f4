// What the terminal sends, as keys: one per character of a burst, escape sequences by name
// with their modifiers, the line breaks of a paste apart from the Enter key.

import assert from 'node:assert/strict';
import {test} from 'node:test';
import {decodeKeys} from '../../source/ui/components/keys.js';

const names = (input: string) =>
	decodeKeys(input).map((key) => `${key.ctrl ? 'C-' : ''}${key.meta ? 'M-' : ''}${key.shift ? 'S-' : ''}${key.name}${key.text ? `:${key.text}` : ''}`);

test('a burst of characters is one key each, Enter among them', () => {
	assert.deepEqual(names('jj'), ['text:j', 'text:j']);
	assert.deepEqual(names('us-1\r'), ['text:u', 'text:s', 'text:-', 'text:1', 'return']);
	assert.deepEqual(names('\r\r'), ['return', 'return']);
});

test('CR LF and LF are line breaks (pasted), a lone CR is Enter', () => {
	assert.deepEqual(names('a\r\nb\n'), ['text:a', 'newline', 'text:b', 'newline']);
});

test('control characters are Ctrl and a letter; DEL and BS are Backspace; Tab is Tab', () => {
	assert.deepEqual(names('\u0001\u0005\u0015\u0017\u000B'), ['C-char:a', 'C-char:e', 'C-char:u', 'C-char:w', 'C-char:k']);
	assert.deepEqual(names('\u007F\b\t'), ['backspace', 'backspace', 'tab']);
});

test('escape sequences: arrows, Home/End in both spellings, Delete, modifiers, Alt-keys, Escape', () => {
	const cases: Array<[string, string]> = [
		['\u001B[A', 'up'],
		['\u001BOB', 'down'],
		['\u001B[H', 'home'],
		['\u001B[1~', 'home'],
		['\u001B[4~', 'end'],
		['\u001B[3~', 'delete'],
		['\u001B[1;5D', 'C-left'],
		['\u001B[1;3C', 'M-right'],
		['\u001B[1;2A', 'S-up'],
		['\u001Bb', 'M-char:b'],
		['\u001B\u007F', 'M-backspace'],
		['\u001B', 'escape'],
		['\u001B[Z', 'backtab'],
		['\u001B[15~', 'unknown'],
	];
	for (const [input, expected] of cases) assert.deepEqual(names(input), [expected], JSON.stringify(input));
});

test('C1 controls are dropped; other characters, wide or combined, are text', () => {
	assert.deepEqual(names('\u009Bé🎵'), ['text:é', 'text:🎵']);
});
