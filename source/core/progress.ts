// A task's counters, turned into throttled progress events. Loops call update() as often
// as they like; front ends get at most one event per interval, plus the final one.

import type {Counter, ProgressUnit, Report} from './events.js';

export type ProgressTracker = {
	update(counters: Partial<Record<ProgressUnit, Counter>>): void;
	finish(state: 'done' | 'failed', counters?: Partial<Record<ProgressUnit, Counter>>): void;
};

export function trackProgress(report: Report, step: string, task: string, unit: ProgressUnit, options: {intervalMs?: number; now?: () => number} = {}): ProgressTracker {
	const now = options.now ?? Date.now;
	const intervalMs = options.intervalMs ?? 100;
	const startedAt = now();
	let lastSent = -Infinity;
	let latest: Partial<Record<ProgressUnit, Counter>> = {};
	const send = (state: 'running' | 'done' | 'failed') => {
		const main = latest[unit] ?? {done: 0, total: null};
		report({type: 'progress', step, task, state, unit, done: main.done, total: main.total, counters: latest, elapsedMs: now() - startedAt});
	};
	return {
		update(counters) {
			latest = {...latest, ...counters};
			const time = now();
			if (time - lastSent >= intervalMs) {
				lastSent = time;
				send('running');
			}
		},
		finish(state, counters = {}) {
			latest = {...latest, ...counters};
			send(state);
		},
	};
}
