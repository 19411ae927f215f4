// Both targets hold the same rows. The local path (our loader, which repairs double-encoded
// names on the way in) and the Redshift path (its own statements: DELETE to empty, the
// name repair after the COPYs, the shared transforms) run on the embedded PostgreSQL; only
// Redshift's COPY is replaced, by a plain reading that loads the rows as COPY would, names
// unrepaired. Every star table's content digest must then be equal, on the real sample, on
// generated data, and on names spelled every odd way we know.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {before, describe, test} from 'node:test';
import type pg from 'pg';
import {noLog} from '../../source/core/log.js';
import {localFolderSource} from '../../source/etl/source.js';
import {copyThenRepair, etlStep, loadInTransaction, type EtlResult} from '../../source/steps/etl.js';
import type {Warehouse} from '../../source/warehouse/connection.js';
import {sampleData} from '../support/paths.js';
import {copyLikeRedshift} from '../support/redshift-copy.js';
import {stagingDigests, starDigests, type Digest, type StarDigests} from '../support/star-digest.js';
import {generatedWithOddSpellings} from '../support/odd-spellings.js';
import {warehouseWithTables} from '../support/warehouse.js';
import {copyRejects, generatedWithRuleBreakers, ruleBreakers} from '../support/rule-breakers.js';
import {makeTempDir} from '../support/tmp.js';
import {UserError} from '../../source/core/errors.js';

const signal = new AbortController().signal;

type PathResult = {
	digests: StarDigests;
	staging: {staging_events: Digest; staging_songs: Digest};
	repaired: EtlResult['repaired'];
	match: EtlResult['match'];
	rejected: EtlResult['rejected'];
	loads: EtlResult['staging'];
	/** Rows of users with id 8: "008" beside "8" must not make two. */
	users8: number;
};

async function users8(client: pg.Client): Promise<number> {
	return (await client.query<{rows: number}>('SELECT COUNT(*)::int AS rows FROM users WHERE user_id = 8')).rows[0]!.rows;
}

async function localPath(root: string, {maxErrors = 0} = {}): Promise<PathResult> {
	const {ctx, warehouse} = await warehouseWithTables('agree_local');
	try {
		const result = await etlStep.run(ctx, {warehouse, source: localFolderSource(root), maxErrors}, () => {}, signal);
		return await withClient(warehouse, async (client) => ({
			digests: await starDigests(client),
			staging: await stagingDigests(client),
			repaired: result.repaired,
			match: result.match,
			rejected: result.rejected,
			loads: result.staging,
			users8: await users8(client),
		}));
	} finally {
		await warehouse.close();
	}
}

/**
 * The Redshift path's statements on PostgreSQL, the COPY replaced; `repair: false` leaves
 * staging as COPY loads it (no record rules, no name repair).
 */
async function redshiftPath(root: string, {repair = true, maxErrors = 0} = {}): Promise<PathResult> {
	const {warehouse} = await warehouseWithTables('agree_redshift');
	const reportFile = path.join(makeTempDir('agree-redshift-runs'), 'rejected.ndjson');
	try {
		return await withClient(warehouse, async (client) => {
			await client.query('BEGIN');
			const copy = () => copyLikeRedshift(client, root);
			const stage = repair
				? () => copyThenRepair(client, noLog, copy, {maxErrors, reportFile})
				: async () => {
						const copied = await copy();
						return {
							staging: copied.staging,
							rejected: {count: copied.rejected.length, sample: copied.rejected, file: undefined},
							repaired: {values: 0, events: 0},
							jsonPaths: 'source' as const,
						};
					};
			try {
				const {staged, match} = await loadInTransaction(client, 'redshift', stage, () => {}, signal);
				await client.query('COMMIT');
				return {
					digests: await starDigests(client),
					staging: await stagingDigests(client),
					repaired: staged.repaired,
					match,
					rejected: staged.rejected,
					loads: staged.staging,
					users8: await users8(client),
				};
			} catch (error) {
				await client.query('ROLLBACK');
				throw error;
			}
		});
	} finally {
		await warehouse.close();
	}
}

async function withClient<T>(warehouse: Warehouse, work: (client: pg.Client) => Promise<T>): Promise<T> {
	const client = await warehouse.connect();
	try {
		return await work(client);
	} finally {
		await client.end();
	}
}

