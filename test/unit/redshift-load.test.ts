// The Redshift load without a Redshift: the COPY text is checked exactly, and the loader is
// driven by a scripted connection that answers as Redshift's system views would.

import assert from 'node:assert/strict';
import {test} from 'node:test';
import {UserError} from '../../source/core/errors.js';
import type {StepEvent} from '../../source/core/events.js';
import {loadRedshiftStaging} from '../../source/etl/redshift-loader.js';
import {renderCopyStatements} from '../../source/warehouse/redshift-copy.js';
import {splitStatements} from '../../source/warehouse/sql-files.js';

const settings = {
	source: {bucket: 'udacity-dend', prefix: ''},
	iamRoleArn: 'arn:aws:iam::123456789012:role/sparkify-dwh-s3-read',
	region: 'us-west-2',
	maxErrors: 0,
};

test('the COPY statements name the S3 prefixes, the role, the region and the formats', () => {
	const {songs, events} = renderCopyStatements(settings);
	const oneLine = (sql: string) => sql.replace(/\s+/g, ' ');
	assert.equal(
		oneLine(songs),
		"COPY staging_songs FROM 's3://udacity-dend/song_data/' IAM_ROLE 'arn:aws:iam::123456789012:role/sparkify-dwh-s3-read' FORMAT AS JSON 'auto' REGION 'us-west-2' COMPUPDATE OFF STATUPDATE OFF MAXERROR 0 TRUNCATECOLUMNS EMPTYASNULL",
	);
	assert.equal(
		oneLine(events),
		"COPY staging_events FROM 's3://udacity-dend/log_data/' IAM_ROLE 'arn:aws:iam::123456789012:role/sparkify-dwh-s3-read' FORMAT AS JSON 's3://udacity-dend/log_json_path.json' TIMEFORMAT 'epochmillisecs' REGION 'us-west-2' COMPUPDATE OFF STATUPDATE OFF MAXERROR 0 TRUNCATECOLUMNS EMPTYASNULL",
	);
	// One statement each, whatever the comments in the template files say.
	assert.equal(splitStatements(songs).length, 1);
	assert.equal(splitStatements(events).length, 1);
	const prefixed = renderCopyStatements({...settings, source: {bucket: 'my-bucket', prefix: 'sparkify/2018/'}, maxErrors: 10});
	assert.match(prefixed.events, /FROM 's3:\/\/my-bucket\/sparkify\/2018\/log_data\/'/);
	assert.match(prefixed.events, /MAXERROR 10/);
});

