// The analytics renderers (tables, bars, CSV) and the question-file rules, without a database.

import assert from 'node:assert/strict';
import {test} from 'node:test';
import {parseQuestion} from '../../source/analytics/questions.js';
import {bar, formatBarChart, formatTable, toCsv, truncate} from '../../source/analytics/render.js';
import {answersCsv, answersSummary} from '../../source/commands/analytics.js';
import {UserError} from '../../source/core/errors.js';

const width = (line: string) => [...line].length;
/** A bar's length in eighths of a character, read back from its blocks. */
const eighthsOf = (line: string) => {
	const blocks = /[█▏▎▍▌▋▊▉]+/.exec(line)?.[0] ?? '';
	return [...blocks].reduce((sum, char) => sum + (char === '█' ? 8 : ' ▏▎▍▌▋▊▉'.indexOf(char)), 0);
};

test('a table aligns text left and numbers right, with thousands separators', () => {
	const lines = formatTable(
		['user_id', 'name', 'plays', 'share'],
		[
			{user_id: 1024, name: 'Chloe Cuevas', plays: 1229, share: 18.25},
			{user_id: 7, name: 'Björk', plays: 5, share: null},
		],
		80,
	);
	assert.deepEqual(lines, ['user_id  name          plays  share', '───────  ────────────  ─────  ─────', '   1024  Chloe Cuevas  1,229  18.25', '      7  Björk             5']);
});

test('a table wider than the width cuts its widest text column with …, never a number', () => {
	const rows = [
		{location: 'Lansing, MI', artist: 'The Rolling Stones and Friends Forever', plays: 1234567},
		{location: 'Tampa, FL', artist: 'Elena', plays: 3},
	];
	const lines = formatTable(['location', 'artist', 'plays'], rows, 50);
	for (const line of lines) assert.ok(width(line) <= 50, `"${line}" fits 50 columns`);
	assert.equal(width(lines[1]!), 50, 'the rule shows the table is exactly as wide as allowed');
	assert.equal(lines[2], 'Lansing, MI  The Rolling Stones and Fr…  1,234,567');
	assert.equal(lines[3], 'Tampa, FL    Elena                               3');
	assert.equal(truncate('Génération Nan Nan', 6), 'Génér…');
	assert.equal(truncate('short', 6), 'short');
	// Narrower still: both text columns give way, the widest first, and the numbers stay whole.
	const narrow = formatTable(['location', 'artist', 'plays'], rows, 30);
	for (const line of narrow) assert.ok(width(line) <= 30, `"${line}" fits 30 columns`);
	assert.ok(narrow[2]!.endsWith('1,234,567'));
	assert.ok(narrow[2]!.startsWith('Lansing…'));
});

test('cells: NULL is empty, dates are ISO, line breaks do not break the table', () => {
	const lines = formatTable(
		['at', 'note'],
		[
			{at: new Date(Date.UTC(2018, 10, 1, 20, 57, 10, 796)), note: 'two\nlines'},
			{at: null, note: null},
		],
		80,
	);
	assert.equal(lines[2], '2018-11-01T20:57:10.796Z  two lines');
	assert.equal(lines.length, 4);
});

test('bars: the largest value fills the width, the others in proportion to an eighth', () => {
	const rows = [
		{level: 'paid', plays: 800},
		{level: 'free', plays: 400},
		{level: 'trial', plays: 100},
		{level: 'none', plays: 0},
		{level: 'tiny', plays: 0.01},
	];
	const lines = formatBarChart(rows, 'level', 'plays', 40);
	assert.equal(lines.length, 5);
	for (const line of lines) assert.ok(width(line) <= 40, `"${line}" fits 40 columns`);
	// 40 columns less the label (5), two spaces and the widest value ("0.01").
	assert.equal(eighthsOf(lines[0]!), (40 - 5 - 2 - 4) * 8, 'the largest bar takes the whole width');
	assert.ok(lines[0]!.startsWith('paid  █') && lines[0]!.endsWith('█ 800'));
	const full = eighthsOf(lines[0]!);
	assert.ok(Math.abs(eighthsOf(lines[1]!) - full / 2) <= 1, 'half the value, half the bar');
	assert.ok(Math.abs(eighthsOf(lines[2]!) - full / 8) <= 1, 'an eighth of the value, an eighth of the bar');
	assert.equal(lines[3], 'none  0');
	assert.equal(eighthsOf(lines[4]!), 1, 'a value above zero is never invisible');
	assert.equal(bar(8 * 3 + 4), '███▌');
	assert.equal(bar(0), '');
});