for (const dataset of [
	{name: 'the real sample', root: async () => sampleData, repairChangesTheStar: false},
	{name: 'generated data with names spelled every way', root: generatedWithOddSpellings, repairChangesTheStar: true},
]) {
	describe(`both targets agree on ${dataset.name}`, () => {
		let local: PathResult;
		let redshift: PathResult;
		let root: string;
		before(async () => {
			root = await dataset.root();
			local = await localPath(root);
			redshift = await redshiftPath(root);
			assert.equal(local.rejected.count, 0, 'the proof data loads whole');
			assert.equal(redshift.rejected.count, 0, 'the proof data loads whole');
			if (process.env.SPARKIFY_PRINT_DIGESTS) console.log(JSON.stringify({dataset: dataset.name, local, redshift}, null, 1));
		});

		test('every star table has the same content digest', () => {
			assert.deepEqual(redshift.digests, local.digests);
			for (const {rows} of Object.values(local.digests)) assert.ok(rows > 0);
		});

		test('staging holds the same rows too', () => {
			assert.deepEqual(redshift.staging, local.staging);
		});

		test('the repair is counted as the local loader counts it, and finds something to repair', () => {
			assert.deepEqual(redshift.repaired, local.repaired);
			assert.ok(local.repaired.values > 0);
		});

		test('the match rate is the same', () => {
			assert.deepEqual(redshift.match, local.match);
		});

		test('without the repair the Redshift path would differ: this data exercises it', async () => {
			const unrepaired = await redshiftPath(root, {repair: false});
			assert.notEqual(unrepaired.staging.staging_events.sha256, local.staging.staging_events.sha256);
			// The sample's 71 songs match one play, and none of the plays with a repaired name:
			// there the repair changes staging and no star table. Generated data matches them.
			if (dataset.repairChangesTheStar) {
				assert.notEqual(unrepaired.digests.songplays.sha256, local.digests.songplays.sha256);
				assert.notEqual(unrepaired.digests.users.sha256, local.digests.users.sha256);
				assert.ok(unrepaired.match.matched < local.match.matched);
			} else {
				assert.deepEqual(unrepaired.digests, local.digests);
			}
		});
	});
}

describe('on the real sample', () => {
	test('the repair has the published figures: 346 values in 326 events', async () => {
		const {repaired} = await redshiftPath(sampleData);
		assert.deepEqual(repaired, {values: 346, events: 326});
	});
});

describe('both targets reject the records that break a record rule, and agree on the rest', () => {
	let root: string;
	let local: PathResult;
	let redshift: PathResult;
	const maxErrors = ruleBreakers.length;
	before(async () => {
		root = await generatedWithRuleBreakers();
		local = await localPath(root, {maxErrors});
		redshift = await redshiftPath(root, {maxErrors});
	});

	test('the same number of records is rejected, each rule at least once', () => {
		assert.equal(local.rejected.count, ruleBreakers.length);
		assert.equal(redshift.rejected.count, local.rejected.count);
		// Per table too: the rows a rule deleted count as staging_events' rejections.
		const counts = (loads: PathResult['loads']) => loads.map(({table, rows, rejected}) => ({table, rows, rejected}));
		assert.deepEqual(counts(redshift.loads), counts(local.loads));
	});

	test('every star table has the same content digest, and staging the same rows', () => {
		assert.deepEqual(redshift.digests, local.digests);
		assert.deepEqual(redshift.staging, local.staging);
		assert.deepEqual(redshift.match, local.match);
	});

	test('the rejected-records file names each rule and the staged row it took out', () => {
		const file = redshift.rejected.file;
		assert.ok(file, 'a rejected-records file is written');
		const lines = fs
			.readFileSync(file, 'utf8')
			.trim()
			.split('\n')
			.map((line) => JSON.parse(line) as {file: string; field?: string; reason: string; raw: string});
		assert.equal(lines.length, ruleBreakers.length);
		// COPY's own rejection (the missing ts) with its file and line, then one line per rule breaker.
		assert.equal(lines.filter((line) => line.file.endsWith('rule-breakers.json')).length, copyRejects);
		const named = lines
			.filter((line) => line.file === 'staging_events')
			.map((line) => /\[rule (\S+);/.exec(line.reason)?.[1])
			.sort();
		assert.deepEqual(
			named,
			ruleBreakers
				.filter((breaker) => breaker.rule !== 'ts:required')
				.map((breaker) => breaker.rule)
				.sort(),
		);
		const leadingZeros = lines.find((line) => line.raw.includes('"user_id":"008"'));
		assert.ok(leadingZeros, 'the "008" row is shown');
		assert.match(
			leadingZeros.reason,
			/should be a user id .* is string "008" \[rule user_id:user_id; staged row ts 2018-11-07T10:00:\d\d\.000Z, user_id "008", session_id 88888\]/,
		);
	});

	test('"008" beside "8" leaves one user 8, on both paths', () => {
		assert.equal(redshift.users8, 1);
		assert.equal(local.users8, 1);
	});

	test('one record more than --max-errors allows fails both paths with the same error', async () => {
		const failure = (error: unknown) => {
			assert.ok(error instanceof UserError);
			assert.equal(error.code, 'too_many_bad_records');
			assert.match(error.message, new RegExp(`^The load stopped: ${ruleBreakers.length} bad records, more than --max-errors ${maxErrors - 1} allows`));
			return true;
		};
		await assert.rejects(localPath(root, {maxErrors: maxErrors - 1}), failure);
		await assert.rejects(redshiftPath(root, {maxErrors: maxErrors - 1}), failure);
	});

	test('without the rules pass the Redshift path would stage "008" as a second user 8', async () => {
		const {warehouse} = await warehouseWithTables('agree_rules_raw');
		try {
			await withClient(warehouse, async (client) => {
				await client.query('BEGIN');
				await copyLikeRedshift(client, root);
				const {rows} = await client.query<{spellings: number}>("SELECT COUNT(DISTINCT user_id)::int AS spellings FROM staging_events WHERE user_id IN ('8', '008', '00')");
				assert.equal(rows[0]!.spellings, 3);
				await client.query('ROLLBACK');
			});
		} finally {
			await warehouse.close();
		}
	});
});
