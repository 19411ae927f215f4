// How long-running AWS waits poll: every few seconds, up to a limit, with the clock and the
// sleep injectable so tests can run a 15-minute wait in no time.

import type {Sleep} from './sleep.js';

export type Waiting = {
	/** Milliseconds between polls. */
	readonly pollMs?: number;
	/** Give up after this long. */
	readonly maxWaitMs?: number;
	/** core/sleep.ts's sleep unless a test gives its own (which should reject when the signal aborts). */
	readonly sleep?: Sleep;
	readonly now?: () => number;
};
