// Times are shown as the user reads a clock: the local zone, named. Each case runs the
// formatter in a child with TZ set, so the zone is the process's own, as it is for a user.

import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import path from 'node:path';
import {test} from 'node:test';
import {formatLocalTime} from '../../source/core/format.js';

const format = path.resolve(import.meta.dirname, '..', '..', 'source', 'core', 'format.ts');

/** formatLocalTime(at) in a process whose TZ is `zone`. */
function inZone(zone: string, at: string): string {
	const script = `import {formatLocalTime} from ${JSON.stringify(format)}; process.stdout.write(formatLocalTime(${JSON.stringify(at)}));`;
	return execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {env: {...process.env, TZ: zone}, encoding: 'utf8'});
}

test('formatLocalTime: the process zone with its name, summer and winter', () => {
	assert.equal(inZone('Europe/Berlin', '2026-12-02T04:12:59.000Z'), '2026-12-02 05:12 CET');
	assert.equal(inZone('Europe/Berlin', '2026-07-02T04:12:00.000Z'), '2026-07-02 06:12 CEST');
	assert.equal(inZone('America/New_York', '2026-12-02T04:12:00.000Z'), '2026-12-01 23:12 EST', 'the date moves back across midnight');
	assert.equal(inZone('UTC', '2026-12-02T04:12:00.000Z'), '2026-12-02 04:12 UTC');
});

test('formatLocalTime: a zone without a short name reads as its offset; midnight is 00, not 24', () => {
	assert.equal(formatLocalTime('2026-12-02T04:12:00.000Z', {timeZone: 'Asia/Kolkata'}), '2026-12-02 09:42 GMT+5:30');
	assert.equal(formatLocalTime(new Date('2026-12-01T23:00:00.000Z'), {timeZone: 'Europe/Paris'}), '2026-12-02 00:00 CET');
});

test('formatLocalTime: short, for a menu row: the month by name, no year', () => {
	assert.equal(formatLocalTime('2026-12-02T04:12:00.000Z', {timeZone: 'Europe/Berlin', short: true}), 'Dec 2 05:12 CET');
});

test('formatLocalTime: text that is not a time is shown as it is', () => {
	assert.equal(formatLocalTime('not a time', {timeZone: 'UTC'}), 'not a time');
});
