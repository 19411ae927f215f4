import assert from 'node:assert/strict';
import fs from 'node:fs';
import {test} from 'node:test';
import {UserError} from '../../source/core/errors.js';
import {buildSchemaModel, loadSchemaModel, parseCreateTable, parseDdl, type SchemaModel} from '../../source/schema/ddl.js';
import {mermaidErDiagram, mermaidType} from '../../source/schema/mermaid.js';
import {projectReadme, schemaEndMarker, schemaStartMarker, updateReadmeDiagram} from '../../source/schema/readme.js';
import {schemaTextView} from '../../source/schema/text-view.js';
import {readSql, splitStatements} from '../../source/warehouse/sql-files.js';
import {stagingTables, starTables} from '../../source/warehouse/tables.js';
import {ddlColumns} from '../support/ddl-columns.js';

const postgres = loadSchemaModel('postgres');
const redshift = loadSchemaModel('redshift');

const table = (model: SchemaModel, name: string) => {
	const found = model.tables.find((candidate) => candidate.name === name);
	assert.ok(found, `no table ${name}`);
	return found;
};
const column = (model: SchemaModel, tableName: string, name: string) => {
	const found = table(model, tableName).columns.find((candidate) => candidate.name === name);
	assert.ok(found, `no column ${tableName}.${name}`);
	return found;
};
const joins = (model: SchemaModel) => model.relationships.map((r) => `${r.from.table}.${r.from.column} → ${r.to.table}.${r.to.column}`).sort();

test('both dialects parse to the tables and columns of their DDL', () => {
	for (const [dialect, model] of [
		['postgres', postgres],
		['redshift', redshift],
	] as const) {
		const expected = ddlColumns(dialect);
		assert.deepEqual(Object.fromEntries(model.tables.map((t) => [t.name, t.columns.map((c) => c.name)])), expected, dialect);
	}
	const shape = (model: SchemaModel) =>
		model.tables.map((t) => ({name: t.name, kind: t.kind, primaryKey: t.primaryKey, columns: t.columns.map((c) => [c.name, c.notNull, c.primaryKey, c.identity])}));
	assert.deepEqual(shape(redshift), shape(postgres));
});

test('tables are classified by name: staging_ prefix, the fact table, bookkeeping, dimensions', () => {
	const kinds = Object.fromEntries(postgres.tables.map((t) => [t.name, t.kind]));
	assert.deepEqual(kinds, {
		staging_events: 'staging',
		staging_songs: 'staging',
		users: 'dimension',
		artists: 'dimension',
		songs: 'dimension',
		time: 'dimension',
		songplays: 'fact',
		load_runs: 'bookkeeping',
	});
	// The same tables the rest of the tool knows by name.
	assert.deepEqual(
		postgres.tables
			.filter((t) => t.kind === 'staging')
			.map((t) => t.name)
			.sort(),
		[...stagingTables].sort(),
	);
	assert.deepEqual(
		postgres.tables
			.filter((t) => t.kind === 'fact' || t.kind === 'dimension')
			.map((t) => t.name)
			.sort(),
		[...starTables].sort(),
	);
});

test('column types are kept as written, in lower case; Redshift clauses are ignored', () => {
	assert.equal(column(postgres, 'songs', 'duration').type, 'double precision');
	assert.equal(column(redshift, 'songs', 'duration').type, 'double precision');
	assert.equal(column(postgres, 'time', 'start_time').type, 'timestamp');
	assert.equal(column(redshift, 'time', 'start_time').type, 'timestamp');
	assert.equal(column(postgres, 'time', 'hour').type, 'smallint');
	assert.equal(column(postgres, 'users', 'level').type, 'text');
	assert.equal(column(redshift, 'users', 'first_name').type, 'varchar(256)');
	assert.equal(column(redshift, 'load_runs', 'progress').type, 'varchar(65535)');
	for (const model of [postgres, redshift]) {
		const songplayId = column(model, 'songplays', 'songplay_id');
		assert.deepEqual([songplayId.type, songplayId.primaryKey, songplayId.notNull, songplayId.identity], ['bigint', true, true, true]);
		assert.equal(column(model, 'songplays', 'user_id').notNull, false);
		assert.equal(column(model, 'songplays', 'start_time').notNull, true);
		assert.deepEqual(table(model, 'time').primaryKey, ['start_time']);
		assert.deepEqual(table(model, 'staging_events').primaryKey, []);
	}
});

