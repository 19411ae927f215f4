// Connecting to a warehouse: the embedded PostgreSQL, any PostgreSQL by URL, or Redshift
// (whose client settings the AWS layer supplies). Every front end and step gets the same
// Warehouse handle and never deals with connection strings or passwords itself.

import pg from 'pg';
import {CancelledError, UserError} from '../core/errors.js';
import type {Context} from '../core/context.js';
import {redact} from '../core/redact.js';
import {normaliseDatabaseUrl} from './database-url.js';
import {startEmbedded, type EmbeddedServer} from './embedded.js';

export type Dialect = 'postgres' | 'redshift';

export type WarehouseTarget =
	| {readonly kind: 'local'}
	| {readonly kind: 'url'; readonly url: string}
	| {readonly kind: 'redshift'; readonly config: pg.ClientConfig; readonly label: string};

export type Warehouse = {
	readonly dialect: Dialect;
	/** Where it is, for the user (never a password). */
	readonly label: string;
	/** A new client. `signal`: Ctrl-C ends the attempt (not given by the cancel helper, which must connect after an abort). */
	connect(signal?: AbortSignal): Promise<pg.Client>;
	/** Stops the embedded server if this process started it. */
	close(): Promise<void>;
};

// COUNT(*) is int8 and NUMERIC is numeric: node-postgres returns both as strings unless told.
export const types = new pg.TypeOverrides();
types.setTypeParser(pg.types.builtins.INT8, (value: string) => Number(value));
types.setTypeParser(pg.types.builtins.NUMERIC, (value: string) => Number(value));
// TIMESTAMP columns hold UTC (the sessions run in UTC); read them as UTC, not local time.
types.setTypeParser(pg.types.builtins.TIMESTAMP, (value: string) => new Date(`${value.replace(' ', 'T')}Z`));

export async function openWarehouse(ctx: Context, target: WarehouseTarget, options: {signal?: AbortSignal; onNotice?: (message: string) => void} = {}): Promise<Warehouse> {
	switch (target.kind) {
		case 'local': {
			const server = await startEmbedded(ctx.paths, {log: ctx.log, ...options});
			return warehouse('postgres', `embedded PostgreSQL (port ${server.port})`, {connectionString: server.url}, server);
		}
		case 'url': {
			const url = normaliseDatabaseUrl(target.url);
			const handle = warehouse('postgres', redact(url), {connectionString: url, connectionTimeoutMillis: connectTimeoutMs});
			// Fail now, with one clear sentence, rather than in the middle of a step.
			const client = await handle.connect(options.signal);
			await client.end();
			return handle;
		}
		case 'redshift':
			return warehouse('redshift', target.label, {...target.config, keepAlive: true, connectionTimeoutMillis: connectTimeoutMs});
	}
}

/**
 * A server that accepts the connection and then never answers would hold a command forever:
 * connecting gives up after this long, and Ctrl-C ends the attempt at once.
 */
const connectTimeoutMs = 30_000;

function warehouse(dialect: Dialect, label: string, config: pg.ClientConfig, server?: EmbeddedServer): Warehouse {
	return {
		dialect,
		label,
		async connect(signal) {
			const client = new pg.Client({...config, types, application_name: dialect === 'postgres' ? 'sparkify-dwh' : undefined});
			// An idle client's socket error must not crash the process; the next query reports it.
			client.on('error', () => {});
			// Ctrl-C while connecting: the socket is destroyed, as pg does on its own connect timeout; connect() then fails.
			const stop = () => client.connection.stream.destroy();
			signal?.addEventListener('abort', stop, {once: true});
			try {
				if (signal?.aborted) throw new CancelledError();
				await client.connect();
			} catch (error) {
				if (signal?.aborted) throw new CancelledError();
				throw connectionError(error, label);
			} finally {
				signal?.removeEventListener('abort', stop);
			}
			if (dialect === 'postgres') await sessionSettings(client);
			return client;
		},
		async close() {
			await server?.stop();
		},
	};
}

/**
 * Every PostgreSQL session: UTC, as every timestamp here is; and the server looks every second
 * whether we are still there while a statement runs. Without that, a statement whose process
 * was killed (kill -9, a closed laptop) runs on to its end, holding its locks, and the next load
 * waits for it; with it, it stops within a second. A server before PostgreSQL 14, or on a system
 * whose kernel cannot tell, refuses the second setting, and gets the first alone.
 */
export async function sessionSettings(client: Pick<pg.Client, 'query'>): Promise<void> {
	try {
		await client.query(`SELECT set_config('TimeZone', 'UTC', false), set_config('client_connection_check_interval', '1000', false)`);
	} catch (error) {
		// 42704: no such setting (before 14); 22023: not on this system.
		if (!['42704', '22023'].includes((error as {code?: string}).code ?? '')) throw error;
		await client.query("SET TIME ZONE 'UTC'");
	}
}

/** Turns a driver error on connect into one sentence that says what to do. */
function connectionError(error: unknown, label: string): UserError {
	const code = (error as {code?: string}).code;
	const reasons: Record<string, [string, string]> = {
		ECONNREFUSED: ['nothing is listening there', 'Check the host and port, and that the server is running.'],
		ENOTFOUND: ['the host name does not resolve', 'Check the host name in the URL.'],
		ETIMEDOUT: ['the connection timed out', 'Check the network path and any firewall or security group in between.'],
		ECONNRESET: ['the server closed the connection', 'Check that the server accepts this client (SSL settings, pg_hba.conf).'],
		'28P01': ['the password was refused', 'Check the user name and password.'],
		'28000': ['the server refused this user', "Check the user name and the server's access rules."],
		'3D000': ['the database does not exist', 'Create it first, or name an existing database in the URL.'],
		// The server could not even write what a new session needs; its data is not at risk.
		'53100': ['the disk that holds its data is full', 'Free space on that disk, then run the command again; the data already there is kept.'],
	};
	const message = (error as Error).message ?? String(error);
	// pg's own words when connectionTimeoutMillis runs out: the port answered, the server never did.
	const silent: [string, string] = [`no answer within ${connectTimeoutMs / 1000} s`, 'Check that a PostgreSQL server listens there, and the network path in between.'];
	const [reason, hint] = (code && reasons[code]) || (/timeout expired/i.test(message) ? silent : [redact(message), 'Check the connection settings.']);
	return new UserError(`Cannot connect to ${label}: ${reason}.`, {hint, code: 'connect_failed', cause: error});
}
