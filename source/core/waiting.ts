// How long-running AWS waits poll: every few seconds, up to a limit, with the clock and the
// sleep injectable so tests can run a 15-minute wait in no time.

export type Waiting = {
	/** Milliseconds between polls. */
	readonly pollMs?: number;
	/** Give up after this long. */
	readonly maxWaitMs?: number;
	readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
	readonly now?: () => number;
};

/** Waits, but ends early when the signal fires, so Ctrl-C never waits out a poll interval. */
export const delay = (ms: number, signal?: AbortSignal) =>
	new Promise<void>((resolve) => {
		if (signal?.aborted) return resolve();
		const timer = setTimeout(() => {
			signal?.removeEventListener('abort', stop);
			resolve();
		}, ms);
		const stop = () => {
			clearTimeout(timer);
			resolve();
		};
		signal?.addEventListener('abort', stop, {once: true});
	});
