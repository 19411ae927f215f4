// Progress of work done by SQL statements: a statement says nothing while it runs, so its
// task's counters are re-sent meanwhile (the elapsed time moves, the plain printer has a
// heartbeat), and every check statement's number of checks is known before it runs.

import assert from 'node:assert/strict';
import {setTimeout as sleep} from 'node:timers/promises';
import {test} from 'node:test';
import type {StepEvent} from '../../source/core/events.js';
import {trackProgress} from '../../source/core/progress.js';
import {checkPasses} from '../../source/steps/check.js';
import {whileRunning} from '../../source/warehouse/statement-progress.js';

type ProgressEvent = Extract<StepEvent, {type: 'progress'}>;

test('while a statement runs, its task is re-sent with its counters; once it settles, nothing more', async () => {
	const events: ProgressEvent[] = [];
	const tracker = trackProgress((event) => events.push(event as ProgressEvent), 'etl', 'songplays', 'rows', {intervalMs: 0});
	const result = await whileRunning(
		tracker,
		{rows: {done: 0, total: null}},
		async () => {
			await sleep(120);
			return 'finished';
		},
		20,
	);
	assert.equal(result, 'finished');
	assert.ok(events.length >= 3, `${events.length} events while it ran`);
	assert.ok(events.every((event) => event.state === 'running' && event.task === 'songplays' && event.counters.rows?.done === 0));
	assert.ok(events.at(-1)!.elapsedMs > events[0]!.elapsedMs, 'the elapsed time moves');
	const settled = events.length;
	await sleep(60);
	assert.equal(events.length, settled, 'the ticker stops with the statement');
});

test('a failing statement stops the ticker too, and its error comes through', async () => {
	const events: ProgressEvent[] = [];
	const tracker = trackProgress((event) => events.push(event as ProgressEvent), 'check', 'checks: tables', 'checks', {intervalMs: 0});
	await assert.rejects(
		whileRunning(
			tracker,
			{checks: {done: 0, total: 3}},
			async () => {
				await sleep(30);
				throw new Error('canceling statement due to user request');
			},
			10,
		),
		/canceling statement/,
	);
	const settled = events.length;
	await sleep(40);
	assert.equal(events.length, settled);
});

test('every check statement announces as many checks as it names, so the total is known before it runs', () => {
	const passes = checkPasses();
	assert.ok(passes.length >= 2);
	for (const pass of passes) {
		const named = pass.statement.match(/SELECT\s+(?:CAST\()?'[^']+'/g) ?? [];
		assert.equal(pass.checks, named.length, pass.file);
		assert.match(pass.task, /^checks: [a-z_]+$/);
	}
	assert.equal(
		passes.reduce((sum, pass) => sum + pass.checks, 0),
		29,
		'the 29 checks of test/integration/quality-checks.test.ts',
	);
});