test('bars: numeric labels are right-aligned, long labels cut, values get separators', () => {
	const lines = formatBarChart(
		[
			{hour: 9, plays: 12000},
			{hour: 10, plays: 6000},
		],
		'hour',
		'plays',
		30,
	);
	assert.ok(lines[0]!.startsWith(' 9 █'));
	assert.ok(lines[0]!.endsWith(' 12,000'));
	const long = formatBarChart([{client: 'Internet Explorer on Windows', plays: 28}], 'client', 'plays', 30);
	assert.ok(long[0]!.startsWith('Internet … █'));
	assert.equal(width(long[0]!), 30);
	assert.deepEqual(formatBarChart([], 'a', 'b', 30), []);
});

test('CSV follows RFC 4180: quotes where needed, doubled quotes, CRLF, empty NULL', () => {
	const csv = toCsv(
		['name', 'note', 'plays', 'at'],
		[
			{name: 'Dallas-Fort Worth-Arlington, TX', note: 'say "hi"', plays: 1229, at: new Date(Date.UTC(2018, 10, 1))},
			{name: 'two\nlines', note: 'carriage\rreturn', plays: null, at: null},
			{name: 'Björk — Génération', note: '', plays: 0.5, at: undefined},
		],
	);
	assert.equal(
		csv,
		'name,note,plays,at\r\n' +
			'"Dallas-Fort Worth-Arlington, TX","say ""hi""",1229,2018-11-01T00:00:00.000Z\r\n' +
			'"two\nlines","carriage\rreturn",,\r\n' +
			'Björk — Génération,,0.5,\r\n',
	);
	assert.equal(toCsv(['a,b', 'c"d'], []), '"a,b","c""d"\r\n');
});

test('several questions as CSV: each after a # name line, a blank line between', () => {
	const answer = (name: string) => ({name, title: name, columns: ['x'], rows: [{x: 1}], elapsedMs: 1});
	assert.equal(answersCsv([answer('one')]), 'x\r\n1\r\n');
	assert.equal(answersCsv([answer('one'), answer('two')]), '# one\r\nx\r\n1\r\n\r\n# two\r\nx\r\n1\r\n');
});

test('the summary shows title and timing, the table, then the bars', () => {
	const lines = answersSummary(
		[
			{
				name: 'free_vs_paid',
				title: 'Free and paid',
				columns: ['level', 'plays'],
				rows: [
					{level: 'free', plays: 1},
					{level: 'paid', plays: 2},
				],
				elapsedMs: 12,
				chart: {label: 'level', value: 'plays'},
			},
			{name: 'nothing', title: 'Nothing', columns: ['x'], rows: [], elapsedMs: 3},
		],
		40,
	);
	assert.equal(lines[0], 'Free and paid  (free_vs_paid, 2 rows in 12 ms)');
	assert.equal(lines[1], 'level  plays');
	assert.equal(lines[5], '');
	assert.ok(lines[7]!.startsWith('paid █'));
	assert.deepEqual(lines.slice(-2), ['Nothing  (nothing, 0 rows in 3 ms)', '  (no rows)']);
});

test('a question file: metadata from its comments, one read-only statement or a clear refusal', () => {
	const file = {name: 'q', file: '/tmp/q.sql', source: 'user' as const};
	const question = parseQuestion('-- title: Plays\n-- chart: level , plays\n-- about: anything\nSELECT level, COUNT(*) AS plays FROM songplays GROUP BY level;\n', file);
	assert.equal(question.title, 'Plays');
	assert.deepEqual(question.chart, {label: 'level', value: 'plays'});
	assert.equal(question.sql, 'SELECT level, COUNT(*) AS plays FROM songplays GROUP BY level');
	assert.equal(parseQuestion('WITH x AS (SELECT 1 AS one) SELECT one FROM x', file).title, 'q');
	assert.equal(parseQuestion("SELECT 'update' AS created_at, 1 AS update_count", file).name, 'q');
	for (const text of [
		'',
		'-- only a comment',
		'DELETE FROM songplays',
		'UPDATE users SET level = 1',
		'SELECT 1; SELECT 2',
		'SELECT * INTO copy FROM songplays',
		'DROP TABLE songplays',
		'-- chart: onlyone\nSELECT 1',
	]) {
		assert.throws(
			() => parseQuestion(text, file),
			(error: unknown) => error instanceof UserError && error.code === 'question_refused' && error.message.includes('/tmp/q.sql'),
			text,
		);
	}
});
