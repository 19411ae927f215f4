// The plain front end's output: events as lines of text on stderr (progress is diagnostics),
// outcomes on stdout. No cursor tricks, so logs and CI stay readable; progress is a line per
// task when it starts and ends, plus a heartbeat every few seconds while it runs.

import type {StepEvent} from '../core/events.js';
import type {Outcome} from '../core/front-end.js';
import {escapeControl, formatDuration} from '../core/format.js';
import {describeProgress} from './progress-text.js';
import {redact} from '../core/redact.js';

export type LinePrinter = {
	event(event: StepEvent): void;
	outcome(outcome: Outcome): void;
	line(text: string): void;
};

export function createLinePrinter(options: {
	out: NodeJS.WritableStream;
	err: NodeJS.WritableStream;
	heartbeatMs: number;
	verbose?: boolean;
	now?: () => number;
}): LinePrinter {
	const now = options.now ?? Date.now;
	const lastPrinted = new Map<string, number>();
	// Every line may carry text from the data (a rejected record, a file name): escaped here,
	// once, so no caller can forget it.
	const write = (text: string) => options.err.write(`${escapeControl(redact(text), {keepNewlines: true})}\n`);
	return {
		line: write,
		event(event) {
			switch (event.type) {
				case 'step': {
					const glyph = {pending: '○', running: '▶', done: '✔', skipped: '–', failed: '✖', cancelled: '⏸'}[event.status];
					if (event.status === 'running') write(`${glyph} ${event.title}…`);
					else write(`${glyph} ${event.title}${event.status === 'done' ? '' : ` (${event.status})`}${event.detail ? `: ${event.detail}` : ''}`);
					break;
				}
				case 'progress': {
					const key = `${event.step}/${event.task}`;
					const time = now();
					const previous = lastPrinted.get(key);
					if (event.state === 'running') {
						// Quick tasks get one line when they end; slow ones a heartbeat while they run.
						if (event.elapsedMs < options.heartbeatMs) return;
						if (previous !== undefined && time - previous < options.heartbeatMs) return;
						lastPrinted.set(key, time);
						write(`  … ${event.task}: ${describeProgress(event)}`);
					} else {
						lastPrinted.delete(key);
						const glyph = event.state === 'done' ? '✔' : '✖';
						write(`  ${glyph} ${event.task}: ${describeProgress(event)} in ${formatDuration(event.elapsedMs)}`);
					}
					break;
				}
				case 'log': {
					if (event.level === 'debug' && !options.verbose) return;
					const prefix = event.level === 'warn' ? 'warning: ' : event.level === 'error' ? 'error: ' : '';
					write(`  ${prefix}${event.message}`);
					break;
				}
			}
		},
		outcome(outcome) {
			for (const text of outcome.summary) options.out.write(`${escapeControl(redact(text), {keepNewlines: true})}\n`);
		},
	};
}
