// The analytics questions on a real PostgreSQL, loaded once with the real Sparkify sample
// and once with generated data, each answer compared with numbers read straight from the
// JSON files (test/support/analytics-reference.ts); then the user's own questions, the
// refusals, cancellation, and the command's CSV, JSON and table output.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {after, before, describe, test} from 'node:test';
import {resolveQuestions, type Question} from '../../source/analytics/questions.js';
import type {AnalyticsArgs} from '../../source/commands/analytics.js';
import type {FrontEnd} from '../../source/core/front-end.js';
import {runCommand} from '../support/command.js';
import type {Context} from '../../source/core/context.js';
import {CancelledError, UserError} from '../../source/core/errors.js';
import {silent, type StepEvent} from '../../source/core/events.js';
import {generateDataset} from '../../source/etl/generate.js';
import {localFolderSource} from '../../source/etl/source.js';
import {analyticsStep, type Answer} from '../../source/steps/analytics.js';
import {etlStep} from '../../source/steps/etl.js';
import {openWarehouse, type Warehouse} from '../../source/warehouse/connection.js';
import {analyticsReference, type AnalyticsReference, type Tally} from '../support/analytics-reference.js';
import {createTestDatabase, queryRows} from '../support/database.js';
import {sampleData} from '../support/paths.js';
import {makeTempDir} from '../support/tmp.js';
import {recordingFrontEnd} from '../support/front-end.js';
import {warehouseWithTables} from '../support/warehouse.js';

const builtIns = ['active_users', 'free_vs_paid', 'plays_by_hour', 'plays_by_weekday', 'top_artists', 'top_locations', 'top_songs', 'user_agents'];
const weekdays = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const signal = new AbortController().signal;

async function loadedWarehouse(source: string, prefix: string): Promise<{url: string; ctx: Context; warehouse: Warehouse}> {
	const {url, ctx, warehouse} = await warehouseWithTables(prefix);
	await etlStep.run(ctx, {warehouse, source: localFolderSource(source)}, silent, signal);
	return {url, ctx, warehouse};
}

const num = (value: unknown) => {
	assert.equal(typeof value, 'number', `a number, not ${JSON.stringify(value)}`);
	return value as number;
};

/**
 * A "top N" answer is right when every row is one of the reference's entries (matched by
 * `matches`, each entry used once), the rows are in descending order of plays, and nothing
 * left out has more plays than the last row. Ties at the cut may go either way here; the
 * SQL's own tie-breakers are checked by asking twice.
 */
function assertTop<T extends {plays: number}>(rows: Record<string, unknown>[], entries: T[], matches: (row: Record<string, unknown>, entry: T) => boolean, limit = 10) {
	assert.equal(rows.length, Math.min(limit, entries.length));
	const unused = [...entries];
	for (const row of rows) {
		const index = unused.findIndex((entry) => matches(row, entry));
		assert.notEqual(index, -1, `no reference entry for ${JSON.stringify(row)}`);
		unused.splice(index, 1);
	}
	const plays = rows.map((row) => num(row.plays));
	assert.deepEqual(
		plays,
		[...plays].sort((a, b) => b - a),
		'rows are in descending order of plays',
	);
	const last = plays.at(-1) ?? 0;
	assert.ok(
		unused.every((entry) => entry.plays <= last),
		'nothing left out has more plays than the last row',
	);
}

function assertGroups(rows: Record<string, unknown>[], key: string, expected: Map<string | number, Tally>, label: (key: string | number) => unknown = (value) => value) {
	const actual = new Map(rows.map((row) => [row[key], {plays: num(row.plays), users: num(row.users)}]));
	const wanted = new Map([...expected].map(([name, tally]) => [label(name), {plays: tally.plays, users: tally.users.size}]));
	assert.deepEqual(actual, wanted);
}