test('the parser keeps decimals and parentheses in types and reads table-level keys', () => {
	const parsed = parseCreateTable(`CREATE TABLE IF NOT EXISTS "Prices" (
		id INTEGER IDENTITY(0, 1) ENCODE az64,
		amount NUMERIC(10, 5) DEFAULT 0 NOT NULL,
		at TIMESTAMP WITH TIME ZONE CHECK (at > '2000-01-01'),
		tag VARCHAR(16) DEFAULT 'a, (b)',
		song_id VARCHAR(32),
		PRIMARY KEY (id),
		CONSTRAINT fk_song FOREIGN KEY (song_id) REFERENCES songs (song_id)
	) DISTSTYLE KEY DISTKEY (id) SORTKEY (at)`);
	assert.ok(parsed);
	assert.equal(parsed.name, 'Prices');
	assert.deepEqual(
		parsed.columns.map((c) => [c.name, c.type, c.notNull, c.primaryKey]),
		[
			['id', 'integer', true, true],
			['amount', 'numeric(10,5)', true, false],
			['at', 'timestamp with time zone', false, false],
			['tag', 'varchar(16)', false, false],
			['song_id', 'varchar(32)', false, false],
		],
	);
	assert.deepEqual(parsed.columns[4]!.references, {table: 'songs', column: 'song_id'});
	assert.equal(parseCreateTable('CREATE INDEX x ON t (a)'), undefined);
});

test('PostgreSQL declares no foreign keys; the derived joins agree with what Redshift declares', () => {
	assert.doesNotMatch(splitStatements(readSql('postgres/create_tables.sql')).join('\n'), /REFERENCES|FOREIGN\s+KEY/i);
	assert.ok(postgres.tables.every((t) => t.columns.every((c) => c.references === undefined)));
	const declared = table(redshift, 'songplays')
		.columns.filter((c) => c.references)
		.map((c) => `songplays.${c.name} → ${c.references!.table}.${c.references!.column}`)
		.sort();
	assert.deepEqual(joins(redshift), declared);
});

test('the relationships are exactly the four joins of the star', () => {
	const expected = ['songplays.artist_id → artists.artist_id', 'songplays.song_id → songs.song_id', 'songplays.start_time → time.start_time', 'songplays.user_id → users.user_id'];
	assert.deepEqual(joins(postgres), expected);
	assert.deepEqual(joins(redshift), expected);
	const optional = Object.fromEntries(postgres.relationships.map((r) => [r.from.column, r.optional]));
	assert.deepEqual(optional, {start_time: false, user_id: true, song_id: true, artist_id: true});
});

