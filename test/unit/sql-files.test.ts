import assert from 'node:assert/strict';
import {test} from 'node:test';
import {UserError} from '../../source/core/errors.js';
import {parseJsonPaths} from '../../source/etl/jsonpaths.js';
import {defaultEventKeys, eventColumns} from '../../source/etl/records.js';
import {readSql, splitStatements, sqlFilesIn} from '../../source/warehouse/sql-files.js';
import fs from 'node:fs';
import path from 'node:path';
import {sampleData} from '../support/paths.js';
import {ddlColumns} from '../support/ddl-columns.js';

test('statements split at semicolons outside quotes and comments', () => {
	const text = "-- a comment; with a semicolon\nSELECT 'a;b' AS x;\n/* block; */ SELECT \"we;ird\" FROM t;\nSELECT 'it''s; fine'";
	assert.deepEqual(splitStatements(text), ["SELECT 'a;b' AS x", 'SELECT "we;ird" FROM t', "SELECT 'it''s; fine'"]);
});

test('a dollar-quoted body is one piece, its semicolons included; a $1 parameter is not a quote', () => {
	const text = "DO $$ BEGIN PERFORM 1; PERFORM 2; END $$;\nDO $body$ BEGIN RAISE NOTICE '$$;'; END $body$;\nSELECT $1; SELECT 2";
	assert.deepEqual(splitStatements(text), ['DO $$ BEGIN PERFORM 1; PERFORM 2; END $$', "DO $body$ BEGIN RAISE NOTICE '$$;'; END $body$", 'SELECT $1', 'SELECT 2']);
});

test('both dialects create the same tables with the same columns', () => {
	const postgres = ddlColumns('postgres');
	assert.deepEqual(Object.keys(postgres).sort(), ['artists', 'load_runs', 'songplays', 'songs', 'staging_events', 'staging_songs', 'time', 'users']);
	assert.deepEqual(ddlColumns('redshift'), postgres);
	assert.deepEqual(
		postgres.staging_events,
		eventColumns.map((spec) => spec.column),
	);
});

test('the Redshift DDL distributes and sorts, and the PostgreSQL DDL does not', () => {
	const redshift = readSql('redshift/create_tables.sql');
	assert.match(redshift, /songplay_id BIGINT IDENTITY\(0, 1\)/);
	assert.match(redshift, /CREATE TABLE IF NOT EXISTS songplays \([^;]*\)\s*DISTSTYLE KEY\s*DISTKEY \(start_time\)\s*SORTKEY \(start_time\);/);
	assert.doesNotMatch(readSql('postgres/create_tables.sql'), /DISTKEY|SORTKEY|DISTSTYLE|IDENTITY\(/);
});

test('transforms run in dependency order and are shared by both dialects', () => {
	assert.deepEqual(sqlFilesIn('transform'), [
		'transform/01_artists.sql',
		'transform/02_songs.sql',
		'transform/03_users.sql',
		'transform/04_time.sql',
		'transform/05_songplays.sql',
	]);
});

test("the sample's JSONPaths file names the keys the loader expects, in order", () => {
	const text = fs.readFileSync(path.join(sampleData, 'log_json_path.json'), 'utf8');
	assert.deepEqual(parseJsonPaths(text, eventColumns.length, 'sample'), [...defaultEventKeys]);
	assert.deepEqual(parseJsonPaths(JSON.stringify({jsonpaths: defaultEventKeys.map((key) => `$.${key}`)}), 18, 'dots'), [...defaultEventKeys]);
});

test('a JSONPaths file that cannot map the columns is refused with the reason', () => {
	assert.throws(
		() => parseJsonPaths('{"paths": []}', 18, 'x'),
		(error: unknown) => error instanceof UserError && /no "jsonpaths" list/.test(error.message),
	);
	assert.throws(() => parseJsonPaths(JSON.stringify({jsonpaths: ["$['a']"]}), 18, 'x'), /lists 1 paths, but staging_events has 18/);
	const nested = JSON.stringify({jsonpaths: [...defaultEventKeys.slice(0, 17).map((key) => `$['${key}']`), "$['user']['id']"]});
	assert.throws(() => parseJsonPaths(nested, 18, 'x'), /Path 18 .* is not a first-level key/);
	assert.throws(() => parseJsonPaths('{', 18, 'x'), /not valid JSON/);
});
