// What Redshift's COPY would leave in staging, done on PostgreSQL, for the agreement proof.
// Written apart from the product's loader on purpose: each line or file is JSON.parse'd,
// mapped to columns as our COPY statements say (events: the JSONPaths file, by position;
// songs: JSON 'auto', first-level keys equal to the column names, case-sensitive), with the
// statements' options: EMPTYASNULL (text columns only; spaces are kept), TIMEFORMAT
// 'epochmillisecs', a missing key loads NULL. Names are NOT repaired: that is COPY's gap.
// The rows go in with COPY text. Anything Redshift would reject here throws instead: the
// proof's data has none, and a silent difference would defeat it.

import fs from 'node:fs';
import path from 'node:path';
import {pipeline} from 'node:stream/promises';
import {Readable} from 'node:stream';
import type pg from 'pg';
import {from as copyFrom} from 'pg-copy-streams';
import type {StagingLoad} from '../../source/etl/postgres-loader.js';

type Column = {name: string; type: string};

async function columnsOf(client: pg.Client, table: string): Promise<Column[]> {
	const {rows} = await client.query<{name: string; type: string}>(
		'SELECT column_name AS name, data_type AS type FROM information_schema.columns WHERE table_name = $1 ORDER BY ordinal_position',
		[table],
	);
	return rows;
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

/**
 * Loads `root` (the bucket's layout) into staging_songs and staging_events as Redshift's COPY
 * would with our statements' options, the names left as they are.
 */
export async function copyLikeRedshift(client: pg.Client, root: string): Promise<{staging: StagingLoad[]; rejected: {count: 0; sample: []; file: undefined}}> {
	const startedAt = Date.now();
	const songColumns = await columnsOf(client, 'staging_songs');
	const songFiles = jsonFilesUnder(path.join(root, 'song_data'));
	const songRows = songFiles.map((file) => {
		const record = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
		return `${songColumns.map((column) => field(record[column.name], column, file)).join('\t')}\n`;
	});
	await copyRows(client, 'staging_songs', songColumns, songRows);

	const eventColumns = await columnsOf(client, 'staging_events');
	const keys = jsonPathKeys(path.join(root, 'log_json_path.json'));
	if (keys.length !== eventColumns.length) throw new Error('emulated COPY: the JSONPaths file does not cover staging_events');
	const eventFiles = jsonFilesUnder(path.join(root, 'log_data'));
	let events = 0;
	function* eventRows(): Generator<string> {
		for (const file of eventFiles) {
			for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
				if (!line.trim()) continue;
				const record = JSON.parse(line) as Record<string, unknown>;
				events++;
				yield `${eventColumns.map((column, index) => field(record[keys[index]!], column, file)).join('\t')}\n`;
			}
		}
	}
	await copyRows(client, 'staging_events', eventColumns, eventRows());
	const elapsedMs = Date.now() - startedAt;
	return {
		staging: [
			{table: 'staging_songs', files: songFiles.length, bytes: 0, rows: songRows.length, rejected: 0, elapsedMs},
			{table: 'staging_events', files: eventFiles.length, bytes: 0, rows: events, rejected: 0, elapsedMs},
		],
		rejected: {count: 0, sample: [], file: undefined},
	};
}
