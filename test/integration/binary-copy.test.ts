// The staging load speaks PostgreSQL's binary COPY. Values at the edges (far and early
// times, fractions, extreme integers, text with tabs, newlines, backslashes, quotes,
// escapes and non-ASCII, repaired names, NULLs) go through the real server and are read
// back; the expectations come from JSON.parse and plain arithmetic, not from the loader.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {after, before, describe, test} from 'node:test';
import pg from 'pg';
import {createErrorSink} from '../../source/etl/error-sink.js';
import {loadStagingTable} from '../../source/etl/postgres-loader.js';
import {defaultEventKeys, eventColumns, newRepairTally} from '../../source/etl/records.js';
import {localFolderSource} from '../../source/etl/source.js';
import type {Warehouse} from '../../source/warehouse/connection.js';
import {makeTempDir} from '../support/tmp.js';
import {warehouseWithTables} from '../support/warehouse.js';

const base = {
	artist: 'A',
	auth: 'Logged In',
	firstName: 'F',
	gender: 'M',
	itemInSession: 0,
	lastName: 'L',
	length: 1.5,
	level: 'free',
	location: 'Here',
	method: 'PUT',
	page: 'NextSong',
	registration: 1540344794796.0,
	sessionId: 1,
	song: 'S',
	status: 200,
	ts: 1541106106796,
	userAgent: 'UA',
	userId: '1',
};

// Each line is written as Python's json.dumps would (ASCII only, \u escapes), or raw.
const asciiJson = (value: unknown) => JSON.stringify(value).replace(/[\u007f-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);

const records: Array<Record<string, unknown>> = [
	base,
	{...base, ts: 253_402_300_799_999, itemInSession: 2_147_483_647, sessionId: -2_147_483_648, length: 0.000001, registration: 123456789012345.6},
	// biome-ignore lint/correctness/noPrecisionLoss: more digits than a double holds, on purpose: the loader must round as PostgreSQL does
	// biome-ignore lint/suspicious/noApproximativeNumericConstant: a long number that happens to be π, not a use of π
	{...base, ts: 0, itemInSession: -1, length: -122.33212, registration: 3.141592653589793238, status: 0},
	{...base, artist: 'tab\there', song: 'new\nline\r\nand \\ backslash', location: 'quote " slash / \b\f', userAgent: '"Mozilla/5.0 (X11)"'},
	{...base, artist: 'Björk', firstName: 'Renée', lastName: 'Núñez', song: '東京事変 🎵', location: 'São Paulo'},
	{...base, artist: 'BjÃ\u0083Â¶rk', song: 'GÃ©nÃ©ration'},
	{...base, artist: null, firstName: '', length: null, registration: null, userId: '', song: null, status: null},
	// Exponents are left to the full path: its rows go through the same binary writer.
	{...base, length: 1e-7, registration: 1.5e300, ts: 946_684_799_999, song: 'full path \\ tab\t'},
];

type Row = Record<string, unknown>;

describe('the binary staging load', () => {
	let url: string;
	let client: pg.Client;
	let warehouse: Warehouse;
	let loaded: Row[];
	let repaired: number;

	before(async () => {
		({url, warehouse} = await warehouseWithTables('binary'));
		// The loader works on a bare client, inside the transaction its caller opens.
		client = new pg.Client({connectionString: url});
		await client.connect();
		const root = makeTempDir('sparkify-binary');
		const logs = path.join(root, 'log_data', '2018', '11');
		fs.mkdirSync(logs, {recursive: true});
		fs.mkdirSync(path.join(root, 'song_data'));
		// Half escaped as Python writes it, half raw UTF-8: both ways into the fast path.
		fs.writeFileSync(path.join(logs, 'a.json'), records.map((record, index) => (index % 2 === 0 ? asciiJson(record) : JSON.stringify(record))).join('\n'));
		const source = localFolderSource(root);
		const tally = newRepairTally();
		await client.query('BEGIN');
		const result = await loadStagingTable(
			client,
			{table: 'staging_events', columns: eventColumns, keys: defaultEventKeys, files: (await source.listFiles('events')).files, layout: 'lines', progressUnit: 'bytes'},
			source,
			createErrorSink({maxErrors: 0, reportFile: path.join(root, 'rejected.ndjson')}),
			tally,
			() => {},
			new AbortController().signal,
		);
		await client.query('COMMIT');
		assert.equal(result.rows, records.length);
		repaired = tally.values;
		const {rows} = await client.query<Row>(
			`SELECT artist, first_name, last_name, length, location, item_in_session, registration, session_id, song, status,
			        to_char(ts, 'YYYY-MM-DD"T"HH24:MI:SS.MS') AS ts, user_agent, user_id
			   FROM staging_events ORDER BY ctid`,
		);
		loaded = rows;
	});
	after(async () => {
		await client?.end();
		await warehouse?.close();
	});

	test('times from 1970 to the last millisecond of 9999 arrive exact', () => {
		assert.deepEqual(
			loaded.map((row) => row.ts),
			records.map((record) => new Date(record.ts as number).toISOString().slice(0, 23)),
		);
	});

	test('integers at the edges of 32 bits and fractions arrive as the same numbers', () => {
		records.forEach((record, index) => {
			const row = loaded[index]!;
			assert.equal(row.item_in_session, record.itemInSession);
			assert.equal(row.session_id, record.sessionId);
			assert.equal(row.status, record.status);
			assert.equal(row.length, record.length);
			assert.equal(row.registration, record.registration);
		});
	});

	test('text keeps tabs, newlines, backslashes, quotes and every character; empty text and null are NULL', () => {
		const text = (value: unknown) => (value === '' || value === null ? null : value);
		[0, 1, 2, 3, 4, 7].forEach((index) => {
			const record = records[index]!;
			const row = loaded[index]!;
			assert.equal(row.song, text(record.song));
			assert.equal(row.location, text(record.location));
			assert.equal(row.user_agent, text(record.userAgent));
			assert.equal(row.first_name, text(record.firstName));
			assert.equal(row.last_name, text(record.lastName));
			assert.equal(row.user_id, text(record.userId));
		});
		const empty = loaded[6]!;
		assert.deepEqual([empty.artist, empty.first_name, empty.length, empty.registration, empty.user_id, empty.song, empty.status], [null, null, null, null, null, null, null]);
	});

	test('double-encoded names arrive repaired, and the repairs are counted', () => {
		assert.equal(loaded[5]!.artist, 'Björk');
		assert.equal(loaded[5]!.song, 'Génération');
		assert.equal(repaired, 2);
	});
});