function questionsAgreeWithTheFiles(label: string, prepare: () => Promise<string>) {
	describe(`analytics on ${label}`, () => {
		let warehouse: Warehouse;
		let ctx: Context;
		let reference: AnalyticsReference;
		let questions: Question[];
		let answers: Map<string, Answer>;
		const events: StepEvent[] = [];
		const answer = (name: string) => answers.get(name)!;

		before(async () => {
			const source = await prepare();
			({ctx, warehouse} = await loadedWarehouse(source, 'analytics'));
			reference = analyticsReference(source);
			questions = resolveQuestions({home: ctx.paths.home});
			const result = await analyticsStep.run(ctx, {warehouse, questions}, (event) => events.push(event), signal);
			answers = new Map(result.answers.map((each) => [each.name, each]));
		});
		after(async () => warehouse?.close());

		test('every built-in question is answered, titled and timed', () => {
			assert.deepEqual([...answers.keys()], builtIns);
			for (const each of answers.values()) {
				assert.ok(each.title && each.title !== each.name, `${each.name} has a title`);
				assert.ok(each.elapsedMs >= 0);
				assert.ok(each.rows.length > 0, `${each.name} has rows`);
				assert.deepEqual(Object.keys(each.rows[0]!), each.columns);
				assert.ok(each.chart, `${each.name} has a chart`);
				assert.ok(each.columns.includes(each.chart.label) && each.columns.includes(each.chart.value));
			}
			assert.ok(reference.plays > 1000);
		});

		test('progress is reported per question, in statements', () => {
			const progress = events.filter((event): event is Extract<StepEvent, {type: 'progress'}> => event.type === 'progress');
			assert.ok(progress.every((event) => event.step === 'analytics' && event.unit === 'statements' && event.total === builtIns.length));
			assert.deepEqual(
				progress.filter((event) => event.state === 'running').map((event) => event.done),
				[0, 1, 2, 3, 4, 5, 6, 7, 8],
			);
			assert.equal(progress.at(-1)?.state, 'done');
			assert.equal(progress.at(-1)?.done, builtIns.length);
		});

		test('plays_by_hour: each UTC hour has its NextSong events, summing to every play', () => {
			const {rows} = answer('plays_by_hour');
			assert.equal(
				rows.reduce((sum, row) => sum + num(row.plays), 0),
				reference.plays,
			);
			assertGroups(rows, 'hour', reference.byHour as Map<string | number, Tally>);
			assert.deepEqual(
				rows.map((row) => row.hour),
				[...reference.byHour.keys()].sort((a, b) => a - b),
			);
		});

		test('plays_by_weekday: each day has its NextSong events, Monday first', () => {
			const {rows} = answer('plays_by_weekday');
			assert.equal(
				rows.reduce((sum, row) => sum + num(row.plays), 0),
				reference.plays,
			);
			assertGroups(rows, 'day', reference.byWeekday as Map<string | number, Tally>, (day) => weekdays[day as number]);
			const order = [1, 2, 3, 4, 5, 6, 0].filter((day) => reference.byWeekday.has(day)).map((day) => weekdays[day]);
			assert.deepEqual(
				rows.map((row) => row.day),
				order,
			);
		});

		test('free_vs_paid: plays and users by the level at the time of the play', () => {
			const {rows} = answer('free_vs_paid');
			assertGroups(rows, 'level', reference.byLevel as Map<string | number, Tally>);
			assert.deepEqual(
				rows.map((row) => row.level),
				['free', 'paid'],
			);
			const total = rows.reduce((sum, row) => sum + num(row.plays), 0);
			for (const row of rows) assert.ok(Math.abs(num(row.percent_of_plays) - (100 * num(row.plays)) / total) <= 0.05 + 1e-9);
		});

		test('top_locations: the ten locations with the most plays, names repaired', () => {
			const entries = [...reference.byLocation].map(([location, tally]) => ({location, plays: tally.plays, users: tally.users.size}));
			assertTop(answer('top_locations').rows, entries, (row, entry) => row.location === entry.location && row.plays === entry.plays && row.users === entry.users);
		});

		test('user_agents: plays and users per browser and OS family, all plays accounted for', () => {
			const {rows} = answer('user_agents');
			assertGroups(rows, 'client', reference.byClient as Map<string | number, Tally>);
			assert.equal(
				rows.reduce((sum, row) => sum + num(row.plays), 0),
				reference.plays,
			);
			assert.ok(
				rows.every((row) => !String(row.client).includes('other')),
				'every agent of the data falls in a family',
			);
		});

		test('active_users: the top row is the user with the most NextSong events', () => {
			const {rows} = answer('active_users');
			const users = [...reference.byUser.values()];
			const most = Math.max(...users.map((user) => user.plays));
			const top = users.filter((user) => user.plays === most).sort((a, b) => a.userId - b.userId)[0]!;
			assert.equal(rows[0]!.user_id, top.userId);
			assert.equal(rows[0]!.plays, most);
			assertTop(
				rows,
				users,
				(row, user) => row.user_id === user.userId && row.plays === user.plays && row.sessions === user.sessions.size && row.name === user.name && row.level === user.level,
			);
		});

		test('top_songs: plays equal the plays matched to that song', () => {
			const entries = [...reference.bySong.values()];
			assert.ok(entries.length > 0);
			assertTop(
				answer('top_songs').rows,
				entries,
				(row, song) => row.title === song.title && row.artist === song.artist && row.plays === song.plays && row.listeners === song.listeners.size,
			);
		});

		test('top_artists: plays equal the plays matched to that artist', () => {
			const entries = [...reference.byArtist.values()];
			assertTop(
				answer('top_artists').rows,
				entries,
				(row, artist) => artist.names.has(String(row.artist)) && row.plays === artist.plays && row.songs === artist.songs.size && row.listeners === artist.listeners.size,
			);
		});

		test('asking again gives the same rows in the same order (tie-breakers are total)', async () => {
			const again = await analyticsStep.run(ctx, {warehouse, questions}, silent, signal);
			assert.deepEqual(
				again.answers.map((each) => each.rows),
				[...answers.values()].map((each) => each.rows),
			);
		});
	});
}

