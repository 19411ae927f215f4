import assert from 'node:assert/strict';
import {PassThrough} from 'node:stream';
import {test} from 'node:test';
import type {StepEvent} from '../../source/core/events.js';
import {createLinePrinter} from '../../source/plain/line-printer.js';
import {describeProgress} from '../../source/plain/progress-text.js';

type Progress = Extract<StepEvent, {type: 'progress'}>;
const progress = (overrides: Partial<Progress>): Progress => ({
	type: 'progress',
	step: 'etl',
	task: 'staging_events',
	state: 'running',
	unit: 'bytes',
	done: 0,
	total: 4_000_000,
	counters: {},
	elapsedMs: 0,
	...overrides,
});

function capture() {
	const err = new PassThrough();
	const out = new PassThrough();
	let text = '';
	err.on('data', (chunk: Buffer) => (text += chunk.toString()));
	let clock = 0;
	const printer = createLinePrinter({out, err, heartbeatMs: 1000, now: () => clock});
	return {printer, lines: () => text.trim().split('\n').filter(Boolean), advance: (ms: number) => (clock += ms)};
}

test('a running load reads as percentages and counts; a finished one as totals', () => {
	const running = progress({
		done: 1_800_000,
		counters: {files: {done: 12, total: 30}, bytes: {done: 1_800_000, total: 4_000_000}, rows: {done: 3200, total: null}},
		elapsedMs: 1000,
	});
	assert.equal(describeProgress(running), '45% of 3.8 MB, 12/30 files, 3,200 rows, 3,200 rows/s');
	const done = progress({state: 'done', unit: 'rows', done: 315, total: 315, counters: {rows: {done: 315, total: 315}}, elapsedMs: 3});
	assert.equal(describeProgress(done), '315 rows');
});

test('quick tasks print one line when they end; slow ones a heartbeat a second', () => {
	const {printer, lines, advance} = capture();
	// (lines() trims the text, so the first line loses its indent.)
	printer.event(progress({task: 'artists', unit: 'rows', total: null, elapsedMs: 0}));
	printer.event(progress({task: 'artists', unit: 'rows', state: 'done', done: 69, total: 69, elapsedMs: 4}));
	assert.deepEqual(lines(), ['✔ artists: 69 rows in 4 ms']);
	for (let tick = 1; tick <= 25; tick++) {
		advance(100);
		printer.event(progress({done: tick * 100_000, elapsedMs: tick * 100}));
	}
	const heartbeats = lines().filter((line) => line.startsWith('  … staging_events'));
	assert.equal(heartbeats.length, 2, lines().join('\n'));
});

test('an error is said once: a failed step followed by the same sentence names only the step', () => {
	const {printer, lines} = capture();
	printer.event({type: 'step', step: 'etl', status: 'running', title: 'Load the data'});
	printer.event({type: 'step', step: 'etl', status: 'failed', title: 'Load the data', detail: 'The load stopped: 2 bad records.'});
	printer.failed('The load stopped: 2 bad records.');
	printer.line('  What to do: fix them.');
	assert.deepEqual(lines(), ['▶ Load the data…', '✖ Load the data (failed)', '✖ The load stopped: 2 bad records.', '  What to do: fix them.']);
});

test('a failed step keeps its reason when what follows is something else', () => {
	const {printer, lines} = capture();
	printer.event({type: 'step', step: 'check', status: 'failed', title: 'Check data quality', detail: '27 of 29 passed'});
	printer.outcome({command: 'check', ok: false, data: {}, summary: []});
	printer.failed('Another sentence.');
	assert.deepEqual(lines(), ['✖ Check data quality (failed): 27 of 29 passed', '✖ Another sentence.']);
});
