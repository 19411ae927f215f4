// The one way to wait: Node's own abortable timer, so Ctrl-C ends a wait at once. Waits that
// poll (a cluster being created, a port opening, a load's progress) pass their step's
// signal, so cancelling never sits out the rest of a poll interval; the wait then rejects
// with CancelledError like any other cancelled work, and leaves no timer or listener behind.
// (warehouse/leases.ts uses the same timer directly: the watchdog runs that file on its own.)

import {setTimeout as timeout} from 'node:timers/promises';
import {CancelledError, isCancelled} from './errors.js';

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** Resolves after `ms`; rejects with CancelledError as soon as `signal` aborts (at once if it already has). */
export const sleep: Sleep = async (ms, signal) => {
	try {
		await timeout(ms, undefined, {signal});
	} catch (error) {
		throw isCancelled(error) ? new CancelledError() : error;
	}
};

/**
 * For a wait's `.catch()`: a cancellation becomes the step's own CancelledError (which says
 * what keeps going, and billed, in AWS); any other error passes through unchanged.
 */
export const cancelledAs =
	(stopped: () => CancelledError) =>
	(error: unknown): never => {
		throw isCancelled(error) ? stopped() : error;
	};
