// `sparkify-dwh sql` on a real PostgreSQL loaded with the sample: read-only unless --write,
// --write asking first, the table, CSV and JSON, the statement timeout and Ctrl-C both
// stopping the query on the server (seen in pg_stat_activity), the server's own words for a
// mistake with its line and column, and the ways a query comes in (argument, file, stdin).

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {Readable, Writable} from 'node:stream';
import {after, before, describe, test} from 'node:test';
import {readQuery, type SqlArgs, type SqlOutcome} from '../../source/commands/sql.js';
import type {Context} from '../../source/core/context.js';
import {CancelledError, UserError} from '../../source/core/errors.js';
import type {FrontEnd, Outcome} from '../../source/core/front-end.js';
import {silent} from '../../source/core/events.js';
import {localFolderSource} from '../../source/etl/source.js';
import {plainFrontEnd} from '../../source/plain/front-end.js';
import {etlStep} from '../../source/steps/etl.js';
import type {Warehouse} from '../../source/warehouse/connection.js';
import {lineAndColumn} from '../../source/warehouse/query.js';
import {runCommand} from '../support/command.js';
import {queryRows} from '../support/database.js';
import {recordingFrontEnd} from '../support/front-end.js';
import {sampleData} from '../support/paths.js';
import {makeTempDir} from '../support/tmp.js';
import {warehouseWithTables} from '../support/warehouse.js';

const userError = (code: string, message?: RegExp) => (error: unknown) => {
	assert.ok(error instanceof UserError, `a UserError, not ${String(error)}`);
	assert.equal(error.code, code, error.message);
	if (message) assert.match(error.message, message);
	return true;
};

/** Queries of this test run still working on the server. */
async function stillRunning(url: string, marker: string): Promise<number> {
	const rows = await queryRows<{n: number}>(url, "SELECT COUNT(*)::int AS n FROM pg_stat_activity WHERE state = 'active' AND query LIKE $1 AND pid <> pg_backend_pid()", [
		`%${marker}%`,
	]);
	return rows[0]!.n;
}

/** A stream that takes anything and keeps nothing. */
const devNull = () => new Writable({write: (_chunk, _encoding, done) => done()});

