// Redshift's COPY loads names as they are, double encodings included ("BjÃƒÂ¶rk"), while
// the local loader repairs them on the way in. This repairs them on Redshift, after the
// COPYs and before the transforms, inside the load's transaction, by the same rule
// (mojibake.ts): read the few distinct values that could be double-encoded, repair them
// here, send the mapping over in one statement, and update staging from it. A constant
// number of round trips, whatever the number of events; only rows holding a repaired
// value are rewritten. Every statement is in the subset PostgreSQL runs too, which is how
// a test proves the two targets agree without a cluster.

import type pg from 'pg';
import {redshiftPortableSql as files} from '../warehouse/redshift-dialect.js';
import {sqlStatements} from '../warehouse/sql-files.js';
import {repairMojibake} from './mojibake.js';

type Queryable = Pick<pg.Client, 'query'>;

export type NameRepairResult = {
	/** Repaired values, one per field of an event (as the local loader counts them). */
	readonly values: number;
	/** Events with at least one repaired value. */
	readonly events: number;
	/** Distinct values read back because they hold a character outside ASCII. */
	readonly candidates: number;
	/** Distinct values that were double-encoded, and so were repaired. */
	readonly distinct: number;
	/** Round trips to the database this took. */
	readonly statements: number;
};

/** Pairs per INSERT: 2 bound parameters each, far below the protocol's 65,535, and ≤ 16 MB of text. */
const pairsPerStatement = 5_000;

/** The distinct raw values and their repairs, for the values that change. */
export function repairsOf(values: readonly string[]): Array<[raw: string, repaired: string]> {
	const pairs: Array<[string, string]> = [];
	for (const value of values) {
		const repaired = repairMojibake(value);
		if (repaired !== value) pairs.push([value, repaired]);
	}
	return pairs;
}

/** "INSERT … VALUES ($1, $2), ($3, $4)" for `count` pairs, from sql/redshift/repair/03_fill_map.sql. */
function fillStatement(count: number): string {
	const [head] = sqlStatements(files.repairFillMap);
	const tuples = Array.from({length: count}, (_, index) => `($${index * 2 + 1}, $${index * 2 + 2})`);
	return `${head} ${tuples.join(', ')}`;
}

/** Repairs double-encoded names in staging_events; call inside the load's transaction. */
export async function repairStagedNames(client: Queryable, {pairsPerInsert = pairsPerStatement} = {}): Promise<NameRepairResult> {
	let statements = 0;
	const run = async <T extends pg.QueryResultRow>(sql: string, params?: unknown[]) => {
		statements++;
		return client.query<T>(sql, params);
	};
	const [candidatesSql] = sqlStatements(files.repairCandidates);
	const candidates = (await run<{value: string}>(candidatesSql!)).rows.map((row) => row.value);
	const pairs = repairsOf(candidates);
	if (pairs.length === 0) return {values: 0, events: 0, candidates: candidates.length, distinct: 0, statements};

	for (const statement of sqlStatements(files.repairCreateMap)) await run(statement);
	for (let start = 0; start < pairs.length; start += pairsPerInsert) {
		const chunk = pairs.slice(start, start + pairsPerInsert);
		await run(fillStatement(chunk.length), chunk.flat());
	}
	const [tallySql] = sqlStatements(files.repairTally);
	const tally = (await run<{events: string | number; repaired_values: string | number | null}>(tallySql!)).rows[0];
	for (const statement of sqlStatements(files.repairApply)) await run(statement);
	return {
		values: Number(tally?.repaired_values ?? 0),
		events: Number(tally?.events ?? 0),
		candidates: candidates.length,
		distinct: pairs.length,
		statements,
	};
}
