// The arithmetic behind a progress row — bar, counter, rate, time left — checked as plain
// strings, so the table component only has to be tested for layout.

import assert from 'node:assert/strict';
import {test} from 'node:test';
import {formatAmount, formatCounter, formatEta, formatRate, progressBar, ratePerSecond} from '../../source/ui/progress-format.js';

/** Width in terminal cells: every glyph the bar uses is one cell wide. */
const cells = (text: string) => [...text].length;

test('a bar is always exactly `width` cells, whatever the fraction', () => {
	for (const width of [1, 7, 10, 20, 33]) {
		for (let done = -5; done <= 1005; done += 37) {
			const bar = progressBar(done, 1000, width);
			assert.equal(cells(bar), width, `progressBar(${done}, 1000, ${width}) = "${bar}"`);
			assert.match(bar, /^█*[▏▎▍▌▋▊▉]?░*$/, 'full blocks, at most one partial, then the track');
		}
	}
});

test('0%, 50% and 100% bars', () => {
	assert.equal(progressBar(0, 10, 10), '░░░░░░░░░░');
	assert.equal(progressBar(5, 10, 10), '█████░░░░░');
	assert.equal(progressBar(10, 10, 10), '██████████');
});

test('done beyond the total or below zero is clamped to a full or empty bar', () => {
	assert.equal(progressBar(15, 10, 10), '██████████');
	assert.equal(progressBar(-1, 10, 10), '░░░░░░░░░░');
});

test('a partial cell is drawn in eighths, rounded down', () => {
	// 1/16 of 10 cells = 0.625 cells = 5 eighths
	assert.equal(progressBar(1, 16, 10), '▋░░░░░░░░░');
	// 1/3 of 10 cells = 3.33 cells = 3 full cells and 2 eighths
	assert.equal(progressBar(1, 3, 10), '███▎░░░░░░');
	// 1/80 of 10 cells is exactly one eighth
	assert.equal(progressBar(1, 80, 10), '▏░░░░░░░░░');
	// Less than an eighth shows nothing yet
	assert.equal(progressBar(1, 1000, 20), '░'.repeat(20));
	// Just short of full never looks full
	assert.equal(progressBar(999, 1000, 20), `${'█'.repeat(19)}▉`);
});

test('an unknown or zero total draws an empty track of the same width', () => {
	assert.equal(progressBar(500, null, 12), '░'.repeat(12));
	assert.equal(progressBar(1, 0, 12), '░'.repeat(12));
});

test('formatCounter: rows (and other counted units) with and without a total', () => {
	assert.equal(formatCounter(8056, 8056, 'rows'), '8,056 / 8,056 rows');
	assert.equal(formatCounter(4028, 8056, 'rows'), '4,028 / 8,056 rows');
	assert.equal(formatCounter(42, null, 'rows'), '42 rows');
	assert.equal(formatCounter(1234567, null, 'events'), '1,234,567 events');
	assert.equal(formatCounter(3, 71, 'files'), '3 / 71 files');
});

test('formatCounter: bytes carry their own unit, with and without a total', () => {
	assert.equal(formatCounter(1258291, 3774873, 'bytes'), '1.2 MB / 3.6 MB');
	assert.equal(formatCounter(512, null, 'bytes'), '512 B');
	assert.equal(formatCounter(20 * 1024 * 1024, null, 'bytes'), '20 MB');
});

test('formatCounter: seconds are shown as durations, with and without a total', () => {
	assert.equal(formatCounter(90, null, 'seconds'), '1m 30s');
	assert.equal(formatCounter(30, 600, 'seconds'), '30.0 s / 10m 00s');
	assert.equal(formatAmount(0.5, 'seconds'), '500 ms');
});

test('ratePerSecond is undefined before 250 ms or before anything is done', () => {
	assert.equal(ratePerSecond(10, 100), undefined);
	assert.equal(ratePerSecond(10, 249), undefined);
	assert.equal(ratePerSecond(0, 5000), undefined);
	assert.equal(ratePerSecond(1, 250), 4);
	assert.equal(ratePerSecond(1000, 2000), 500);
});

test('formatRate per unit, and nothing when there is no rate or the unit is time', () => {
	assert.equal(formatRate(2000, 'rows'), '2,000/s');
	assert.equal(formatRate(1024 * 1024, 'bytes'), '1.0 MB/s');
	assert.equal(formatRate(undefined, 'rows'), '');
	assert.equal(formatRate(5, 'seconds'), '');
});

test('formatEta: time left at the current rate', () => {
	// Half done in 2 s: 2 s left.
	assert.equal(formatEta(4028, 8056, 2000), '2.0 s left');
	// 1 of 121 in 1 s: 120 s left.
	assert.equal(formatEta(1, 121, 1000), '2m 00s left');
	assert.equal(formatEta(10, 1010, 1000), '1m 40s left');
});

test('formatEta is empty when it cannot be told or there is nothing left', () => {
	assert.equal(formatEta(10, 100, 100), '', 'too early for a rate');
	assert.equal(formatEta(0, 100, 5000), '', 'nothing done yet');
	assert.equal(formatEta(10, null, 5000), '', 'unknown total');
	assert.equal(formatEta(100, 100, 5000), '', 'finished');
	assert.equal(formatEta(120, 100, 5000), '', 'past the total');
});

test('formatEta never shows 60 seconds in the seconds column', () => {
	// 1 of 120.6 done in 1 s: 119.6 s left.
	assert.equal(formatEta(1, 120.6, 1000), '2m 00s left');
});
