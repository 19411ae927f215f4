// Progress for work done by SQL statements (the transforms, the quality checks). A statement
// says nothing while it runs, so a task's counters are re-sent every second meanwhile: the
// front ends' elapsed time keeps moving and the plain printer's heartbeat has something to
// print. Which statement runs is the task's name; how many of how many, its counters.

import type {Counter, ProgressUnit} from '../core/events.js';
import type {ProgressTracker} from '../core/progress.js';

type Counters = Partial<Record<ProgressUnit, Counter>>;

/** Runs `work` with `counters` re-sent every `everyMs` until it settles. */
export async function whileRunning<T>(tracker: ProgressTracker, counters: Counters, work: () => Promise<T>, everyMs = 1000): Promise<T> {
	tracker.update(counters);
	const ticker = setInterval(() => tracker.update(counters), everyMs);
	try {
		return await work();
	} finally {
		clearInterval(ticker);
	}
}

/**
 * How many checks a check statement reports: one row per branch of its final UNION ALL.
 * Known before the statement runs, so the progress has a total; the check step holds the
 * statement to it when the rows come back.
 */
export function checksIn(statement: string): number {
	return statement.split(/\bUNION\s+ALL\b/i).length;
}
