// Work that runs side by side and succeeds or fails as one: the first failure stops the rest
// (their signal aborts), and nothing is reported until every part has settled, so whoever
// cleans up after a failure never races a part still writing.

import {isCancelled, throwIfCancelled} from './errors.js';

/** A signal that aborts with `outer` or when `stop` is called, whichever comes first. */
function linkedController(outer: AbortSignal): {signal: AbortSignal; stop: () => void} {
	const controller = new AbortController();
	const stop = () => controller.abort();
	if (outer.aborted) stop();
	else outer.addEventListener('abort', stop, {once: true});
	return {signal: controller.signal, stop};
}

/**
 * Runs every part at once. When one fails, the others are told to stop; once all have settled,
 * the first real failure is thrown (not a part's own "cancelled", caused by that stop).
 */
export async function allOrNothing<T>(parts: ReadonlyArray<(signal: AbortSignal) => Promise<T>>, outer: AbortSignal): Promise<T[]> {
	const {signal, stop} = linkedController(outer);
	const failures: unknown[] = [];
	const settled = await Promise.allSettled(
		parts.map(async (part) => {
			try {
				return await part(signal);
			} catch (error) {
				failures.push(error);
				stop();
				throw error;
			}
		}),
	);
	if (failures.length > 0) throw failures.find((error) => !isCancelled(error)) ?? failures[0];
	return settled.map((result) => (result as PromiseFulfilledResult<T>).value);
}

/**
 * Runs `jobs` in order on `workers` (one job at a time each), as allOrNothing: the first
 * failure stops the rest, and no job starts after it. Results are in the jobs' order.
 */
export async function onWorkers<W, J, T>(workers: readonly W[], jobs: readonly J[], run: (worker: W, job: J, signal: AbortSignal) => Promise<T>, outer: AbortSignal): Promise<T[]> {
	const results: T[] = new Array(jobs.length);
	let next = 0;
	await allOrNothing(
		workers.map((worker) => async (signal: AbortSignal) => {
			while (next < jobs.length) {
				throwIfCancelled(signal);
				const index = next++;
				results[index] = await run(worker, jobs[index]!, signal);
			}
		}),
		outer,
	);
	return results;
}