test('a new dimension whose key the fact table carries becomes a relationship by itself', () => {
	const ddl = `${readSql('postgres/create_tables.sql')}
		CREATE TABLE IF NOT EXISTS sessions (session_id INTEGER PRIMARY KEY, started_at TIMESTAMP);`;
	const model = buildSchemaModel(ddl);
	assert.equal(table(model, 'sessions').kind, 'dimension');
	assert.ok(joins(model).includes('songplays.session_id → sessions.session_id'));
	assert.equal(model.relationships.length, 5);
	assert.match(mermaidErDiagram(model), /^ {4}sessions \|\|--o\{ songplays : "session_id"$/m);
	// A table whose key the fact does not carry joins nothing.
	assert.equal(buildSchemaModel(`${ddl} CREATE TABLE devices (device_id TEXT PRIMARY KEY);`).relationships.length, 5);
});

test('the lineage names the transform that fills each star table and what it reads', () => {
	assert.deepEqual(postgres.lineage, [
		{file: 'transform/01_artists.sql', target: 'artists', sources: ['staging_songs']},
		{file: 'transform/02_songs.sql', target: 'songs', sources: ['staging_songs']},
		{file: 'transform/03_users.sql', target: 'users', sources: ['staging_events']},
		{file: 'transform/04_time.sql', target: 'time', sources: ['staging_events']},
		{file: 'transform/05_songplays.sql', target: 'songplays', sources: ['staging_events', 'staging_songs']},
	]);
});

test('Mermaid types have no parentheses or spaces', () => {
	assert.equal(mermaidType('numeric(10,5)'), 'numeric');
	assert.equal(mermaidType('double precision'), 'double_precision');
	assert.equal(mermaidType('varchar(256)'), 'varchar');
	assert.equal(mermaidType('timestamp with time zone'), 'timestamp_with_time_zone');
});

const entityOpen = /^ {4}[A-Za-z_][A-Za-z0-9_-]* \{$/;
const attribute = /^ {8}[A-Za-z_][A-Za-z0-9_]* [A-Za-z_][A-Za-z0-9_]*(?: (?:PK|FK|UK)(?:, (?:PK|FK|UK))*)?$/;
const entityClose = /^ {4}\}$/;
const cardinality = String.raw`(?:\|\||\|o|o\||\}o|o\{|\}\||\|\{)`;
const relationship = new RegExp(String.raw`^ {4}[A-Za-z_][A-Za-z0-9_-]* ${cardinality}(?:--|\.\.)${cardinality} [A-Za-z_][A-Za-z0-9_-]* : "[^"]+"$`);
const comment = /^ *%%(?!\{)/;

test('every line of the Mermaid diagram matches the erDiagram grammar', () => {
	for (const model of [postgres, redshift]) {
		for (const include of ['star', 'all'] as const) {
			const lines = mermaidErDiagram(model, {include}).trimEnd().split('\n');
			assert.equal(lines[0], 'erDiagram');
			for (const line of lines.slice(1)) {
				assert.ok(
					[entityOpen, attribute, entityClose, relationship, comment].some((pattern) => pattern.test(line)),
					`not Mermaid: ${JSON.stringify(line)}`,
				);
				if (attribute.test(line)) assert.doesNotMatch(line, /[()]/);
			}
			assert.equal(lines.filter((line) => relationship.test(line)).length, 4);
		}
	}
});

test('the default diagram shows the star and staging tables, not the bookkeeping', () => {
	const entities = (text: string) =>
		text
			.split('\n')
			.filter((line) => entityOpen.test(line))
			.map((line) => line.trim().split(' ')[0]);
	assert.deepEqual(entities(mermaidErDiagram(postgres)), ['songplays', 'users', 'artists', 'songs', 'time', 'staging_events', 'staging_songs']);
	assert.ok(entities(mermaidErDiagram(postgres, {include: 'all'})).includes('load_runs'));
	assert.deepEqual(entities(mermaidErDiagram(postgres, {staging: false})), ['songplays', 'users', 'artists', 'songs', 'time']);
	const diagram = mermaidErDiagram(postgres);
	assert.match(diagram, /^ {4}users \|o--o\{ songplays : "user_id"$/m);
	assert.match(diagram, /^ {4}time \|\|--o\{ songplays : "start_time"$/m);
	assert.match(diagram, /^ {8}double_precision duration$/m);
	assert.match(diagram, /^ {8}integer user_id FK$/m);
});

test('the text view lists every table and join within 80 columns', () => {
	const lines = schemaTextView(redshift, {include: 'all'});
	assert.ok(
		lines.every((line) => [...line].length <= 80),
		'a line is wider than 80 columns',
	);
	for (const t of redshift.tables) assert.ok(lines.includes(`${t.name} (${t.kind === 'fact' ? 'fact table' : t.kind})`), t.name);
	for (const join of joins(redshift))
		assert.ok(
			lines.some((line) => line.trim().startsWith(join)),
			join,
		);
	assert.ok(lines.some((line) => /^ {2}PK {2}user_id +integer +not null$/.test(line)));
	assert.ok(schemaTextView(postgres, {width: 30}).every((line) => [...line].length <= 30));
});

test('updateReadmeDiagram replaces only the marked region and is idempotent', () => {
	const readme = `# Title\n\nIntro.\n\n${schemaStartMarker}\nold content\n${schemaEndMarker}\n\nAfter.\n`;
	const first = updateReadmeDiagram(readme, 'erDiagram\n    a {\n    }\n');
	assert.equal(first.changed, true);
	assert.equal(first.text, `# Title\n\nIntro.\n\n${schemaStartMarker}\n\`\`\`mermaid\nerDiagram\n    a {\n    }\n\`\`\`\n${schemaEndMarker}\n\nAfter.\n`);
	const second = updateReadmeDiagram(first.text, 'erDiagram\n    a {\n    }\n');
	assert.deepEqual(second, {text: first.text, changed: false});
	assert.equal(updateReadmeDiagram(first.text, 'erDiagram\n').changed, true);
});

test('updateReadmeDiagram says where to put the markers when they are missing', () => {
	for (const text of ['# no markers\n', `${schemaStartMarker}\nonly the start\n`, `${schemaEndMarker}\n${schemaStartMarker}\n`]) {
		assert.throws(
			() => updateReadmeDiagram(text, 'erDiagram\n'),
			(error: unknown) => {
				assert.ok(error instanceof UserError);
				assert.equal(error.code, 'readme_markers_missing');
				assert.ok(error.hint?.includes(schemaStartMarker) && error.hint.includes(schemaEndMarker));
				return true;
			},
		);
	}
	assert.throws(() => updateReadmeDiagram(`${schemaStartMarker}${schemaEndMarker}${schemaStartMarker}${schemaEndMarker}`, 'x'), UserError);
});

test('the README diagram is what the generator draws from the DDL now', () => {
	const readme = fs.readFileSync(projectReadme, 'utf8');
	const {changed} = updateReadmeDiagram(readme, mermaidErDiagram(loadSchemaModel('postgres')));
	assert.equal(changed, false, 'The schema diagram in README.md is stale: run `npm start -- schema --write`.');
});

test('parseDdl ignores statements that are not CREATE TABLE', () => {
	assert.deepEqual(
		parseDdl('CREATE INDEX i ON t (a); CREATE TABLE t (a INT); DROP TABLE x;').map((t) => t.name),
		['t'],
	);
});
