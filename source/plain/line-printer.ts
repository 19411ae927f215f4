// The plain front end's output: events as lines of text on stderr (progress is diagnostics),
// outcomes on stdout. No cursor tricks, so logs and CI stay readable; progress is a line per
// task when it starts and ends, plus a heartbeat every few seconds while it runs. A failed
// step's line waits for what comes next: when that is the command's failure with the same
// sentence, the step line names only the step, so the error is said once.

import type {StepEvent} from '../core/events.js';
import type {Outcome} from '../core/front-end.js';
import {escapeControl, formatDuration} from '../core/format.js';
import {describeProgress} from './progress-text.js';
import {redact} from '../core/redact.js';

export type LinePrinter = {
	event(event: StepEvent): void;
	outcome(outcome: Outcome): void;
	line(text: string): void;
	/** The command's failure sentence, after which its hint and details follow as lines. */
	failed(message: string): void;
};

// A command that ends without a word after a failed step still shows the step's reason: one
// 'exit' listener for every printer the process made.
const flushesOnExit = new Set<() => void>();
function flushOnExit(flush: () => void): void {
	if (flushesOnExit.size === 0) {
		process.once('exit', () => {
			for (const each of flushesOnExit) each();
		});
	}
	flushesOnExit.add(flush);
}

export function createLinePrinter(options: {out: NodeJS.WritableStream; err: NodeJS.WritableStream; heartbeatMs: number; verbose?: boolean; now?: () => number}): LinePrinter {
	const now = options.now ?? Date.now;
	const lastPrinted = new Map<string, number>();
	// Every line may carry text from the data (a rejected record, a file name): escaped here,
	// once, so no caller can forget it.
	const writeNow = (text: string) => options.err.write(`${escapeControl(redact(text), {keepNewlines: true})}\n`);
	let heldFailure: {head: string; detail: string} | undefined;
	const flush = () => {
		if (!heldFailure) return;
		writeNow(`${heldFailure.head}: ${heldFailure.detail}`);
		heldFailure = undefined;
	};
	const write = (text: string) => {
		flush();
		writeNow(text);
	};
	flushOnExit(flush);
	return {
		line: write,
		failed(message) {
			if (heldFailure && redact(heldFailure.detail) === redact(message)) {
				writeNow(heldFailure.head);
				heldFailure = undefined;
			}
			write(`✖ ${message}`);
		},
		event(event) {
			switch (event.type) {
				case 'step': {
					const glyph = {pending: '○', running: '▶', done: '✔', skipped: '–', failed: '✖', cancelled: '⏸'}[event.status];
					// Steps announced before they run: a line printer tells each as it starts.
					if (event.status === 'pending') return;
					if (event.status === 'running') write(`${glyph} ${event.title}…`);
					else if (event.status === 'failed' && event.detail) {
						flush();
						heldFailure = {head: `${glyph} ${event.title} (failed)`, detail: event.detail};
					} else write(`${glyph} ${event.title}${event.status === 'done' ? '' : ` (${event.status})`}${event.detail ? `: ${event.detail}` : ''}`);
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
			flush();
			for (const text of outcome.summary) options.out.write(`${escapeControl(redact(text), {keepNewlines: true})}\n`);
		},
	};
}
