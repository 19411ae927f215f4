// How the `sql` command's ending reads on the query screen. The command's own words point at
// its flags (--write, --timeout), which the screen does not have: the screen only reads, so
// those refusals are said in its terms, with the command line as the way to go further.

import type {Ran} from '../commands/registry.js';
import {exitCodes} from '../commands/exit-codes.js';
import type {QueryOutcome} from '../ui/actions.js';
import type {FailureView} from '../ui/store.js';

const inAppWords: Readonly<Record<string, {readonly message?: string; readonly hint: string}>> = {
	read_only: {
		message: 'The query would change the warehouse, and the query screen only reads.',
		hint: 'To change data, run it on the command line: sparkify-dwh sql "…" --write (it asks first).',
	},
	multiple_statements: {
		message: 'The query screen runs one statement at a time, so that nothing can leave its read-only transaction.',
		hint: 'Run each statement on its own.',
	},
	query_timeout: {hint: 'Narrow the query (a WHERE, a LIMIT), or run it on the command line with a larger limit: sparkify-dwh sql "…" --timeout SECONDS.'},
};

/** The outcome of one `sql` run for the screen, from how it ended and the failure it reported. */
export function queryOutcome(ran: Ran<'sql'>, failure: FailureView | undefined): QueryOutcome {
	if (ran.exit === exitCodes.ok && ran.result && !('declined' in ran.result)) return {kind: 'answer', result: ran.result};
	if (ran.exit === exitCodes.cancelled || failure?.code === 'cancelled') return {kind: 'cancelled'};
	if (!failure) return {kind: 'failed', message: `The query ended with exit code ${ran.exit} and said nothing more.`, hint: 'Run it again; if it keeps happening, it is a bug.'};
	const words = failure.code ? inAppWords[failure.code] : undefined;
	const hint = words?.hint ?? failure.hint;
	return {
		kind: 'failed',
		message: words?.message ?? failure.message,
		...(hint ? {hint} : {}),
		// The log is for a bug; the server's answer to a query says all there is.
		...(failure.logFile ? {logFile: failure.logFile} : {}),
	};
}
