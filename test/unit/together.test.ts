// Work side by side that succeeds or fails as one (core/together.ts): the load's two staging
// tables and its star's tables on two connections, the quality checks' two passes.

import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {CancelledError, throwIfCancelled} from '../../source/core/errors.js';
import {allOrNothing, onWorkers} from '../../source/core/together.js';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Work that takes `ms`, stopping early (CancelledError) when its signal aborts. */
const stoppable = (ms: number, log: string[], name: string) => async (signal: AbortSignal) => {
	for (let waited = 0; waited < ms; waited += 5) {
		throwIfCancelled(signal);
		await tick(5);
	}
	log.push(name);
	return name;
};

describe('allOrNothing', () => {
	test('runs every part at once and gives their results in order', async () => {
		const started: number[] = [];
		const at = Date.now();
		const results = await allOrNothing(
			[30, 10, 20].map((ms, index) => async () => {
				started.push(Date.now() - at);
				await tick(ms);
				return index;
			}),
			new AbortController().signal,
		);
		assert.deepEqual(results, [0, 1, 2]);
		assert.ok(
			started.every((ms) => ms < 10),
			`all started together: ${started}`,
		);
	});

	test('the first failure stops the others, is thrown once all have settled, and is the real one', async () => {
		const log: string[] = [];
		let settledBeforeThrow = false;
		const slow = async (signal: AbortSignal) => {
			try {
				return await stoppable(1000, log, 'slow')(signal);
			} finally {
				settledBeforeThrow = true;
			}
		};
		const failing = async () => {
			await tick(10);
			throw new Error('the server said no');
		};
		await assert.rejects(allOrNothing<string>([slow, failing], new AbortController().signal), /the server said no/);
		assert.equal(settledBeforeThrow, true, 'the stopped part had settled');
		assert.deepEqual(log, [], 'the slow part never finished');
	});

	test('an outer abort stops every part', async () => {
		const outer = new AbortController();
		const log: string[] = [];
		setTimeout(() => outer.abort(), 10);
		await assert.rejects(allOrNothing([stoppable(1000, log, 'a'), stoppable(1000, log, 'b')], outer.signal), CancelledError);
		assert.deepEqual(log, []);
	});
});

describe('onWorkers', () => {
	test('each worker takes the next job as it is free; results are in the jobs’ order', async () => {
		const byWorker: Record<string, number[]> = {a: [], b: []};
		const results = await onWorkers(
			['a', 'b'],
			[40, 10, 10, 10],
			async (worker, ms, signal) => {
				byWorker[worker]!.push(ms);
				await stoppable(ms, [], '')(signal);
				return ms * 2;
			},
			new AbortController().signal,
		);
		assert.deepEqual(results, [80, 20, 20, 20]);
		// The long job's worker is busy with it while the other does the three short ones.
		assert.deepEqual(byWorker, {a: [40], b: [10, 10, 10]});
	});

	test('no job starts after a failure, and the failure is thrown', async () => {
		const started: number[] = [];
		await assert.rejects(
			onWorkers(
				[1, 2],
				[0, 1, 2, 3, 4, 5],
				async (_worker, job, signal) => {
					started.push(job);
					if (job === 1) throw new Error('job 1 failed');
					await stoppable(20, [], '')(signal);
				},
				new AbortController().signal,
			),
			/job 1 failed/,
		);
		assert.deepEqual(started, [0, 1]);
	});

	test('an outer abort before the start runs nothing', async () => {
		const outer = new AbortController();
		outer.abort();
		const started: number[] = [];
		await assert.rejects(
			onWorkers([1], [0, 1], async (_worker, job) => void started.push(job), outer.signal),
			CancelledError,
		);
		assert.deepEqual(started, []);
	});
});
