// The bucket as a data source for the local warehouse: lists song_data/ and log_data/ under
// a prefix (.json and gzip keys, in any case; other keys are named as skipped) and streams
// each object as the listing pages come, so the loader reads S3 the way it reads a folder (gzip unpacked by read-files.ts).
// (Redshift itself reads S3 with COPY; this is for loading the bucket anywhere else.)

import {PassThrough, type Readable} from 'node:stream';
import {GetObjectCommand, ListObjectsV2Command, type ListObjectsV2CommandOutput, type S3Client} from '@aws-sdk/client-s3';
import {UserError} from '../core/errors.js';
import {collectListing, folderOf, jsonPathsFile, type DataSource, type Listed, type SourceKind} from './source.js';
import {isDataFileName} from './walk.js';
import {parseS3Uri} from './s3-location.js';

function s3Error(error: unknown, where: string): unknown {
	const name = (error as {name?: string}).name ?? '';
	if (name === 'NoSuchBucket') return new UserError(`The bucket of ${where} does not exist.`, {hint: 'Check the bucket name.', code: 's3_not_found', cause: error});
	if (name === 'AccessDenied' || name === 'Forbidden' || (error as {$metadata?: {httpStatusCode?: number}}).$metadata?.httpStatusCode === 403) {
		return new UserError(`S3 refused access to ${where}.`, {
			hint: 'Check the AWS credentials (sparkify-dwh credentials) and that they may s3:ListBucket and s3:GetObject there.',
			code: 's3_access_denied',
			cause: error,
		});
	}
	return error;
}

export function s3Source(uri: string, client: S3Client): DataSource {
	const {bucket, prefix} = parseS3Uri(uri);
	const label = `s3://${bucket}/${prefix}`;
	// A page of up to 1,000 keys at a time, handed on as it comes: the loader reads the first
	// objects while the next page is asked for, and no list of every key is held.
	async function* streamFiles(kind: SourceKind): AsyncGenerator<Listed> {
		const folder = `${prefix}${folderOf[kind]}/`;
		let token: string | undefined;
		do {
			let page: ListObjectsV2CommandOutput;
			try {
				page = await client.send(new ListObjectsV2Command({Bucket: bucket, Prefix: folder, ContinuationToken: token}));
			} catch (error) {
				throw s3Error(error, `s3://${bucket}/${folder}`);
			}
			for (const object of page.Contents ?? []) {
				if (!object.Key || object.Key.endsWith('/')) continue;
				if (!isDataFileName(object.Key)) yield {name: object.Key.slice(prefix.length), reason: 'not a .json or .json.gz file'};
				else yield {name: object.Key.slice(prefix.length), size: object.Size ?? 0, location: object.Key};
			}
			token = page.IsTruncated ? page.NextContinuationToken : undefined;
		} while (token);
	}
	return {
		label,
		listFiles: (kind) => collectListing(streamFiles(kind)),
		streamFiles,
		open(file) {
			// open() hands back a stream at once; the request starts behind it.
			const stream = new PassThrough({highWaterMark: 1 << 20});
			client
				.send(new GetObjectCommand({Bucket: bucket, Key: file.location}))
				.then((response) => {
					const body = response.Body as Readable | undefined;
					if (!body) return stream.end();
					body.on('error', (error) => stream.destroy(error));
					body.pipe(stream);
				})
				.catch((error: unknown) => stream.destroy(s3Error(error, `s3://${bucket}/${file.location}`) as Error));
			return stream;
		},
		async readJsonPaths() {
			try {
				const response = await client.send(new GetObjectCommand({Bucket: bucket, Key: `${prefix}${jsonPathsFile}`}));
				return await response.Body?.transformToString('utf8');
			} catch (error) {
				if ((error as {name?: string}).name === 'NoSuchKey') return undefined;
				throw s3Error(error, `s3://${bucket}/${prefix}${jsonPathsFile}`);
			}
		},
	};
}
