// What every ink-testing-library test needs: key codes, a pause long enough for a frame,
// the screen as plain text, and a way to press keys one after another.

import {stripVTControlCharacters} from 'node:util';
import type {render} from 'ink-testing-library';

export const keys = {
	up: '\u001B[A',
	down: '\u001B[B',
	right: '\u001B[C',
	left: '\u001B[D',
	enter: '\r',
	escape: '\u001B',
	backspace: '\u007F',
	ctrlC: '\u0003',
} as const;

/** Long enough for effects to subscribe to input, a lone Escape to flush (20 ms) and a frame to draw. */
export const tick = () => new Promise((resolve) => setTimeout(resolve, 50));

export type Instance = ReturnType<typeof render>;

/** The last frame as plain text (no colour codes). */
export const screen = (instance: Instance) => stripVTControlCharacters(instance.lastFrame() ?? '');
export const lines = (instance: Instance) => screen(instance).split('\n');
/** Terminal cells a line takes (one per character here: no wide characters are drawn). */
export const cells = (line: string) => [...line].length;

/** Sends each input after a tick, and waits a tick after the last. */
export async function press(instance: Instance, ...inputs: string[]) {
	for (const input of inputs) {
		await tick();
		instance.stdin.write(input);
	}
	await tick();
}

/** A callback that records the arguments of every call. */
export function recorder<Args extends unknown[]>() {
	const calls: Args[] = [];
	const fn = (...args: Args) => void calls.push(args);
	return Object.assign(fn, {calls});
}
