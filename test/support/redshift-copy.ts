// What Redshift's COPY would leave in staging, done on PostgreSQL, for the agreement proof.
// Written apart from the product's loader on purpose: each line or file is JSON.parse'd,
// mapped to columns as our COPY statements say (events: the JSONPaths file, by position;
// songs: JSON 'auto', first-level keys equal to the column names, case-sensitive), with the
// statements' options: EMPTYASNULL (text columns only; spaces are kept), TIMEFORMAT
// 'epochmillisecs', a missing key loads NULL. Names are NOT repaired: that is COPY's gap.
// The rows go in with COPY text. A record without a value for a NOT NULL column is rejected
// as COPY rejects it under MAXERROR (counted, with its file and line); anything else Redshift
// would reject throws instead: the proof's data has none, and a silent difference would
// defeat it.

import fs from 'node:fs';
import path from 'node:path';
import {pipeline} from 'node:stream/promises';
import {Readable} from 'node:stream';
import type pg from 'pg';
import {from as copyFrom} from 'pg-copy-streams';
import type {StagingLoad} from '../../source/etl/postgres-loader.js';
import type {LoadError} from '../../source/etl/records.js';

type Column = {name: string; type: string; required: boolean};

async function columnsOf(client: pg.Client, table: string): Promise<Column[]> {
	const {rows} = await client.query<{name: string; type: string; nullable: string}>(
		'SELECT column_name AS name, data_type AS type, is_nullable AS nullable FROM information_schema.columns WHERE table_name = $1 ORDER BY ordinal_position',
		[table],
	);
	return rows.map((row) => ({name: row.name, type: row.type, required: row.nullable === 'NO'}));
}

/** What one emulated COPY did: files read, rows loaded, rows rejected (as SYS_LOAD_ERROR_DETAIL would list them). */
export type EmulatedCopy = {files: number; rows: number; rejected: LoadError[]};

/** COPY's rejection of a record with no value for a NOT NULL column, or undefined. */
function notNullRejection(fields: readonly string[], columns: readonly Column[], file: string, line: number): LoadError | undefined {
	const index = columns.findIndex((column, at) => column.required && fields[at] === '\\N');
	if (index === -1) return undefined;
	return {file, line, field: columns[index]!.name, reason: 'Missing data for not-null field (code 1213)', raw: ''};
}

function jsonFilesUnder(folder: string): string[] {
	if (!fs.existsSync(folder)) return [];
	return (fs.readdirSync(folder, {recursive: true}) as string[])
		.filter((name) => name.endsWith('.json'))
		.sort()
		.map((name) => path.join(folder, name));
}

/** `$['key']` or `$.key` → key. */
function jsonPathKeys(file: string): string[] {
	const {jsonpaths} = JSON.parse(fs.readFileSync(file, 'utf8')) as {jsonpaths: string[]};
	return jsonpaths.map((expression) => {
		const match = /^\$\['([^']+)'\]$/.exec(expression) ?? /^\$\.(\w+)$/.exec(expression);
		if (!match) throw new Error(`emulated COPY: unsupported JSONPath ${expression}`);
		return match[1]!;
	});
}

const escapeText = (text: string) => text.replace(/[\\\t\n\r]/g, (char) => ({'\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r'})[char]!);

/** One JSON value as COPY text for a column of this type, as Redshift's COPY would load it. */
function field(value: unknown, column: Column, where: string): string {
	if (value === undefined || value === null) return '\\N';
	switch (column.type) {
		case 'text':
		case 'character varying': {
			const text = typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
			if (text === undefined) throw new Error(`emulated COPY: ${where} ${column.name} is ${JSON.stringify(value)}`);
			// EMPTYASNULL.
			return text === '' ? '\\N' : escapeText(text);
		}
		case 'integer':
		case 'smallint':
		case 'bigint':
		case 'double precision': {
			const number = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
			if (!Number.isFinite(number)) throw new Error(`emulated COPY: ${where} ${column.name} is ${JSON.stringify(value)}`);
			return String(number);
		}
		case 'timestamp without time zone': {
			// TIMEFORMAT 'epochmillisecs'.
			if (typeof value !== 'number') throw new Error(`emulated COPY: ${where} ${column.name} is ${JSON.stringify(value)}`);
			return new Date(value).toISOString().replace('T', ' ').replace('Z', '');
		}
		default:
			throw new Error(`emulated COPY: no rule for ${column.type}`);
	}
}

async function copyRows(client: pg.Client, table: string, columns: readonly Column[], rows: Iterable<string>): Promise<void> {
	const sql = `COPY ${table} (${columns.map((column) => column.name).join(', ')}) FROM STDIN`;
	await pipeline(Readable.from(rows), client.query(copyFrom(sql)));
}

/** staging_songs as `COPY … FORMAT AS JSON 'auto' EMPTYASNULL` would fill it; one object per file. */
export async function copySongsLikeRedshift(client: pg.Client, root: string): Promise<EmulatedCopy> {
	const columns = await columnsOf(client, 'staging_songs');
	const files = jsonFilesUnder(path.join(root, 'song_data'));
	const rejected: LoadError[] = [];
	const rows: string[] = [];
	for (const file of files) {
		const record = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
		const fields = columns.map((column) => field(record[column.name], column, file));
		const rejection = notNullRejection(fields, columns, file, 1);
		if (rejection) rejected.push(rejection);
		else rows.push(`${fields.join('\t')}\n`);
	}
	await copyRows(client, 'staging_songs', columns, rows);
	return {files: files.length, rows: rows.length, rejected};
}

/** staging_events as `COPY … FORMAT AS JSON '…/log_json_path.json' TIMEFORMAT 'epochmillisecs' EMPTYASNULL` would fill it. */
export async function copyEventsLikeRedshift(client: pg.Client, root: string): Promise<EmulatedCopy> {
	const columns = await columnsOf(client, 'staging_events');
	const keys = jsonPathKeys(path.join(root, 'log_json_path.json'));
	if (keys.length !== columns.length) throw new Error('emulated COPY: the JSONPaths file does not cover staging_events');
	const files = jsonFilesUnder(path.join(root, 'log_data'));
	let rows = 0;
	const rejected: LoadError[] = [];
	function* eventRows(): Generator<string> {
		for (const file of files) {
			for (const [index, line] of fs.readFileSync(file, 'utf8').split('\n').entries()) {
				if (!line.trim()) continue;
				const record = JSON.parse(line) as Record<string, unknown>;
				const fields = columns.map((column, at) => field(record[keys[at]!], column, file));
				const rejection = notNullRejection(fields, columns, file, index + 1);
				if (rejection) {
					rejected.push(rejection);
					continue;
				}
				rows++;
				yield `${fields.join('\t')}\n`;
			}
		}
	}
	await copyRows(client, 'staging_events', columns, eventRows());
	return {files: files.length, rows, rejected};
}

/** Both staging tables, as the Redshift load's two COPYs would fill them, names unrepaired. */
export async function copyLikeRedshift(client: pg.Client, root: string): Promise<{staging: StagingLoad[]; rejected: LoadError[]}> {
	const startedAt = Date.now();
	const songs = await copySongsLikeRedshift(client, root);
	const events = await copyEventsLikeRedshift(client, root);
	const elapsedMs = Date.now() - startedAt;
	return {
		staging: [
			{table: 'staging_songs', files: songs.files, bytes: 0, rows: songs.rows, rejected: songs.rejected.length, elapsedMs},
			{table: 'staging_events', files: events.files, bytes: 0, rows: events.rows, rejected: events.rejected.length, elapsedMs},
		],
		rejected: [...songs.rejected, ...events.rejected],
	};
}
