// Loading the bucket into the local warehouse: the S3 source lists and streams objects, and
// the load gives the same warehouse as the same files from a folder. S3 is mocked (the SDK's
// own request/response objects); the files and the PostgreSQL are real.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {Readable} from 'node:stream';
import zlib from 'node:zlib';
import {after, before, describe, test} from 'node:test';
import {GetObjectCommand, ListObjectsV2Command, S3Client, type ListObjectsV2CommandInput} from '@aws-sdk/client-s3';
import {mockClient} from 'aws-sdk-client-mock';
import type {Context} from '../../source/core/context.js';
import {UserError} from '../../source/core/errors.js';
import {s3Source} from '../../source/etl/s3-source.js';
import {parseS3Uri} from '../../source/etl/s3-location.js';
import {etlStep} from '../../source/steps/etl.js';
import type {Warehouse} from '../../source/warehouse/connection.js';
import {sampleData} from '../support/paths.js';
import {warehouseWithTables} from '../support/warehouse.js';

/** Every file of the sample as an S3 key under `prefix`. */
function sampleObjects(prefix: string): Map<string, string> {
	const objects = new Map<string, string>();
	for (const name of fs.readdirSync(sampleData, {recursive: true}) as string[]) {
		const file = path.join(sampleData, name);
		if (fs.statSync(file).isFile() && name.endsWith('.json')) objects.set(`${prefix}${name.split(path.sep).join('/')}`, file);
	}
	return objects;
}

describe('the S3 source', () => {
	const s3 = mockClient(S3Client);
	let warehouse: Warehouse;
	let ctx: Context;
	const objects = sampleObjects('sparkify/2018/');
	// The same sample packed: log files as gzip (one with an upper-case name), and a key that is no data.
	const packed = new Map<string, Buffer>();
	for (const [key, file] of sampleObjects('packed/')) {
		const isLog = key.includes('/log_data/');
		const name = isLog ? (key.endsWith('2018-11-01-events.json') ? key.replace(/\.json$/, '.JSON.GZ') : `${key}.gz`) : key;
		packed.set(name, isLog ? zlib.gzipSync(fs.readFileSync(file)) : fs.readFileSync(file));
	}
	packed.set('packed/log_data/index.html', Buffer.from('<html></html>'));
	const sizeOf = (key: string) => packed.get(key)?.length ?? fs.statSync(objects.get(key)!).size;

	before(async () => {
		// Pages of 50 keys, so the listing must follow continuation tokens.
		s3.on(ListObjectsV2Command).callsFake(async (input: ListObjectsV2CommandInput) => {
			const keys = [...objects.keys(), ...packed.keys()].filter((key) => key.startsWith(input.Prefix ?? '')).sort();
			const start = Number(input.ContinuationToken ?? 0);
			const page = keys.slice(start, start + 50);
			const more = start + 50 < keys.length;
			return {Contents: page.map((Key) => ({Key, Size: sizeOf(Key)})), IsTruncated: more, NextContinuationToken: more ? String(start + 50) : undefined};
		});
		s3.on(GetObjectCommand).callsFake(async (input: {Key: string}) => {
			const bytes = packed.get(input.Key);
			if (bytes) return {Body: Object.assign(Readable.from([bytes]), {transformToString: async () => bytes.toString('utf8')})};
			const file = objects.get(input.Key);
			if (!file) throw Object.assign(new Error('The specified key does not exist.'), {name: 'NoSuchKey'});
			const body = fs.createReadStream(file);
			return {Body: Object.assign(body, {transformToString: async () => fs.readFileSync(file, 'utf8')})};
		});
		({ctx, warehouse} = await warehouseWithTables('s3'));
	});
	after(async () => {
		s3.restore();
		await warehouse.close();
	});

	test('S3 locations are parsed into bucket and prefix, and nonsense is refused', () => {
		assert.deepEqual(parseS3Uri('s3://udacity-dend'), {bucket: 'udacity-dend', prefix: ''});
		assert.deepEqual(parseS3Uri('s3://udacity-dend/'), {bucket: 'udacity-dend', prefix: ''});
		assert.deepEqual(parseS3Uri('s3://my.bucket/a/b'), {bucket: 'my.bucket', prefix: 'a/b/'});
		assert.throws(() => parseS3Uri('https://example.com/x'), UserError);
		assert.throws(() => parseS3Uri('s3://Bad_Bucket/x'), UserError);
	});

	test('it lists every object of each folder across pages, with sizes', async () => {
		const source = s3Source('s3://sparkify-bucket/sparkify/2018', new S3Client({region: 'us-west-2'}));
		const {files: songs} = await source.listFiles('songs');
		const {files: events} = await source.listFiles('events');
		assert.equal(songs.length, 71);
		assert.equal(events.length, 30);
		assert.equal(
			songs.reduce((sum, file) => sum + file.size, 0),
			19_221,
		);
		assert.ok(events.every((file) => file.name.startsWith('log_data/2018/11/')));
		const listCalls = s3.commandCalls(ListObjectsV2Command).map((call) => call.args[0].input);
		assert.ok(
			listCalls.some((input) => input.ContinuationToken === '50'),
			'followed a continuation token',
		);
		assert.ok(listCalls.every((input) => input.Bucket === 'sparkify-bucket'));
	});

	test('loading from S3 gives the same warehouse as loading the same files from a folder', async () => {
		const source = s3Source('s3://sparkify-bucket/sparkify/2018/', new S3Client({region: 'us-west-2'}));
		const result = await etlStep.run(ctx, {warehouse, source}, () => {}, new AbortController().signal);
		assert.deepEqual(result.star, {artists: 69, songs: 71, users: 96, time: 6813, songplays: 6820});
		assert.equal(result.jsonPaths, 'source');
		assert.equal(result.repaired.events, 326);
	});

	test('gzip objects (any case of .json.gz) are unpacked, other keys are named as not loaded, and the warehouse is the same', async () => {
		const source = s3Source('s3://sparkify-bucket/packed/', new S3Client({region: 'us-west-2'}));
		const result = await etlStep.run(ctx, {warehouse, source}, () => {}, new AbortController().signal);
		assert.deepEqual(result.star, {artists: 69, songs: 71, users: 96, time: 6813, songplays: 6820});
		assert.deepEqual(result.skipped, [{name: 'log_data/index.html', reason: 'not a .json or .json.gz file'}]);
		const events = result.staging.find((load) => load.table === 'staging_events')!;
		assert.equal(events.files, 30);
		// The bytes counted are the objects' stored (compressed) sizes, the progress total.
		const stored = [...packed].filter(([key]) => key.includes('/log_data/') && !key.endsWith('.html')).reduce((sum, [, bytes]) => sum + bytes.length, 0);
		assert.equal(events.bytes, stored);
	});

	test('access denied becomes one sentence with what to do', async () => {
		const denied = mockClient(S3Client);
		denied.on(ListObjectsV2Command).rejects(Object.assign(new Error('Access Denied'), {name: 'AccessDenied', $metadata: {httpStatusCode: 403}}));
		const source = s3Source('s3://private-bucket/data', new S3Client({region: 'us-west-2'}));
		await assert.rejects(source.listFiles('songs'), (error: unknown) => {
			return error instanceof UserError && error.code === 's3_access_denied' && /S3 refused access to s3:\/\/private-bucket\/data\/song_data\//.test(error.message);
		});
		denied.restore();
	});
});
