// `sparkify-dwh sql` as a script runs it: the query on standard input, --json as one object
// `jq` reads whole, a refused write and a mistake as an error line with exit 1, and SIGINT
// in the middle of a long query stopping it on the server (exit 130).

import assert from 'node:assert/strict';
import {before, describe, test} from 'node:test';
import type {Context} from '../../source/core/context.js';
import {startCli} from '../support/cli-process.js';
import {queryRows} from '../support/database.js';
import {warehouseWithTables} from '../support/warehouse.js';

describe('sql on the command line', () => {
	let url: string;
	let home: string;
	const env = () => ({SPARKIFY_DWH_DATABASE_URL: url, SPARKIFY_DWH_HOME: home});

	before(async () => {
		let ctx: Context;
		({url, ctx} = await warehouseWithTables('sql_cli'));
		home = ctx.paths.home;
		await queryRows(url, "INSERT INTO users (user_id, first_name, level) VALUES (1, 'Ann', 'free'), (2, 'Bo', 'paid'), (3, 'Cy', 'paid')");
	});

	/** The command with `input` on its standard input (not a terminal). */
	const sql = (args: readonly string[], input: string) => {
		const run = startCli(['sql', ...args], env());
		run.child.stdin.end(input);
		return run;
	};

	test('reads the query from standard input; --json is one object', async () => {
		const end = await sql(['--json'], 'SELECT level, COUNT(*) AS users\nFROM users GROUP BY level ORDER BY level;\n').ended;
		assert.equal(end.code, 0, end.stderr);
		const lines = end.stdout.trim().split('\n');
		assert.equal(lines.length, 1);
		const result = JSON.parse(lines[0]!) as Record<string, unknown>;
		assert.deepEqual(
			{type: result.type, command: result.command, columns: result.columns, rows: result.rows, rowCount: result.rowCount},
			{
				type: 'result',
				command: 'sql',
				columns: ['level', 'users'],
				rows: [
					['free', 1],
					['paid', 2],
				],
				rowCount: 2,
			},
		);
		assert.equal(typeof result.elapsedMs, 'number');
	});

	test('the table on stdout; a refused write and a mistake are one error line each, exit 1', async () => {
		const table = await sql(['SELECT first_name FROM users ORDER BY user_id'], '').ended;
		assert.equal(table.code, 0, table.stderr);
		assert.match(table.stdout, /^first_name\n─+\nAnn\nBo\nCy\n3 rows in \d+ ms\n$/);

		const refused = await sql(['--json', 'UPDATE users SET level = $$paid$$'], '').ended;
		assert.equal(refused.code, 1);
		const error = JSON.parse(refused.stdout.trim()) as {type: string; code: string; hint: string};
		assert.deepEqual([error.type, error.code], ['error', 'read_only']);
		assert.match(error.hint, /--write/);

		const mistake = await sql(['SELEC 1'], '').ended;
		assert.equal(mistake.code, 1);
		assert.match(mistake.stderr, /✖ The query failed at line 1, column 1: syntax error at or near "SELEC"/);
		assert.doesNotMatch(mistake.stderr, /bug/);
		// The server's answer is the whole story: the log's path is for real bugs.
		assert.doesNotMatch(mistake.stderr, /Details:/);

		const missing = await sql(['SELECT * FROM no_such_table'], '').ended;
		assert.equal(missing.code, 1);
		assert.match(missing.stderr, /✖ The query failed at line 1, column 15: relation "no_such_table" does not exist\n {2}What to do: Near: SELECT \* FROM »no_such_table\n?$/);
		assert.doesNotMatch(missing.stderr, /Details:/);
	});

	test('SIGINT stops a long query on the server and exits 130', async () => {
		const marker = `cli_sigint_${process.pid}`;
		const run = sql([`SELECT pg_sleep(60) AS ${marker}`], '');
		const active = async () =>
			(await queryRows<{n: number}>(url, "SELECT COUNT(*)::int AS n FROM pg_stat_activity WHERE state = 'active' AND query LIKE $1", [`%${marker}%`]))[0]!.n;
		for (let tries = 0; (await active()) === 0; tries++) {
			assert.ok(tries < 200, 'the query reached the server');
			await new Promise((resolve) => setTimeout(resolve, 50));
		}
		run.child.kill('SIGINT');
		const end = await run.ended;
		assert.equal(end.code, 130, end.stderr);
		assert.match(end.stderr, /Cancelled\./);
		assert.equal(await active(), 0);
	});
});
