// A database of its own for each test, on the run's embedded PostgreSQL.

import {randomBytes} from 'node:crypto';
import pg from 'pg';

export function testServerUrl(): string {
	const url = process.env.SPARKIFY_TEST_DATABASE_URL;
	if (!url) throw new Error('SPARKIFY_TEST_DATABASE_URL is not set: run the tests with `npm test` (its global setup starts PostgreSQL).');
	return url;
}

/** Creates an empty database and returns its URL. */
export async function createTestDatabase(prefix = 'test'): Promise<string> {
	const name = `${prefix}_${randomBytes(4).toString('hex')}`;
	const admin = new pg.Client({connectionString: testServerUrl()});
	await admin.connect();
	try {
		await admin.query(`CREATE DATABASE ${name}`);
	} finally {
		await admin.end();
	}
	const url = new URL(testServerUrl());
	url.pathname = `/${name}`;
	return url.toString();
}

/** Runs one query on a database and returns its rows. */
export async function queryRows<T extends pg.QueryResultRow = Record<string, unknown>>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
	const client = new pg.Client({connectionString: url});
	await client.connect();
	try {
		return (await client.query<T>(sql, params)).rows;
	} finally {
		await client.end();
	}
}