questionsAgreeWithTheFiles('the real Sparkify sample', async () => sampleData);
questionsAgreeWithTheFiles('generated data (200 songs, 3,000 events)', async () => {
	const out = path.join(makeTempDir('sparkify-analytics-generated'), 'data');
	await generateDataset({out, songs: 200, events: 3000, seed: 11}, silent, signal);
	return out;
});

/** RFC 4180, read plainly: quoted fields may hold commas, doubled quotes and line breaks. */
function parseCsv(text: string): string[][] {
	const records: string[][] = [];
	let record: string[] = [];
	let field = '';
	let index = 0;
	let quoted = false;
	while (index < text.length) {
		const char = text[index]!;
		if (quoted) {
			if (char === '"' && text[index + 1] === '"') {
				field += '"';
				index += 2;
			} else if (char === '"') {
				quoted = false;
				index++;
			} else {
				field += char;
				index++;
			}
		} else if (char === '"') {
			quoted = true;
			index++;
		} else if (char === ',') {
			record.push(field);
			field = '';
			index++;
		} else if (char === '\r' && text[index + 1] === '\n') {
			record.push(field);
			records.push(record);
			record = [];
			field = '';
			index += 2;
		} else {
			field += char;
			index++;
		}
	}
	if (field !== '' || record.length > 0) {
		record.push(field);
		records.push(record);
	}
	return records;
}

