// The bucket as a data source for the local warehouse: lists song_data/ and log_data/ under
// a prefix (.json and gzip keys, in any case; other keys are named as skipped) and streams
// each object, so the loader reads S3 the way it reads a folder (gzip unpacked by read-files.ts).
// (Redshift itself reads S3 with COPY; this is for loading the bucket anywhere else.)

import {PassThrough, type Readable} from 'node:stream';
import {GetObjectCommand, ListObjectsV2Command, type ListObjectsV2CommandOutput, type S3Client} from '@aws-sdk/client-s3';
import {UserError} from '../core/errors.js';
import {folderOf, jsonPathsFile, type DataSource, type SkippedFile, type SourceFile} from './source.js';
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
	return {
		label,
		async listFiles(kind) {
			const folder = `${prefix}${folderOf[kind]}/`;
			const files: SourceFile[] = [];
			const skipped: SkippedFile[] = [];
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
					if (!isDataFileName(object.Key)) {
						skipped.push({name: object.Key.slice(prefix.length), reason: 'not a .json or .json.gz file'});
						continue;
					}
					files.push({name: object.Key.slice(prefix.length), size: object.Size ?? 0, location: object.Key});
				}
				token = page.IsTruncated ? page.NextContinuationToken : undefined;
			} while (token);
			const byName = (a: {name: string}, b: {name: string}) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
			return {files: files.sort(byName), skipped: skipped.sort(byName)};
		},
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
