// The running time and cost so far: hours × the table's node price × nodes, counted from the
// creation or this tool's last resume, stopped at a pause; and when it warns.

import assert from 'node:assert/strict';
import {test} from 'node:test';
import {formatSpan, longRunningHours, runningCost, runningCostLines, runningCostNote} from '../../../source/aws/running-cost.js';

const created = new Date('2026-11-25T10:00:00Z');
const at = (iso: string) => Date.parse(iso);

test('running since creation: hours × node price × nodes, from the dated table', () => {
	const cost = runningCost({status: 'available', createdAt: created, nodeType: 'ra3.large', nodes: 2, now: at('2026-11-25T12:30:00Z')})!;
	assert.equal(cost.hours, 2.5);
	assert.equal(cost.dollarsPerNodeHour, 0.543);
	assert.ok(Math.abs(cost.dollarsSoFar! - 2.5 * 0.543 * 2) < 1e-9);
	assert.deepEqual([cost.running, cost.sinceWhat, cost.since, cost.longRunning], [true, 'created', '2026-11-25T10:00:00.000Z', false]);
	assert.deepEqual(runningCostLines(cost), [
		'running for 2 h 30 min, since it was created (2026-11-25 10:00 UTC)',
		'cost so far: about $2.72 (2 × ra3.large at $0.543 per node-hour; an estimate: on-demand list price of 2026-03-01, storage not included)',
	]);
	assert.equal(runningCostNote(cost), '2h30m ≈$2.72');
});

test('after a resume by this tool the stretch starts there; a resume from before the creation (another cluster) does not count', () => {
	const resumed = runningCost({status: 'available', createdAt: created, nodeType: 'ra3.xlplus', nodes: 1, resumedAt: '2026-11-26T09:00:00Z', now: at('2026-11-26T09:45:00Z')})!;
	assert.deepEqual([resumed.sinceWhat, resumed.hours, resumed.dollarsSoFar], ['resumed', 0.75, 0.75 * 1.086]);
	assert.match(runningCostLines(resumed)[0]!, /^running for 45 min, since it was resumed/);
	const stale = runningCost({status: 'available', createdAt: created, nodeType: 'ra3.large', nodes: 1, resumedAt: '2026-11-20T09:00:00Z', now: at('2026-11-25T11:00:00Z')})!;
	assert.deepEqual([stale.sinceWhat, stale.hours], ['created', 1]);
});

test('paused: no compute billed; what ran before the pause when the pause time is known', () => {
	const known = runningCost({status: 'paused', createdAt: created, nodeType: 'ra3.large', nodes: 1, pausedAt: '2026-11-25T13:00:00Z', now: at('2026-11-27T00:00:00Z')})!;
	assert.deepEqual([known.running, known.hours, known.longRunning], [false, 3, false], 'paused for days is not "running long"');
	assert.ok(Math.abs(known.dollarsSoFar! - 3 * 0.543) < 1e-9);
	assert.deepEqual(runningCostLines(known), [
		'paused: no compute is billed while it is paused (its storage still is)',
		'before the pause: 3 h 00 min since it was created (2026-11-25 10:00 UTC), about $1.63 (1 × ra3.large at $0.543 per node-hour; an estimate: on-demand list price of 2026-03-01, storage not included)',
	]);
	assert.equal(runningCostNote(known), 'no compute billed');
	const unknown = runningCost({status: 'paused', createdAt: created, nodeType: 'ra3.large', nodes: 1, now: at('2026-11-27T00:00:00Z')})!;
	assert.equal(unknown.hours, undefined);
	assert.equal(unknown.dollarsSoFar, undefined);
	assert.deepEqual(runningCostLines(unknown), ['paused: no compute is billed while it is paused (its storage still is)']);
});

test(`past ${longRunningHours} hours of running it warns, and the menu says so`, () => {
	const long = runningCost({status: 'available', createdAt: created, nodeType: 'ra3.large', nodes: 1, now: at('2026-11-25T14:01:00Z')})!;
	assert.equal(long.longRunning, true);
	assert.match(runningCostLines(long).at(-1)!, /^warning: running for more than 4 h — `sparkify-dwh pause` stops the compute bill/);
	assert.equal(runningCostNote(long), '4h01m ≈$2.18 ⚠');
	assert.equal(runningCostNote({...long, hours: 300, dollarsSoFar: 162.9}), '12d12h ≈$163 ⚠');
	const justUnder = runningCost({status: 'available', createdAt: created, nodeType: 'ra3.large', nodes: 1, now: at('2026-11-25T14:00:00Z')})!;
	assert.equal(justUnder.longRunning, false);
});

test('a node type the table lacks has a running time but no cost; no creation time, no figure at all', () => {
	const odd = runningCost({status: 'available', createdAt: created, nodeType: 'rg.large', nodes: 1, now: at('2026-11-25T11:00:00Z')})!;
	assert.equal(odd.dollarsSoFar, undefined);
	assert.match(runningCostLines(odd)[1]!, /^cost so far: unknown \(no price for rg\.large in the table\)$/);
	assert.equal(runningCost({status: 'available', createdAt: undefined, nodeType: 'ra3.large', nodes: 1, now: 0}), undefined);
});

test('spans read as minutes, hours and minutes, or days and hours', () => {
	assert.deepEqual([formatSpan(0), formatSpan(0.5), formatSpan(5 + 2 / 60), formatSpan(47.99), formatSpan(50)], ['0 min', '30 min', '5 h 02 min', '47 h 59 min', '2 d 2 h']);
});
