// Redshift loads with COPY from S3. COPY takes no bind parameters, so its S3 paths, role and
// region are validated here and written as quoted literals into the templates in sql/redshift/.

import {UserError} from '../core/errors.js';
import type {S3Location} from '../etl/s3-location.js';
import {readSql} from './sql-files.js';

export type RedshiftCopySettings = {
	readonly source: S3Location;
	readonly iamRoleArn: string;
	readonly region: string;
	readonly maxErrors: number;
	/** ACCEPTINVCHARS AS this character (--accept-invalid-chars); undefined: invalid UTF-8 rejects the row. */
	readonly acceptInvalidChars?: string | undefined;
};

const roleArn = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;
const regionName = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
const safeKeyText = /^[\w!\-.*()/=+,@&:$ ]*$/;

function literal(text: string): string {
	return `'${text.replace(/'/g, "''")}'`;
}

function s3Path(location: S3Location, key: string): string {
	const path = `${location.prefix}${key}`;
	if (!safeKeyText.test(path)) throw new UserError(`The S3 prefix "${location.prefix}" has characters COPY cannot take safely.`, {code: 'usage'});
	return `s3://${location.bucket}/${path}`;
}

function fill(template: string, values: Record<string, string>): string {
	return template.replace(/:([a-z_]+)\b/g, (_whole, name: string) => {
		const value = values[name];
		if (value === undefined) throw new Error(`No value for :${name} in a COPY template`);
		return value;
	});
}

/** The two COPY statements of a load, ready to run. */
export function renderCopyStatements(settings: RedshiftCopySettings): {songs: string; events: string} {
	if (!roleArn.test(settings.iamRoleArn)) {
		throw new UserError(`"${settings.iamRoleArn}" is not an IAM role ARN.`, {hint: 'Run `sparkify-dwh role` to make the role, or give its ARN.', code: 'usage'});
	}
	if (!regionName.test(settings.region)) throw new UserError(`"${settings.region}" is not an AWS region name.`, {code: 'usage'});
	if (!Number.isInteger(settings.maxErrors) || settings.maxErrors < 0 || settings.maxErrors > 100_000) {
		throw new UserError('--max-errors must be a whole number from 0 to 100000 on Redshift.', {code: 'usage'});
	}
	const replacement = settings.acceptInvalidChars;
	// Redshift takes any ASCII character but NUL; the command line allows the printable ones.
	if (replacement !== undefined && !/^[\x20-\x7e]$/.test(replacement)) {
		throw new UserError(`--accept-invalid-chars takes one printable ASCII character, not "${replacement}".`, {code: 'usage'});
	}
	const common = {
		iam_role: literal(settings.iamRoleArn),
		region: literal(settings.region),
		max_errors: String(settings.maxErrors),
		// A backslash escapes in Redshift's string literals: doubled, it is itself.
		accept_invalid_chars: replacement === undefined ? '' : `ACCEPTINVCHARS AS ${literal(replacement.replace(/\\/g, '\\\\'))}`,
	};
	// Comments out, and the line of an option left empty.
	const strip = (sql: string) =>
		sql
			.replace(/^--.*\n/gm, '')
			.trim()
			.replace(/;$/, '');
	const tidy = (sql: string) => sql.replace(/\n\s*\n/g, '\n');
	return {
		// "song_data/" with the slash: COPY paths are prefixes, and song_data_old/ must not match.
		songs: tidy(fill(strip(readSql('redshift/copy_songs.sql')), {...common, source: literal(s3Path(settings.source, 'song_data/'))})),
		events: tidy(
			fill(strip(readSql('redshift/copy_events.sql')), {
				...common,
				source: literal(s3Path(settings.source, 'log_data/')),
				jsonpaths: literal(s3Path(settings.source, 'log_json_path.json')),
			}),
		),
	};
}
