// An S3 location as the tool takes it (s3://bucket/prefix): parsed and checked, without the
// AWS SDK, so commands can validate --source before loading anything heavy.

import {UserError} from '../core/errors.js';

export type S3Location = {readonly bucket: string; readonly prefix: string};

const s3Uri = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/;

/** s3://bucket/some/prefix → {bucket, prefix: 'some/prefix/'} (prefix empty or ending in /). */
export function parseS3Uri(uri: string): S3Location {
	const match = s3Uri.exec(uri.trim());
	if (!match) {
		throw new UserError(`"${uri}" is not an S3 location.`, {hint: 'Write it as s3://bucket or s3://bucket/prefix, e.g. s3://udacity-dend.', code: 'usage'});
	}
	const prefix = (match[2] ?? '').replace(/^\/+/, '');
	return {bucket: match[1]!, prefix: prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`};
}
