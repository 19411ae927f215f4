// What `sparkify-dwh serve` sets up beside the running embedded warehouse for clients the
// tool did not write: a read-only role for BI tools, and a libpq password file (PGPASSFILE)
// so that a pasted `psql` line logs in without the password ever being shown or typed.

import path from 'node:path';
import pg from 'pg';
import type {HomePaths} from '../core/paths.js';
import {readOrMakeSecret} from './embedded.js';
import {readSql} from './sql-files.js';
import {writePrivateFile} from '../core/private-file.js';

export const readerUser = 'sparkify_reader';
/** The embedded server listens here only (see embedded.ts). */
export const servedHost = '127.0.0.1';

export function passwordFile(paths: HomePaths): string {
	return path.join(paths.home, 'warehouse.pgpass');
}

/** The read-only role's password: made once and kept (mode 0600), so a BI tool set up once keeps working. */
export function readerPassword(paths: HomePaths): string {
	return readOrMakeSecret(path.join(paths.home, 'warehouse-reader.secret'));
}

/** Creates the read-only role, or refreshes its password and grants (sql/postgres/reader/). */
export async function ensureReaderRole(ownerUrl: string, password: string): Promise<void> {
	const client = new pg.Client({connectionString: ownerUrl});
	client.on('error', () => {});
	await client.connect();
	try {
		await client.query('BEGIN');
		await client.query(readSql('postgres/reader/password.sql'), [password]);
		await client.query(readSql('postgres/reader/role.sql'));
		await client.query('COMMIT');
	} catch (error) {
		await client.query('ROLLBACK').catch(() => {});
		throw error;
	} finally {
		await client.end().catch(() => {});
	}
}

/** One field of a .pgpass line: `:` and `\` are escaped with a backslash. */
function pgpassField(value: string): string {
	return value.replace(/[\\:]/g, (character) => `\\${character}`);
}

/**
 * Writes the password file libpq reads through PGPASSFILE: one line per user, any port and
 * database on the served host (the port changes from one start to the next). Mode 0600, as
 * libpq requires; written aside and renamed, so a reader never sees half of it.
 */
export function writePasswordFile(file: string, logins: ReadonlyArray<{readonly user: string; readonly password: string}>): void {
	const lines = [
		'# Written by sparkify-dwh serve, the embedded warehouse logins for psql and other libpq clients (PGPASSFILE)',
		...logins.map(({user, password}) => [servedHost, '*', '*', user, password].map(pgpassField).join(':')),
	];
	writePrivateFile(file, `${lines.join('\n')}\n`);
}

/** A word for a POSIX shell: as it is when it holds nothing special, else single-quoted. */
export function shellWord(text: string): string {
	return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}
