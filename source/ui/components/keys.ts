// What the terminal sent, as a list of keys. Ink hands over one string per escape sequence
// but leaves runs of ordinary bytes together: "jj", "12" or "us-east-1\r" typed faster than
// the program reads (a burst, type-ahead, tmux send-keys) arrive as one string. Splitting
// them here, one key per character, is what lets every key count, each in its turn.

type KeyName =
	| 'up'
	| 'down'
	| 'left'
	| 'right'
	| 'home'
	| 'end'
	| 'pageup'
	| 'pagedown'
	| 'return'
	| 'escape'
	| 'tab'
	| 'backtab'
	| 'backspace'
	| 'delete'
	/** A line break inside text (LF or CR LF): pasted, never the Enter key (which sends CR). */
	| 'newline'
	/** A printable character: `text` holds it. */
	| 'text'
	/** Text the terminal marked as pasted (bracketed paste): `text` holds it, line breaks and all. */
	| 'paste'
	/** A control character (`ctrl` set, `text` its letter) or an Alt-key (`meta` set). */
	| 'char'
	/** A sequence no key of ours stands for (a function key, a terminal reply). */
	| 'unknown';

export type Key = {
	readonly name: KeyName;
	/** For `text` the character, for `paste` the pasted text; for `char` the letter (Ctrl-A is `a` with `ctrl`). */
	readonly text: string;
	readonly ctrl: boolean;
	readonly meta: boolean;
	readonly shift: boolean;
};

const key = (name: KeyName, extra: Partial<Key> = {}): Key => ({name, text: '', ctrl: false, meta: false, shift: false, ...extra});

const csiFinal: Record<string, KeyName> = {A: 'up', B: 'down', C: 'right', D: 'left', H: 'home', F: 'end', Z: 'backtab'};
const csiTilde: Record<string, KeyName> = {'1': 'home', '7': 'home', '4': 'end', '8': 'end', '3': 'delete', '5': 'pageup', '6': 'pagedown'};

/** One escape sequence (Ink has split them apart already). */
function decodeEscape(sequence: string): Key {
	const body = sequence.replace(/^\u001B+/, '');
	const meta = sequence.startsWith('\u001B\u001B');
	if (body === '') return key('escape');
	// CSI (ESC [) and SS3 (ESC O): ESC [ 1 ; 5 C is Ctrl-→; the modifier is 1 + shift·1 + alt·2 + ctrl·4.
	const control = /^(?:\[|O)([\d;]*)([A-Za-z~])$/.exec(body);
	if (control) {
		const [, parameters = '', final = ''] = control;
		const [first = '', modifier = '1'] = parameters.split(';');
		const bits = Math.max(0, Number(modifier) - 1);
		const name = final === '~' ? csiTilde[first] : csiFinal[final];
		if (!name) return key('unknown');
		return key(name, {shift: (bits & 1) !== 0, meta: meta || (bits & 2) !== 0, ctrl: (bits & 4) !== 0});
	}
	if (body === '\r') return key('return', {meta: true});
	if (body === '\u007F' || body === '\b') return key('backspace', {meta: true});
	// Alt and one character (Alt-B, Alt-F, Alt-D): sent as ESC then the character.
	if ([...body].length === 1 && body >= ' ') return key('char', {text: body, meta: true});
	return key('unknown');
}

/** Everything that is not an escape sequence: one key per character, line breaks and controls included. */
function decodeText(input: string, keys: Key[]) {
	const characters = [...input];
	for (let index = 0; index < characters.length; index++) {
		const character = characters[index]!;
		const code = character.codePointAt(0)!;
		if (character === '\r' && characters[index + 1] === '\n') {
			keys.push(key('newline'));
			index++;
		} else if (character === '\r') keys.push(key('return'));
		else if (character === '\n') keys.push(key('newline'));
		else if (character === '\t') keys.push(key('tab'));
		else if (character === '\u007F' || character === '\b') keys.push(key('backspace'));
		else if (code === 0) keys.push(key('char', {text: ' ', ctrl: true}));
		else if (code < 0x20) keys.push(key('char', {text: String.fromCharCode(code + 0x60), ctrl: true}));
		else if (code < 0x80 || code > 0x9f) keys.push(key('text', {text: character}));
	}
}

/** The keys in one piece of input as Ink delivers it (an escape sequence, or a run of other bytes). */
export function decodeKeys(input: string): Key[] {
	if (input.startsWith('\u001B')) return [decodeEscape(input)];
	const keys: Key[] = [];
	decodeText(input, keys);
	return keys;
}

/** A paste, as one key. */
export const pasteKey = (text: string): Key => key('paste', {text});
