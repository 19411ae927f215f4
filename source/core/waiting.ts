// How long-running AWS waits poll: every few seconds, up to a limit, with the clock and the
// sleep injectable so tests can run a 15-minute wait in no time.

export type Waiting = {
	/** Milliseconds between polls. */
	readonly pollMs?: number;
	/** Give up after this long. */
	readonly maxWaitMs?: number;
	readonly sleep?: (ms: number) => Promise<void>;
	readonly now?: () => number;
};

export const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
