// Redshift's COPY knows none of the record rules the local loader enforces (record-rules.ts):
// it would stage "008" next to "8" (two users rows with id 8: Redshift enforces no primary
// key), a NextSong event without a session (the songplays INSERT fails with a raw SQL error)
// or a level that is neither free nor paid. This pass applies the same rules to staging
// after the COPYs and before the name repair, inside the load's transaction: it counts the
// rows that break a rule, reads them for the rejected-records file, counts them with COPY's
// own rejections against --max-errors, and deletes them. At most three statements, whatever
// the number of events (sql/redshift/rules/), in the subset PostgreSQL runs too.

import type pg from 'pg';
import {UserError} from '../core/errors.js';
import {redshiftPortableSql as files} from '../warehouse/redshift-dialect.js';
import {sqlStatements} from '../warehouse/sql-files.js';
import {formatLoadError, type ErrorSink} from './error-sink.js';
import {checkValue, compileRules, ruleFailure, type Checked} from './record-rules.js';
import {eventColumns, type LoadError} from './records.js';

type Queryable = Pick<pg.Client, 'query'>;

/**
 * Every rule the SQL applies, named `<staging column>:<rule>` as sql/redshift/rules/*.sql names
 * it. A unit test derives the local loader's rules on events from eventColumns and requires a
 * twin here for each (field types COPY itself enforces excepted), so a new rule cannot be
 * forgotten on Redshift.
 */
export const stagedEventRules = ['ts:required', 'user_id:user_id', 'level:requiredWhen', 'level:oneOf', 'session_id:requiredWhen'] as const;

type StagedEventRule = (typeof stagedEventRules)[number];

/** One staged row that breaks a rule, as 02_rows.sql reads it. */
type BrokenRow = {broken_rule: StagedEventRule; ts: Date | string | null; user_id: string | null; session_id: number | null; level: string | null; page: string | null};

export type StagedRulesResult = {
	/** Rows deleted from staging_events, each reported as a rejected record. */
	readonly rejected: number;
	/** Rows per rule that broke it. */
	readonly byRule: Readonly<Partial<Record<StagedEventRule, number>>>;
	/** Round trips to the database this took (one when nothing breaks a rule, three otherwise). */
	readonly statements: number;
};

// Staging column names serve as the record's keys here: the rows come from the table.
const rules = compileRules(
	eventColumns.map((spec) => spec.column),
	eventColumns,
);

/** A staged TIMESTAMP as it is stored: the warehouse connection reads one as UTC (connection.ts). */
const storedTime = (ts: BrokenRow['ts']): string | null => (ts instanceof Date ? ts.toISOString() : ts);

/**
 * The rejected record for one staged row, its reason worded by record-rules.ts itself: if the
 * local rules would not reject the row the SQL picked, the two have drifted apart, and that
 * is a bug, not bad data.
 */
export function rejectedRecordOf(row: BrokenRow): LoadError {
	const column = row.broken_rule.slice(0, row.broken_rule.indexOf(':'));
	let reason: string | undefined;
	if (row.broken_rule === 'ts:required') reason = row.ts === null ? 'is missing or null but required' : undefined;
	else if (row.broken_rule === 'user_id:user_id') {
		const checked: Checked = {state: 'ok', number: Number.NaN, reason: ''};
		reason = checkValue(row.user_id, 'user_id', checked).state === 'invalid' ? checked.reason : undefined;
	} else {
		// Redshift compares page = 'NextSong' ignoring trailing spaces, as the songplays transform does.
		const broken = ruleFailure({level: row.level, page: row.page?.replace(/ +$/, '') ?? null, session_id: row.session_id}, rules);
		reason = broken?.field === column ? broken.reason : undefined;
	}
	if (reason === undefined)
		throw new Error(`The Redshift record rule ${row.broken_rule} picked a row the local rules accept (${JSON.stringify(row)}): sql/redshift/rules/ and record-rules.ts disagree.`);
	const where = `ts ${storedTime(row.ts) ?? 'null'}, user_id ${JSON.stringify(row.user_id)}, session_id ${row.session_id ?? 'null'}`;
	return {
		// Staging keeps no file or line: the rule and the row's own keys say which record it was.
		file: 'staging_events',
		line: 0,
		field: column,
		reason: `${reason} [rule ${row.broken_rule}; staged row ${where}]`,
		raw: JSON.stringify({ts: storedTime(row.ts), user_id: row.user_id, session_id: row.session_id, level: row.level, page: row.page}).slice(0, 200),
	};
}

/** A rules statement, with broken_rule.sql's CASE (the one definition of the rules in SQL) where it says :broken_rule. */
export function rulesStatement(file: string): string {
	const [statement] = sqlStatements(file);
	const [brokenRule] = sqlStatements(files.rulesBrokenRule);
	// A function, not a string: the CASE holds `$'`, which a replacement string would expand.
	return statement!.replaceAll(':broken_rule', () => `(${brokenRule!})`);
}

/**
 * Applies the record rules to staging_events; call inside the load's transaction, after the
 * COPYs. `copyRejected` is the rows COPY itself rejected (both tables): together with the
 * rows found here they may not pass `maxErrors`, or the load fails as the local one does.
 */
export async function applyStagedRules(client: Queryable, options: {maxErrors: number; copyRejected: number; sink: ErrorSink; reportFile: string}): Promise<StagedRulesResult> {
	let statements = 0;
	const run = async <T extends pg.QueryResultRow>(file: string) => {
		statements++;
		return client.query<T>(rulesStatement(file));
	};
	const counts = (await run<{broken_rule: StagedEventRule; breakers: string | number}>(files.rulesCount)).rows;
	const byRule: Partial<Record<StagedEventRule, number>> = {};
	for (const row of counts) byRule[row.broken_rule] = Number(row.breakers);
	const found = counts.reduce((total, row) => total + Number(row.breakers), 0);
	if (found === 0) return {rejected: 0, byRule, statements};

	const broken = (await run<BrokenRow>(files.rulesRows)).rows;
	for (const row of broken) options.sink.add(rejectedRecordOf(row));
	const total = options.copyRejected + found;
	if (total > options.maxErrors) {
		const first = options.sink.sample[0]!;
		throw new UserError(
			`The load stopped: ${total} bad record${total === 1 ? '' : 's'}, more than --max-errors ${options.maxErrors} allows (the first: ${formatLoadError(first)}).`,
			{
				hint: `Fix the source (the rejected records are in ${options.reportFile}), or allow them with --max-errors N.`,
				wizardHint: `Fix the source (the rejected records are in ${options.reportFile}), or allow them in Settings → Bad records tolerated.`,
				code: 'too_many_bad_records',
			},
		);
	}
	const deleted = (await run(files.rulesDelete)).rowCount ?? 0;
	if (deleted !== found) throw new Error(`The record rules counted ${found} rows in staging_events and deleted ${deleted}.`);
	return {rejected: found, byRule, statements};
}