test("--accept-invalid-chars C adds ACCEPTINVCHARS AS 'C' to both COPYs, and nothing without it", () => {
	const oneLine = (sql: string) => sql.replace(/\s+/g, ' ');
	for (const sql of Object.values(renderCopyStatements({...settings, acceptInvalidChars: '?'}))) {
		assert.match(oneLine(sql), / MAXERROR 0 TRUNCATECOLUMNS ACCEPTINVCHARS AS '\?' EMPTYASNULL$/);
		assert.equal(splitStatements(sql).length, 1);
	}
	for (const sql of Object.values(renderCopyStatements(settings))) {
		assert.doesNotMatch(sql, /ACCEPTINVCHARS/);
		assert.doesNotMatch(sql, /\n\s*\n/, 'no empty line where the option would be');
	}
	// A quote is doubled and a backslash too (Redshift's literals escape with it): one character each.
	assert.match(renderCopyStatements({...settings, acceptInvalidChars: "'"}).events, /ACCEPTINVCHARS AS ''''\n/);
	assert.match(renderCopyStatements({...settings, acceptInvalidChars: '\\'}).songs, /ACCEPTINVCHARS AS '\\\\'\n/);
	for (const bad of ['', 'ab', '\u0000', 'é', '\n']) assert.throws(() => renderCopyStatements({...settings, acceptInvalidChars: bad}), UserError, JSON.stringify(bad));
});

test('nothing unvalidated reaches the COPY text', () => {
	assert.throws(() => renderCopyStatements({...settings, iamRoleArn: "arn:aws:iam::1:role/x' ; DROP TABLE users; --"}), UserError);
	assert.throws(() => renderCopyStatements({...settings, region: "us-west-2'"}), UserError);
	assert.throws(() => renderCopyStatements({...settings, source: {bucket: 'b', prefix: "it's/"}}), UserError);
	assert.throws(() => renderCopyStatements({...settings, maxErrors: 200_000}), UserError);
});

/** A connection that answers like Redshift: COPY takes a while, SYS_LOAD_HISTORY counts up. */
function scriptedRedshift(options: {failEvents?: boolean} = {}) {
	const issued: string[] = [];
	let polls = 0;
	const progressRows = (table: string) => {
		polls++;
		const total = table === 'staging_songs' ? 71 : 30;
		const scanned = Math.min(total, polls * 10);
		return [
			{
				status: 'running',
				loaded_rows: scanned * 100,
				loaded_bytes: 0,
				source_file_count: total,
				file_count_scanned: scanned,
				source_file_bytes: total * 1000,
				file_bytes_scanned: scanned * 1000,
				error_count: 0,
			},
		];
	};
	const client = {
		async query(sql: string) {
			issued.push(sql);
			if (sql.includes('pg_backend_pid') && sql.includes('SYSDATE')) return {rows: [{pid: 4242, now: new Date('2026-11-24T12:00:00Z')}], rowCount: 1};
			if (sql.startsWith('COPY staging_songs')) {
				await new Promise((resolve) => setTimeout(resolve, 30));
				return {rows: [], rowCount: 71};
			}
			if (sql.startsWith('COPY staging_events')) {
				await new Promise((resolve) => setTimeout(resolve, 30));
				if (options.failEvents) throw Object.assign(new Error("Load into table 'staging_events' failed. Check 'sys_load_error_detail' system table for details."), {code: 'XX000'});
				return {rows: [], rowCount: 8056};
			}
			throw new Error(`unexpected SQL on the loading connection: ${sql}`);
		},
	};
	const monitor = {
		async query(sql: string, params: unknown[]) {
			if (sql.includes('sys_load_history')) {
				assert.equal(params[0], 4242, 'progress is read for the loading session');
				return {rows: progressRows(String(params[1])), rowCount: 1};
			}
			if (sql.includes('sys_load_error_detail')) {
				return options.failEvents
					? {
							rows: [
								{
									file_name: 's3://udacity-dend/log_data/2018/11/2018-11-05-events.json   ',
									line_number: 12,
									column_name: 'ts   ',
									error_code: 1206,
									error_message: 'Invalid timestamp format or value   ',
								},
							],
							rowCount: 1,
						}
					: {rows: [], rowCount: 0};
			}
			throw new Error(`unexpected SQL on the monitor: ${sql}`);
		},
	};
	return {client, monitor, issued};
}

test("progress is read from SYS_LOAD_HISTORY while COPY runs, and ends with COPY's row count", async () => {
	const {client, monitor, issued} = scriptedRedshift();
	const events: StepEvent[] = [];
	const result = await loadRedshiftStaging({
		client: client as never,
		monitor: monitor as never,
		statements: renderCopyStatements(settings),
		report: (event) => events.push(event),
		signal: new AbortController().signal,
		pollMs: 5,
	});
	assert.deepEqual(
		result.staging.map((load) => [load.table, load.rows, load.files]),
		[
			['staging_songs', 71, 71],
			['staging_events', 8056, 30],
		],
	);
	assert.deepEqual(result.rejected, []);
	assert.ok(issued.some((sql) => sql.startsWith('COPY staging_events')));
	const running = events.filter((event) => event.type === 'progress' && event.state === 'running' && event.task === 'staging_songs');
	assert.ok(running.length >= 1, 'at least one live reading before COPY finished');
	const done = events.filter((event) => event.type === 'progress' && event.state === 'done');
	assert.deepEqual(
		done.map((event) => event.type === 'progress' && [event.task, event.counters.rows?.done]),
		[
			['staging_songs', 71],
			['staging_events', 8056],
		],
	);
});

test('a failed COPY is explained by its rejected rows: file, line, column, reason', async () => {
	const {client, monitor} = scriptedRedshift({failEvents: true});
	await assert.rejects(
		loadRedshiftStaging({
			client: client as never,
			monitor: monitor as never,
			statements: renderCopyStatements(settings),
			report: () => {},
			signal: new AbortController().signal,
			pollMs: 5,
		}),
		(error: unknown) => {
			assert.ok(error instanceof UserError);
			assert.equal(error.code, 'copy_rejected');
			assert.equal(error.message, 'COPY rejected the data: s3://udacity-dend/log_data/2018/11/2018-11-05-events.json:12 ts Invalid timestamp format or value (code 1206)');
			return true;
		},
	);
});

test('a COPY that ends before the first poll still reports the rows it rejected under MAXERROR', async () => {
	let copied!: () => void;
	const copyDone = new Promise<void>((resolve) => (copied = resolve));
	const client = {
		async query(sql: string) {
			if (sql.includes('SYSDATE')) return {rows: [{pid: 7, now: new Date()}], rowCount: 1};
			copied();
			return {rows: [], rowCount: sql.startsWith('COPY staging_songs') ? 71 : 8053};
		},
	};
	const monitor = {
		async query(sql: string, params: unknown[]) {
			if (sql.includes('sys_load_history')) {
				const events = params[1] === 'staging_events';
				return {
					rows: [
						{
							status: 'completed',
							loaded_rows: events ? 8053 : 71,
							loaded_bytes: 0,
							source_file_count: 1,
							file_count_scanned: 1,
							source_file_bytes: 0,
							file_bytes_scanned: 0,
							error_count: events ? 3 : 0,
						},
					],
					rowCount: 1,
				};
			}
			return {rows: [], rowCount: 0};
		},
	};
	const result = await loadRedshiftStaging({
		client: client as never,
		monitor: monitor as never,
		statements: renderCopyStatements({...settings, maxErrors: 5}),
		// No poll happens while COPY runs: the sleep ends only once it has returned.
		report: () => {},
		signal: new AbortController().signal,
		sleep: () => copyDone.then(() => new Promise((resolve) => setImmediate(resolve))),
	});
	assert.deepEqual(
		result.staging.map((load) => [load.table, load.rejected]),
		[
			['staging_songs', 0],
			['staging_events', 3],
		],
	);
});
