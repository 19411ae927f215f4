// A load records its progress in load_runs as it goes, visible to another connection
// while the load's own transaction is still open; `watch` follows it from there.

import assert from 'node:assert/strict';
import {after, before, describe, test} from 'node:test';
import pg from 'pg';
import {watchCommand} from '../../source/commands/watch.js';
import type {Context} from '../../source/core/context.js';
import {localFolderSource} from '../../source/etl/source.js';
import {etlStep} from '../../source/steps/etl.js';
import type {Warehouse} from '../../source/warehouse/connection.js';
import {latestLoadRun, recordLoadRun, type LoadRun} from '../../source/warehouse/load-runs.js';
import {noLog} from '../../source/core/log.js';
import {sampleData} from '../support/paths.js';
import {sampleWithRepeatedLogs} from '../support/tmp.js';
import {recordingFrontEnd} from '../support/front-end.js';
import {warehouseWithTables} from '../support/warehouse.js';
import type {FrontEnd} from '../../source/core/front-end.js';
import type {CommandIo} from '../../source/commands/registry.js';

/** What dispatch gives a command; called directly here, for its polling interval. */
function watchIo(ctx: Context, frontEnd: FrontEnd): CommandIo<Record<string, unknown>> {
	return {ctx, frontEnd, signal: new AbortController().signal, write: () => {}, json: false, outcome: (outcome) => frontEnd.outcome({command: 'watch', ...outcome})};
}

describe('following a load from another connection', () => {
	let url: string;
	let warehouse: Warehouse;
	let ctx: Context;
	let source: string;

	before(async () => {
		({url, ctx, warehouse} = await warehouseWithTables('watch'));
		source = sampleWithRepeatedLogs(sampleData, 12);
	});
	after(async () => warehouse.close());

	test('the running load is visible, with growing counters, then done', async () => {
		const observer = new pg.Client({connectionString: url});
		await observer.connect();
		const seen: LoadRun[] = [];
		let loading = true;
		const watching = (async () => {
			while (loading) {
				const run = await latestLoadRun(observer);
				if (run) seen.push(run);
				await new Promise((resolve) => setTimeout(resolve, 20));
			}
		})();
		const result = await etlStep.run(ctx, {warehouse, source: localFolderSource(source)}, () => {}, new AbortController().signal);
		loading = false;
		await watching;
		const final = await latestLoadRun(observer);
		await observer.end();

		const running = seen.filter((run) => run.status === 'running');
		assert.ok(running.length > 0, 'the load was seen running');
		const eventsRows = running.map((run) => run.tasks.find((task) => task.task === 'staging_events')?.counters.rows?.done ?? 0);
		assert.ok(
			eventsRows.some((rows) => rows > 0 && rows < result.staging[1]!.rows),
			'a reading mid-way through staging_events',
		);
		assert.deepEqual(
			[...eventsRows].sort((a, b) => a - b),
			eventsRows,
			'counters only grow',
		);
		assert.equal(final?.status, 'done');
		assert.equal(final?.source, source);
		assert.equal(final?.tasks.find((task) => task.task === 'songplays')?.done, result.star.songplays);
	});

	test('a cancelled load is recorded as cancelled', async () => {
		const controller = new AbortController();
		await assert.rejects(
			etlStep.run(
				ctx,
				{warehouse, source: localFolderSource(source)},
				(event) => {
					if (event.type === 'progress' && event.task === 'staging_events') controller.abort();
				},
				controller.signal,
			),
		);
		const client = await warehouse.connect();
		const run = await latestLoadRun(client);
		await client.end();
		assert.equal(run?.status, 'cancelled');
	});

	test('watch follows a load started elsewhere until it ends', async () => {
		const frontEnd = recordingFrontEnd();
		const load = etlStep.run(ctx, {warehouse, source: localFolderSource(source)}, () => {}, new AbortController().signal);
		// Let the load register itself before watching.
		const client = await warehouse.connect();
		while ((await latestLoadRun(client))?.status !== 'running') await new Promise((resolve) => setTimeout(resolve, 10));
		await client.end();
		const code = await watchCommand({target: 'local', databaseUrl: url}, watchIo(ctx, frontEnd), {pollMs: 20});
		const result = await load;
		assert.equal(code, 0);
		assert.equal(frontEnd.outcomes.at(-1)?.data.status, 'done');
		const progress = frontEnd.events.filter((event) => event.type === 'progress');
		assert.ok(progress.length > 0);
		const songplays = progress.filter((event) => event.type === 'progress' && event.task === 'songplays').at(-1);
		assert.ok(songplays?.type === 'progress' && songplays.done === result.star.songplays);
	});

	test('watch with nothing running says when the last load ended', async () => {
		const frontEnd = recordingFrontEnd();
		const code = await watchCommand({target: 'local', databaseUrl: url}, watchIo(ctx, frontEnd));
		assert.equal(code, 0);
		assert.match(frontEnd.outcomes[0]!.summary[0]!, /^No load is running\. The last one finished at \d{4}-/);
	});

	test('a load whose process is gone shows as interrupted, not running', async () => {
		// A recorder that never finishes: its session holds the run's lock until it closes.
		const recorder = await recordLoadRun(warehouse, 'a load that will be killed', () => {}, noLog);
		const observer = await warehouse.connect();
		try {
			assert.equal((await latestLoadRun(observer))?.status, 'running', 'its session is alive: running');
			assert.equal((await latestLoadRun(observer))?.status, 'running', 'looking twice does not take the lock from it');
			// The recording session ends without a word, as it does when the process is killed.
			const [{pid}] = (
				await observer.query<{pid: number}>(
					"SELECT pid FROM pg_stat_activity WHERE application_name = 'sparkify-dwh' AND query LIKE '%load_runs%' AND pid <> pg_backend_pid() ORDER BY backend_start DESC LIMIT 1",
				)
			).rows as [{pid: number}];
			await observer.query('SELECT pg_terminate_backend($1)', [pid]);
			let run = await latestLoadRun(observer);
			for (let tries = 0; run?.status === 'running' && tries < 100; tries++) {
				await new Promise((resolve) => setTimeout(resolve, 20));
				run = await latestLoadRun(observer);
			}
			assert.equal(run?.runId, recorder.runId);
			assert.equal(run?.status, 'interrupted');
		} finally {
			await observer.end();
			await recorder.finish('failed').catch(() => {});
		}
	});
});
