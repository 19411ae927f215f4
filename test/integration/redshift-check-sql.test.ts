// The quality checks run on Redshift as written: one set of files under sql/quality/ both
// dialects run (no dialect's copy to drift), kept to what Redshift's SQL accepts. No Redshift
// is at hand, so this holds the checks (and the transforms beside them, which Redshift runs
// too) to that subset in the ways that can be checked here: no construct Amazon's lists of
// unsupported PostgreSQL features and functions name, every statement parsed and run by
// PostgreSQL against tables of the Redshift DDL's columns, with the shape of row the check
// step reads, and every check's name fitting the VARCHAR it is cast to.
// (https://docs.aws.amazon.com/redshift/latest/dg/c_unsupported-postgresql-features.html and
// …/c_unsupported-postgresql-functions.html)

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {after, before, describe, test} from 'node:test';
import pg from 'pg';
import {checkPasses} from '../../source/steps/check.js';
import {sqlFilesIn, sqlRoot, sqlStatements} from '../../source/warehouse/sql-files.js';
import {checksIn} from '../../source/warehouse/statement-progress.js';
import {ddlColumns} from '../support/ddl-columns.js';
import {warehouseWithTables, type TestWarehouse} from '../support/warehouse.js';

/** PostgreSQL's, refused by Redshift, as they would be written in our files. */
const postgresOnly: ReadonlyArray<[string, RegExp]> = [
	['STRING_AGG, ARRAY_AGG, EVERY, XMLAGG (Redshift has LISTAGG)', /\b(string_agg|array_agg|every|xmlagg)\s*\(/i],
	['an aggregate FILTER clause (Redshift: COUNT(CASE …))', /\bFILTER\s*\(\s*WHERE\b/i],
	['IS [NOT] DISTINCT FROM', /\bIS\s+(NOT\s+)?DISTINCT\s+FROM\b/i],
	['DISTINCT ON', /\bDISTINCT\s+ON\s*\(/i],
	['LATERAL', /\bLATERAL\b/i],
	['set-returning GENERATE_SERIES / GENERATE_SUBSCRIPTS', /\bgenerate_(series|subscripts)\s*\(/i],
	['array constructors and subscripts', /\bARRAY\s*\[|\w\s*\[\s*\d/i],
	['row constructors', /\bROW\s*\(/i],
	['a VALUES list as a table', /\(\s*VALUES\b|\bFROM\s+VALUES\b/i],
	['collations', /\bCOLLATE\b/i],
	['ON CONFLICT and RETURNING', /\bON\s+CONFLICT\b|\bRETURNING\b/i],
	['date/time functions Redshift lacks', /\b(clock_timestamp|transaction_timestamp|justify_\w+|pg_sleep)\s*\(/i],
	['math and string functions Redshift lacks', /\b(div|width_bucket|setseed|overlay|bit_length|convert_from|convert_to)\s*\(/i],
	['TABLESAMPLE and WITH ORDINALITY', /\bTABLESAMPLE\b|\bWITH\s+ORDINALITY\b/i],
	['indexes', /\bCREATE\s+(UNIQUE\s+)?INDEX\b/i],
];

/** A statement without its string literals: a word inside quotes is text, not SQL. */
const code = (statement: string) => statement.replace(/'(?:[^']|'')*'/g, "''");

const checkStatements = checkPasses();
const sharedFiles = [...sqlFilesIn('quality'), ...sqlFilesIn('transform')];

test('the checks are one set of files both dialects run: no dialect has a copy of its own', () => {
	assert.ok(checkStatements.length >= 2);
	assert.deepEqual(
		checkStatements.map((pass) => pass.file),
		sqlFilesIn('quality').filter((file) => /^\d+_/.test(path.basename(file))),
	);
	for (const dialect of ['postgres', 'redshift']) {
		const names = fs.readdirSync(path.join(sqlRoot, dialect), {recursive: true}) as string[];
		assert.deepEqual(
			names.filter((name) => /quality|check_(?!settings)|match_rate/.test(name)),
			[],
			`${dialect} has its own check SQL`,
		);
	}
	// What PostgreSQL alone runs before the checks changes how, never what, they compute.
	for (const statement of sqlStatements('postgres/check_settings.sql')) assert.match(statement.trim(), /^SET \w+ = (\w+|'\w+')$/);
});

test('the checks and the transforms use nothing Redshift refuses', () => {
	for (const file of sharedFiles) {
		for (const statement of sqlStatements(file)) {
			for (const [what, pattern] of postgresOnly) assert.doesNotMatch(code(statement), pattern, `${file} uses ${what}`);
		}
	}
});

test('the constructs refused above are recognised where they appear', () => {
	const refused = (sql: string) => postgresOnly.filter(([, pattern]) => pattern.test(code(sql))).map(([what]) => what);
	assert.equal(refused('SELECT COUNT(*) FILTER (WHERE x) FROM t').length, 1);
	assert.equal(refused('SELECT string_agg(a, b) FROM t').length, 1);
	assert.equal(refused('SELECT a IS DISTINCT FROM b FROM t').length, 1);
	assert.equal(refused("SELECT 'DISTINCT ON (x)' FROM t").length, 0);
	assert.equal(refused('SELECT COUNT(CASE WHEN a IS NULL THEN 1 END) FROM t').length, 0);
});

test("every check's name fits the VARCHAR it is cast to", () => {
	for (const {file, statement} of checkStatements) {
		const width = Number(/CAST\('[^']*' AS VARCHAR\((\d+)\)\) AS check_name/.exec(statement)?.[1]);
		assert.ok(width > 0, `${file} casts its first check_name to a VARCHAR of a stated width`);
		const names = [...statement.matchAll(/(?:^\s*SELECT |UNION ALL SELECT )(?:CAST\()?'((?:[^']|'')*)'/gm)].map((match) => match[1]!);
		assert.equal(names.length, checksIn(statement), file);
		for (const name of names) assert.ok(Buffer.byteLength(name) <= width, `${name} is longer than VARCHAR(${width})`);
	}
});

test('the Redshift tables have the columns the checks read on PostgreSQL', () => {
	const redshift = ddlColumns('redshift');
	const postgres = ddlColumns('postgres');
	for (const table of ['staging_events', 'staging_songs', 'songplays', 'users', 'songs', 'artists', 'time']) {
		assert.deepEqual([...(redshift[table] ?? [])].sort(), [...(postgres[table] ?? [])].sort(), table);
	}
});

describe('every check statement, run by PostgreSQL', () => {
	let warehouse: TestWarehouse;
	let client: pg.Client;
	before(async () => {
		warehouse = await warehouseWithTables('rschecks');
		client = new pg.Client({connectionString: warehouse.url});
		await client.connect();
	});
	after(async () => {
		await client.end();
		await warehouse.warehouse.close();
	});

	test('parses, and returns one (check_name, failing, table_name, table_rows) row per check', async () => {
		for (const {file, statement, checks} of checkStatements) {
			const {rows, fields} = await client.query(statement);
			assert.deepEqual(
				fields.map((field) => field.name),
				['check_name', 'failing', 'table_name', 'table_rows'],
				file,
			);
			assert.equal(rows.length, checks, file);
		}
	});

	test('the transforms parse and plan against the same tables', async () => {
		for (const file of sqlFilesIn('transform')) for (const statement of sqlStatements(file)) await client.query(`EXPLAIN ${statement}`);
	});
});
