// What every ink-testing-library test needs: key codes, a pause long enough for a frame,
// the screen as plain text, and a way to press keys one after another.

import {stripVTControlCharacters} from 'node:util';
import type {render} from 'ink-testing-library';
import {keysWaiting} from '../../source/ui/components/use-keys.js';

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

/**
 * Waits a tick, then until no key waits for a screen to take it and no frame has come for a
 * tick (on a busy machine a screen's input can start listening well after it was drawn).
 */
export async function settle(instance: Instance, limitMs = 3000) {
	await tick();
	const deadline = Date.now() + limitMs;
	let frames = instance.frames.length;
	while (Date.now() < deadline) {
		await new Promise((resolve) => setTimeout(resolve, 25));
		if (keysWaiting()) continue;
		if (instance.frames.length === frames) {
			await new Promise((resolve) => setTimeout(resolve, 25));
			if (instance.frames.length === frames && !keysWaiting()) return;
		}
		frames = instance.frames.length;
	}
}

/** Sends each input once the screen has settled, and lets it settle after the last. */
export async function press(instance: Instance, ...inputs: string[]) {
	for (const input of inputs) {
		await settle(instance);
		instance.stdin.write(input);
	}
	await settle(instance);
}

/** A callback that records the arguments of every call. */
export function recorder<Args extends unknown[]>() {
	const calls: Args[] = [];
	const fn = (...args: Args) => void calls.push(args);
	return Object.assign(fn, {calls});
}