describe('questions of the user, refusals and the command', () => {
	let url: string;
	let ctx: Context;
	let warehouse: Warehouse;
	let folder: string;

	before(async () => {
		({url, ctx, warehouse} = await loadedWarehouse(sampleData, 'analytics_user'));
		folder = makeTempDir('sparkify-questions');
		fs.writeFileSync(
			path.join(folder, 'paid_users.sql'),
			"-- title: Paid users\n-- chart: level,users\nSELECT level, COUNT(*) AS users FROM users WHERE level = 'paid' GROUP BY level;\n",
		);
		fs.writeFileSync(path.join(folder, 'top_songs.sql'), '-- title: My top songs\nSELECT COUNT(*) AS matched FROM songplays WHERE song_id IS NOT NULL\n');
	});
	after(async () => warehouse?.close());

	/** `analytics` on the test's warehouse, through the registry like the command line. */
	const analytics = (input: Partial<AnalyticsArgs>, frontEnd: FrontEnd, options: {write?: (text: string) => void; json?: boolean} = {}) =>
		runCommand('analytics', {databaseUrl: url, ...input}, {ctx, frontEnd, signal, write: options.write ?? (() => {}), json: options.json ?? false});

	test("a question in the user's folder is found and answered", async () => {
		const questions = resolveQuestions({home: ctx.paths.home, folder, name: 'paid_users'});
		assert.equal(questions[0]?.source, 'user');
		assert.equal(questions[0]?.title, 'Paid users');
		assert.deepEqual(questions[0]?.chart, {label: 'level', value: 'users'});
		const {answers} = await analyticsStep.run(ctx, {warehouse, questions}, silent, signal);
		const [paid] = await queryRows<{n: number}>(url, "SELECT COUNT(*)::int n FROM users WHERE level = 'paid'");
		assert.deepEqual(answers[0]?.rows, [{level: 'paid', users: paid?.n}]);
	});

	test('the default user folder is <home>/analytics, and a user question overrides a built-in', () => {
		const home = makeTempDir('sparkify-questions-home');
		fs.mkdirSync(path.join(home, 'analytics'));
		fs.copyFileSync(path.join(folder, 'top_songs.sql'), path.join(home, 'analytics', 'top_songs.sql'));
		const all = resolveQuestions({home});
		assert.deepEqual(
			all.map((question) => question.name),
			builtIns,
		);
		const mine = all.find((question) => question.name === 'top_songs');
		assert.equal(mine?.source, 'user');
		assert.equal(mine?.title, 'My top songs');
		assert.equal(all.filter((question) => question.source === 'user').length, 1);
	});

	test('a user file with DELETE, or with two statements, is refused', () => {
		const bad = makeTempDir('sparkify-questions-bad');
		fs.writeFileSync(path.join(bad, 'wipe.sql'), '-- title: Oops\nDELETE FROM songplays;\n');
		fs.writeFileSync(path.join(bad, 'sneaky.sql'), 'WITH gone AS (DELETE FROM songplays RETURNING *) SELECT COUNT(*) FROM gone;\n');
		fs.writeFileSync(path.join(bad, 'two.sql'), 'SELECT 1; SELECT 2;\n');
		fs.writeFileSync(path.join(bad, 'fine.sql'), "SELECT 'DELETE; DROP' AS words -- delete nothing\n");
		const refusal = (name: string) =>
			assert.throws(
				() => resolveQuestions({home: ctx.paths.home, folder: bad, name}),
				(error: unknown) => {
					assert.ok(error instanceof UserError);
					assert.equal(error.code, 'question_refused');
					assert.match(error.message, new RegExp(name));
					assert.match(error.hint ?? '', /SELECT/);
					return true;
				},
			);
		refusal('wipe');
		refusal('sneaky');
		refusal('two');
		assert.equal(resolveQuestions({home: ctx.paths.home, folder: bad, name: 'fine'})[0]?.sql, "SELECT 'DELETE; DROP' AS words");
	});

	test('an unknown name lists the questions there are', () => {
		assert.throws(
			() => resolveQuestions({home: ctx.paths.home, folder, name: 'top_sngs'}),
			(error: unknown) => {
				assert.ok(error instanceof UserError);
				for (const name of [...builtIns, 'paid_users']) assert.ok(error.message.includes(name), `${name} is listed`);
				return true;
			},
		);
		assert.throws(() => resolveQuestions({home: ctx.paths.home, folder: path.join(folder, 'missing')}), /does not exist/);
	});

	test('a question runs read-only: a write that slips through fails and changes nothing', async () => {
		const [before_] = await queryRows<{n: number}>(url, 'SELECT COUNT(*)::int n FROM songplays');
		const sneaky: Question = {name: 'sneaky', title: 'Sneaky', sql: 'DELETE FROM songplays', source: 'user', file: 'sneaky.sql'};
		await assert.rejects(analyticsStep.run(ctx, {warehouse, questions: [sneaky]}, silent, signal), (error: unknown) => {
			assert.ok(error instanceof UserError);
			assert.match(error.message, /read-only transaction/);
			return true;
		});
		const [after_] = await queryRows<{n: number}>(url, 'SELECT COUNT(*)::int n FROM songplays');
		assert.equal(after_?.n, before_?.n);
	});

	test('a warehouse without tables says to make them first', async () => {
		const empty = await openWarehouse(ctx, {kind: 'url', url: await createTestDatabase('analytics_empty')});
		await assert.rejects(
			analyticsStep.run(ctx, {warehouse: empty, questions: resolveQuestions({home: ctx.paths.home})}, silent, signal),
			(error: unknown) => error instanceof UserError && error.code === 'tables_missing',
		);
	});

	test('cancelling stops a running question', async () => {
		const slow: Question = {name: 'slow', title: 'Slow', sql: 'SELECT pg_sleep(20) AS nap', source: 'user', file: 'slow.sql'};
		const controller = new AbortController();
		const startedAt = Date.now();
		setTimeout(() => controller.abort(), 300);
		await assert.rejects(analyticsStep.run(ctx, {warehouse, questions: [slow]}, silent, controller.signal), CancelledError);
		assert.ok(Date.now() - startedAt < 10_000, 'the query was cancelled on the server, not waited out');
	});

	test('--csv of one question parses back to the same rows', async () => {
		let written = '';
		const frontEnd = recordingFrontEnd();
		const code = await analytics({argument: 'top_locations', csv: true}, frontEnd, {write: (text) => (written += text)});
		assert.equal(code, 0);
		assert.equal(frontEnd.outcomes.length, 0, 'nothing but CSV goes to stdout');
		const {answers} = await analyticsStep.run(ctx, {warehouse, questions: resolveQuestions({home: ctx.paths.home, name: 'top_locations'})}, silent, signal);
		const {columns, rows} = answers[0]!;
		const [header, ...records] = parseCsv(written);
		assert.deepEqual(header, columns);
		assert.deepEqual(
			records,
			rows.map((row) => columns.map((column) => String(row[column] ?? ''))),
		);
		assert.match(written, /\r\n"[^"\r\n]+, [^"\r\n]+",\d+,\d+\r\n/, 'locations with commas are quoted');
	});

	test('--csv of several questions puts each after a # name line', async () => {
		let written = '';
		await analytics({questions: folder, csv: true}, recordingFrontEnd(), {write: (text) => (written += text)});
		const names = [...written.matchAll(/^# (\w+)\r$/gm)].map((match) => match[1]);
		assert.deepEqual(names, [...builtIns, 'paid_users'].sort());
		assert.match(written, /\r\n\r\n# paid_users\r\nlevel,users\r\npaid,\d+\r\n/);
	});

	test('--json gives the answers as data; without it, titles, tables and bar charts', async () => {
		const json = recordingFrontEnd();
		await analytics({argument: 'free_vs_paid'}, json, {json: true});
		const data = json.outcomes[0]?.data as {answers: Array<Record<string, unknown>>};
		assert.deepEqual(Object.keys(data), ['answers']);
		assert.deepEqual(Object.keys(data.answers[0]!), ['name', 'title', 'columns', 'rows', 'elapsedMs']);
		assert.deepEqual(data.answers[0]?.columns, ['level', 'plays', 'users', 'percent_of_plays']);

		const plain = recordingFrontEnd();
		await analytics({argument: 'plays_by_hour'}, plain);
		const summary = plain.outcomes[0]!.summary;
		assert.match(summary[0]!, /^Plays by hour of the day \(UTC\) {2}\(plays_by_hour, 24 rows in \d+ ms\)$/);
		assert.match(summary[1]!, /^hour +plays +users$/);
		assert.ok(
			summary.some((line) => line.includes('█')),
			'a bar chart follows the table',
		);
		assert.equal(
			plain.events
				.filter((event) => event.type === 'step')
				.map((event) => (event as {status: string}).status)
				.join(','),
			'running,done',
		);
	});
});