describe('sql', () => {
	let url: string;
	let ctx: Context;
	let warehouse: Warehouse;
	const songplays = async () => (await queryRows<{n: number}>(url, 'SELECT COUNT(*)::int AS n FROM songplays'))[0]!.n;

	before(async () => {
		({url, ctx, warehouse} = await warehouseWithTables('sql'));
		await etlStep.run(ctx, {warehouse, source: localFolderSource(sampleData)}, silent, new AbortController().signal);
	});
	after(async () => warehouse?.close());

	const sql = async (input: Partial<SqlArgs>, options: {frontEnd?: FrontEnd; signal?: AbortSignal; json?: boolean} = {}) => {
		const frontEnd = options.frontEnd ?? recordingFrontEnd();
		let written = '';
		const outcomes: Outcome[] = [];
		const recording: FrontEnd = {...frontEnd, outcome: (outcome) => void outcomes.push(outcome)};
		const exit = await runCommand(
			'sql',
			{databaseUrl: url, ...input},
			{
				ctx,
				frontEnd: recording,
				signal: options.signal ?? new AbortController().signal,
				write: (text) => (written += text),
				json: options.json ?? false,
			},
		);
		const outcome = outcomes[0];
		return {exit, written, summary: outcome?.summary ?? [], data: outcome?.data as SqlOutcome | undefined};
	};

	test('answers as an aligned table with the row count and the time', async () => {
		const {exit, summary} = await sql({argument: 'SELECT level, COUNT(*) AS users FROM users GROUP BY level ORDER BY level'});
		assert.equal(exit, 0);
		assert.deepEqual(summary.slice(0, 4), ['level  users', '─────  ─────', 'free      74', 'paid      22']);
		assert.match(summary.at(-1)!, /^2 rows in \d+ ms$/);
	});

	test('--json: columns, rows (in column order, so a repeated name loses nothing), rowCount, elapsedMs', async () => {
		const {data, summary} = await sql({argument: "SELECT 1 AS n, 2 AS n, DATE '2018-11-30' AS day, NULL AS nothing"}, {json: true});
		assert.ok(data && 'columns' in data);
		assert.deepEqual(data.columns, ['n', 'n', 'day', 'nothing']);
		// A DATE stays the day the server said, whatever the time zone of the machine.
		assert.deepEqual(data.rows, [[1, 2, '2018-11-30', null]]);
		assert.equal(data.rowCount, 1);
		assert.equal(data.statement, 'SELECT');
		assert.ok(typeof data.elapsedMs === 'number' && data.elapsedMs >= 0);
		assert.equal(summary[0], 'n  n (2)  day         nothing');
	});

	test('--csv writes RFC 4180 CSV and nothing else', async () => {
		const {exit, written, summary} = await sql({argument: "SELECT 'a,b' AS x, 'say \"hi\"' AS y, NULL AS z, 3 AS n", csv: true});
		assert.equal(exit, 0);
		assert.equal(written, 'x,y,z,n\r\n"a,b","say ""hi""",,3\r\n');
		assert.deepEqual(summary, []);
		await assert.rejects(sql({argument: 'SELECT 1', csv: true}, {json: true}), userError('usage', /--csv and --json/));
	});

	test('read-only by default: a write is refused, naming --write, and nothing changes', async () => {
		const before_ = await songplays();
		await assert.rejects(sql({argument: 'DELETE FROM songplays'}), (error: unknown) => {
			userError('read_only', /only reads unless given --write/)(error);
			assert.match((error as UserError).hint ?? '', /--write/);
			return true;
		});
		// A script cannot leave the read-only transaction with a COMMIT of its own: it is refused whole.
		await assert.rejects(sql({argument: 'COMMIT; DELETE FROM songplays'}), userError('multiple_statements'));
		await assert.rejects(sql({argument: 'CREATE TABLE scratch (n int)'}), userError('read_only'));
		assert.equal(await songplays(), before_);
	});

	test('--write asks first with a plan; agreed (--yes), a script runs in one transaction and its last rows are shown', async () => {
		const asked: Array<{question: string; flag: string; plan: unknown}> = [];
		const frontEnd: FrontEnd = {
			...recordingFrontEnd(),
			confirm: async (question, plan, flag) => {
				asked.push({question, flag, plan});
				return true;
			},
		};
		const {exit, summary} = await sql(
			{argument: 'CREATE TABLE scratch (n int);\nINSERT INTO scratch VALUES (1), (2), (3);\nSELECT SUM(n) AS total FROM scratch', write: true},
			{frontEnd},
		);
		assert.equal(exit, 0);
		assert.equal(asked.length, 1);
		assert.equal(asked[0]!.flag, '--yes');
		assert.match(JSON.stringify(asked[0]!.plan), /"action":"modify".*CREATE TABLE scratch/);
		assert.equal(summary[2]!.trim(), '6');
		assert.match(summary.at(-1)!, /^1 row \(the last of 3 statements\) in \d+ ms$/);
		const {summary: deleted} = await sql({argument: 'DELETE FROM scratch WHERE n > 1', write: true});
		assert.match(deleted[0]!, /^DELETE: 2 rows in \d+ ms$/);
		const {summary: dropped, data} = await sql({argument: 'DROP TABLE scratch', write: true});
		assert.match(dropped[0]!, /^DROP: done in \d+ ms$/);
		assert.ok(data && 'rowCount' in data && data.rowCount === null);
	});

	test('--write declined changes nothing (exit 4); without a terminal and without --yes it is refused, naming --yes', async () => {
		const declined = await sql({argument: 'DELETE FROM songplays', write: true}, {frontEnd: recordingFrontEnd({confirm: false})});
		assert.equal(declined.exit, 4);
		assert.deepEqual(declined.data, {declined: true});
		const plain = plainFrontEnd({yes: false, interactive: false, verbose: false, out: devNull(), err: devNull()});
		await assert.rejects(sql({argument: 'DELETE FROM songplays', write: true}, {frontEnd: plain}), userError('confirmation_required'));
		assert.ok((await songplays()) > 0);
	});

	test("a mistake is the server's own words with its line and column, never a bug", async () => {
		await assert.rejects(sql({argument: 'SELECT COUNT(*)\nFROM songplays\nWHERE user_id = = 1'}), (error: unknown) => {
			userError('query_failed', /^The query failed at line 3, column 17: syntax error at or near "="$/)(error);
			assert.equal((error as UserError).hint, 'Near: WHERE user_id = »= 1');
			return true;
		});
		await assert.rejects(sql({argument: 'SELECT * FROM no_such_table'}), userError('query_failed', /line 1, column 15: relation "no_such_table" does not exist/));
		// The server's own hint comes along.
		await assert.rejects(sql({argument: "SELECT length(1, 'x')"}), (error: unknown) => {
			userError('query_failed', /function length\(integer, unknown\) does not exist/)(error);
			assert.match((error as UserError).hint ?? '', /explicit type casts\. Near: SELECT »length/);
			return true;
		});
		assert.deepEqual(lineAndColumn('ab\ncdé f', 8), {line: 2, column: 5, lineText: 'cdé f'});
	});

	test('--timeout: the statement is stopped on the server when its time is up', async () => {
		const marker = `timeout_${process.pid}`;
		const startedAt = Date.now();
		await assert.rejects(sql({argument: `SELECT pg_sleep(30) AS ${marker}`, timeout: 1}), userError('query_timeout', /ran for 1 s/));
		assert.ok(Date.now() - startedAt < 10_000);
		assert.equal(await stillRunning(url, marker), 0);
	});

	test('Ctrl-C cancels the query on the server, not only here', async () => {
		const marker = `ctrl_c_${process.pid}`;
		const controller = new AbortController();
		const running = sql({argument: `SELECT pg_sleep(30) AS ${marker}`}, {signal: controller.signal});
		// Once the server is working on it, as pg_stat_activity shows.
		for (let tries = 0; (await stillRunning(url, marker)) === 0; tries++) {
			assert.ok(tries < 100, 'the query started on the server');
			await new Promise((resolve) => setTimeout(resolve, 50));
		}
		const abortedAt = Date.now();
		controller.abort();
		await assert.rejects(running, CancelledError);
		assert.ok(Date.now() - abortedAt < 5000);
		assert.equal(await stillRunning(url, marker), 0);
	});

	test('--max-rows: the first N rows through a cursor, said to be cut; as many as there are is not cut; the guards hold', async () => {
		const cut = await sql({argument: 'SELECT start_time FROM songplays ORDER BY start_time, songplay_id', maxRows: 5}, {json: true});
		assert.ok(cut.data && 'columns' in cut.data);
		assert.equal(cut.data.rows.length, 5);
		assert.equal(cut.data.rowCount, 5);
		assert.equal(cut.data.truncated, true);
		assert.equal(cut.data.statement, 'SELECT');
		const first = await queryRows<{start_time: Date}>(url, 'SELECT start_time FROM songplays ORDER BY start_time, songplay_id LIMIT 5');
		assert.deepEqual(
			cut.data.rows.map(([value]) => (value as Date).toISOString()),
			first.map((row) => row.start_time.toISOString()),
			'the same first rows as a LIMIT',
		);
		const {summary} = await sql({argument: 'SELECT level FROM users', maxRows: 3});
		assert.equal(summary.at(-1)?.replace(/ in .*$/, ''), 'the first 3 rows (there are more)');
		const whole = await sql({argument: 'SELECT DISTINCT level FROM users ORDER BY level', maxRows: 2}, {json: true});
		assert.ok(whole.data && 'rows' in whole.data);
		assert.deepEqual(whole.data.rows, [['free'], ['paid']]);
		assert.equal(whole.data.truncated, undefined, 'exactly as many rows as asked for is not cut');
		// The cursor is read-only and one statement, as the plain query is.
		const before_ = await songplays();
		await assert.rejects(sql({argument: 'DELETE FROM songplays', maxRows: 10}), userError('read_only'));
		await assert.rejects(sql({argument: 'COMMIT; DELETE FROM songplays', maxRows: 10}), userError('multiple_statements'));
		assert.equal(await songplays(), before_);
		await assert.rejects(sql({argument: 'SELECT nothing FROM songplays', maxRows: 10}), userError('query_failed', /column "nothing" does not exist/));
	});

	test('--max-rows: Ctrl-C still cancels the query on the server', async () => {
		const marker = `cursor_ctrl_c_${process.pid}`;
		const controller = new AbortController();
		const running = sql({argument: `SELECT pg_sleep(30) AS ${marker}`, maxRows: 10}, {signal: controller.signal});
		for (let tries = 0; (await stillRunning(url, marker)) === 0; tries++) {
			assert.ok(tries < 100, 'the query started on the server');
			await new Promise((resolve) => setTimeout(resolve, 50));
		}
		controller.abort();
		await assert.rejects(running, CancelledError);
		assert.equal(await stillRunning(url, marker), 0);
	});

	test('the query comes from the argument, --file or standard input (not from a terminal), and never from two', async () => {
		const notATerminal = (text: string) => Object.assign(Readable.from([Buffer.from(text)]), {isTTY: false});
		const terminal = Object.assign(Readable.from([]), {isTTY: true});
		assert.equal(await readQuery({argument: 'SELECT 1', file: undefined}, terminal), 'SELECT 1');
		assert.equal(await readQuery({file: undefined}, notATerminal('\uFEFFSELECT 2\n')), 'SELECT 2\n');
		const file = path.join(makeTempDir('sparkify-sql'), 'q.sql');
		fs.writeFileSync(file, '-- plays\nSELECT COUNT(*) AS plays FROM songplays;\n');
		assert.match(await readQuery({file}, terminal), /SELECT COUNT/);
		await assert.rejects(readQuery({file: undefined}, terminal), userError('usage', /No query given/));
		await assert.rejects(readQuery({argument: 'SELECT 1', file}, terminal), userError('usage', /not both/));
		await assert.rejects(readQuery({file: `${file}.missing`}, terminal), userError('file_unreadable', /no such file/));
		await assert.rejects(readQuery({file: undefined}, notATerminal('  \n')), userError('usage', /empty/));
		// A file with a trailing semicolon and a comment is still one statement.
		const {summary} = await sql({file});
		assert.equal(summary[2]!.trim(), '6,820');
	});
});
