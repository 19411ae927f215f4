// Loading the bucket into the local warehouse: the S3 source lists and streams objects, and
// the load gives the same warehouse as the same files from a folder. S3 is mocked (the SDK's
// own request/response objects); the files and the PostgreSQL are real.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {after, before, describe, test} from 'node:test';
import {GetObjectCommand, ListObjectsV2Command, S3Client, type ListObjectsV2CommandInput} from '@aws-sdk/client-s3';
import {mockClient} from 'aws-sdk-client-mock';
import type {Context} from '../../source/core/context.js';
import {UserError} from '../../source/core/errors.js';
import {parseS3Uri, s3Source} from '../../source/etl/s3-source.js';
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

	before(async () => {
		// Pages of 50 keys, so the listing must follow continuation tokens.
		s3.on(ListObjectsV2Command).callsFake(async (input: ListObjectsV2CommandInput) => {
			const keys = [...objects.keys()].filter((key) => key.startsWith(input.Prefix ?? '')).sort();
			const start = Number(input.ContinuationToken ?? 0);
			const page = keys.slice(start, start + 50);
			const more = start + 50 < keys.length;
			return {Contents: page.map((Key) => ({Key, Size: fs.statSync(objects.get(Key)!).size})), IsTruncated: more, NextContinuationToken: more ? String(start + 50) : undefined};
		});
		s3.on(GetObjectCommand).callsFake(async (input: {Key: string}) => {
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
		assert.equal(songs.reduce((sum, file) => sum + file.size, 0), 19_221);
		assert.ok(events.every((file) => file.name.startsWith('log_data/2018/11/')));
		const listCalls = s3.commandCalls(ListObjectsV2Command).map((call) => call.args[0].input);
		assert.ok(listCalls.some((input) => input.ContinuationToken === '50'), 'followed a continuation token');
		assert.ok(listCalls.every((input) => input.Bucket === 'sparkify-bucket'));
	});

	test('loading from S3 gives the same warehouse as loading the same files from a folder', async () => {
		const source = s3Source('s3://sparkify-bucket/sparkify/2018/', new S3Client({region: 'us-west-2'}));
		const result = await etlStep.run(ctx, {warehouse, source}, () => {}, new AbortController().signal);
		assert.deepEqual(result.star, {artists: 69, songs: 71, users: 96, time: 6813, songplays: 6820});
		assert.equal(result.jsonPaths, 'source');
		assert.equal(result.repaired.events, 326);
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
