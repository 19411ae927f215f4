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
import {gate, heldAfter} from '../support/held-source.js';
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
		// The load holds after half its log files until a reading shows it mid-way (or 10 s
		// pass): on a fast machine the whole of staging_events takes less than a recording's interval.
		const held = gate();
		const letGo = setTimeout(held.open, 10_000);
		const watching = (async () => {
			while (loading) {
				const run = await latestLoadRun(observer);
				if (run) seen.push(run);
				if ((run?.tasks.find((task) => task.task === 'staging_events')?.counters.rows?.done ?? 0) > 0) held.open();
				await new Promise((resolve) => setTimeout(resolve, 20));
			}
		})();
		const result = await etlStep.run(ctx, {warehouse, source: heldAfter(localFolderSource(source), 'events', 180, held.opened)}, () => {}, new AbortController().signal);
		clearTimeout(letGo);
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

	test('a load that ends between the look at its row and the look at its lock is seen ended, not interrupted', async () => {
		const recorder = await recordLoadRun(warehouse, 'a load that ends while it is looked at', () => {}, noLog);
		const observer = await warehouse.connect();
		// The gap held open: the row has been read as 'running'; before the lock is probed,
		// the load writes 'done' and its session lets go of the lock.
		const query = observer.query.bind(observer) as (text: string, params?: unknown[]) => Promise<unknown>;
		let finished = false;
		const slowObserver = new Proxy(observer, {
			get(target, property, receiver) {
				if (property !== 'query') return Reflect.get(target, property, receiver);
				return async (text: string, params?: unknown[]) => {
					if (!finished && text.includes('pg_try_advisory_lock')) {
						finished = true;
						await recorder.finish('done');
					}
					return query(text, params);
				};
			},
		});
		try {
			const run = await latestLoadRun(slowObserver);
			assert.ok(finished, 'the probe ran after the row was read as running');
			assert.equal(run?.runId, recorder.runId);
			assert.equal(run?.status, 'done');
			assert.ok(run?.finishedAt, 'with the finish time of the second look');
		} finally {
			await observer.end();
		}
	});

	test('watch follows its own load by id: a newer load does not end it', async () => {
		const first = await recordLoadRun(warehouse, 'the watched load', () => {}, noLog);
		const frontEnd = recordingFrontEnd();
		const watching = watchCommand({target: 'local', databaseUrl: url}, watchIo(ctx, frontEnd), {pollMs: 20});
		// Wait until watch has started following, then start a newer load and end the first.
		while (!frontEnd.events.some((event) => event.type === 'step')) await new Promise((resolve) => setTimeout(resolve, 10));
		await new Promise((resolve) => setTimeout(resolve, 2));
		const second = await recordLoadRun(warehouse, 'a newer load', () => {}, noLog);
		await new Promise((resolve) => setTimeout(resolve, 100));
		assert.equal(frontEnd.outcomes.length, 0, 'still watching the first load while a newer one runs');
		await first.finish('done');
		const code = await watching;
		await second.finish('cancelled');
		assert.equal(code, 0);
		assert.equal(frontEnd.outcomes.at(-1)?.data.runId, first.runId);
		assert.equal(frontEnd.outcomes.at(-1)?.data.status, 'done');
	});

	test('a load with nothing to report still beats, so a long statement is not taken for a dead load', async () => {
		const recorder = await recordLoadRun(warehouse, 'a load inside one long statement', () => {}, noLog, {heartbeatMs: 50});
		const observer = await warehouse.connect();
		try {
			const first = await latestLoadRun(observer);
			await new Promise((resolve) => setTimeout(resolve, 300));
			const later = await latestLoadRun(observer);
			assert.equal(later?.runId, recorder.runId);
			assert.equal(later?.status, 'running');
			assert.ok(later!.updatedAt > first!.updatedAt, `updated_at moved without a progress event (${first?.updatedAt.toISOString()} → ${later?.updatedAt.toISOString()})`);
		} finally {
			await observer.end();
			await recorder.finish('done');
		}
	});

	test('watch calls a silent load stale, and says so', async () => {
		// A heartbeat slower than the test: the row stays as it was written.
		const recorder = await recordLoadRun(warehouse, 'a load that went silent', () => {}, noLog, {heartbeatMs: 3_600_000});
		const frontEnd = recordingFrontEnd();
		try {
			const code = await watchCommand({target: 'local', databaseUrl: url}, watchIo(ctx, frontEnd), {pollMs: 20, now: () => Date.now() + 10 * 60_000});
			assert.equal(code, 1);
			assert.equal(frontEnd.outcomes.at(-1)?.data.status, 'stale');
			assert.match(frontEnd.outcomes.at(-1)!.summary[0]!, /has not reported for 10m/);
		} finally {
			await recorder.finish('failed');
		}
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
