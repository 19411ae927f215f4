// What a load's outcome ends with: the next steps that fit the warehouse, and the command
// line that repeats the load (quoted for the shell, a URL's password never printed).

import assert from 'node:assert/strict';
import {test} from 'node:test';
import {nextStepLines, nextSteps} from '../../source/commands/next-steps.js';

const base = {command: 'run', target: 'local', maxErrors: 0} as const;

test('nextSteps: local: analytics, sql, serve (not a port), watch; the run repeated with --yes', () => {
	const steps = nextSteps({...base, source: '/data/sparkify'});
	assert.deepEqual(
		steps.next.map((step) => step.command),
		['sparkify-dwh analytics', 'sparkify-dwh sql "SELECT COUNT(*) FROM users"', 'sparkify-dwh serve', 'sparkify-dwh watch'],
	);
	assert.equal(steps.repeat, 'sparkify-dwh run --source /data/sparkify --target local --yes');
	assert.deepEqual(nextStepLines(steps), [
		'Next:',
		'  questions       sparkify-dwh analytics',
		'  your query      sparkify-dwh sql "SELECT COUNT(*) FROM users"',
		'  psql, BI tools  sparkify-dwh serve',
		'  follow loads    sparkify-dwh watch',
		'This load again:',
		'  sparkify-dwh run --source /data/sparkify --target local --yes',
	]);
});

test('nextSteps: the generated sample repeats without --source; options given are repeated', () => {
	assert.equal(nextSteps(base).repeat, 'sparkify-dwh run --target local --yes');
	assert.equal(
		nextSteps({...base, command: 'etl', source: "/my data/it's", maxErrors: 10, acceptInvalidChars: '?', recreate: false}).repeat,
		`sparkify-dwh etl --source '/my data/it'\\''s' --target local --max-errors 10 --accept-invalid-chars '?' --yes`,
	);
	assert.match(nextSteps({...base, recreate: true}).repeat, / --recreate --yes$/);
});

test('nextSteps: Redshift: the commands name the target; connect, pause and teardown are offered; lines fit 80 columns', () => {
	const steps = nextSteps({...base, target: 'redshift', source: 's3://my-bucket/sparkify/', clusterId: 'sparkify-x'});
	const commands = steps.next.map((step) => step.command);
	assert.ok(commands.includes('sparkify-dwh analytics --target redshift'));
	assert.ok(commands.includes('sparkify-dwh pause') && commands.includes('sparkify-dwh teardown') && commands.includes('sparkify-dwh connect'));
	assert.ok(!commands.includes('sparkify-dwh serve'), 'serve is for the embedded warehouse');
	assert.equal(steps.repeat, 'sparkify-dwh run --source s3://my-bucket/sparkify/ --target redshift --cluster-id sparkify-x --yes');
	for (const line of nextStepLines(steps).slice(0, -1)) assert.ok(line.length <= 80, line);
});

test('nextSteps: a --database-url is repeated without its password', () => {
	const steps = nextSteps({...base, target: 'local', databaseUrl: 'postgres://me:hunter2@db.example:5432/dwh'});
	assert.doesNotMatch(JSON.stringify(steps), /hunter2/);
	assert.match(steps.repeat, /--database-url /);
	assert.doesNotMatch(steps.repeat, /--target/);
});

test('nextStepLines: a repeat line too long for 80 columns is broken before its options with \\, never cut', () => {
	const source = '/home/someone/projects/sparkify/a-rather-long-folder-name/sparkify-sample';
	const steps = nextSteps({...base, source, maxErrors: 25, acceptInvalidChars: '?'});
	const lines = nextStepLines(steps);
	const repeat = lines.slice(lines.indexOf('This load again:') + 1);
	assert.ok(repeat.length > 1, 'broken');
	for (const line of repeat.slice(0, -1)) assert.match(line, / \\$/, 'each piece but the last ends in a continuation');
	for (const line of repeat) assert.ok(line.length <= 80 || line.trim().split(/ (?=--)/).length === 1, `fits, unless one option alone is longer: ${line}`);
	// Joined as the shell joins them, the pieces are the command, whole.
	assert.equal(
		repeat
			.join('\n')
			.replace(/ \\\n\s+/g, ' ')
			.trim(),
		steps.repeat,
	);
});
