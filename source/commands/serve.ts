// `sparkify-dwh serve`: keeps the embedded warehouse up for clients the tool did not write
// (psql, DBeaver, Metabase, pandas) until Ctrl-C or SIGTERM. It holds the server through
// the same lease as any other command, so it works beside them and the server stops only
// when the last holder leaves. It prints where to connect, a psql line that logs in through
// a 0600 password file, and a read-only role for BI tools; passwords only on request.

import {setTimeout as sleep} from 'node:timers/promises';
import path from 'node:path';
import {UserError} from '../core/errors.js';
import {embeddedDatabase, embeddedUser, runningServer, startEmbedded, type EmbeddedServer} from '../warehouse/embedded.js';
import {ensureReaderRole, passwordFile, readerPassword, readerUser, servedHost, shellWord, writePasswordFile} from '../warehouse/serving.js';
import {exitCodes} from './exit-codes.js';
import type {CommandIo} from './registry.js';

export type ServeArgs = {
	readonly target: string;
	readonly port: number | undefined;
	readonly showPassword: boolean;
};

export type Login = {
	readonly user: string;
	/** The connection URL; its password is *** unless --show-password was given. */
	readonly url: string;
	/** A line to paste into a shell: psql logging in through the password file. */
	readonly psql: string;
};

export type ServeOutcome = {
	readonly host: string;
	readonly port: number;
	readonly database: string;
	readonly owner: Login;
	readonly reader: Login;
	readonly passwordFile: string;
};

function refuseTarget(target: string): void {
	if (target === 'local') return;
	if (target === 'redshift') {
		throw new UserError('`serve` keeps the embedded warehouse up; a Redshift cluster is a server already.', {
			hint: "Run `sparkify-dwh connect` for the cluster's endpoint and a psql line.",
			code: 'usage',
		});
	}
	throw new UserError(`\`serve\` serves only the embedded warehouse, not --target ${target}.`, {hint: 'Leave --target out (local is the default).', code: 'usage'});
}

/** Waits for Ctrl-C or SIGTERM, looking every two seconds that the server is still there. */
async function untilStopped(server: EmbeddedServer, signal: AbortSignal, logs: string): Promise<void> {
	while (!signal.aborted) {
		try {
			await sleep(2000, undefined, {signal});
		} catch {
			return;
		}
		if (runningServer(server.dataDirectory)?.port !== server.port) {
			throw new UserError('The embedded PostgreSQL stopped while `serve` was serving it.', {
				hint: `See ${path.join(logs, 'postgres.log')} for why; run \`sparkify-dwh serve\` again to start it.`,
				code: 'embedded_stopped',
			});
		}
	}
}

function summary(outcome: ServeOutcome, showPassword: boolean): string[] {
	return [
		`Serving the embedded warehouse on ${outcome.host}:${outcome.port}, database ${outcome.database}.`,
		`  owner      ${outcome.owner.url}`,
		`  read-only  ${outcome.reader.url}  (SELECT only: for BI tools)`,
		'psql, as the owner and read-only:',
		`  ${outcome.owner.psql}`,
		`  ${outcome.reader.psql}`,
		showPassword ? `The passwords are also in ${outcome.passwordFile} (mode 0600).` : `The passwords are in ${outcome.passwordFile} (mode 0600); --show-password prints them.`,
		'Ctrl-C stops serving; the server itself stops once no other sparkify-dwh command uses it.',
	];
}

export async function serveCommand(args: ServeArgs, io: CommandIo<ServeOutcome>): Promise<number> {
	const {ctx, frontEnd, signal} = io;
	refuseTarget(args.target);
	const server = await startEmbedded(ctx.paths, {log: ctx.log, signal, onNotice: frontEnd.notice, ...(args.port === undefined ? {} : {port: args.port})});
	try {
		if (args.port !== undefined && server.port !== args.port) {
			throw new UserError(`The embedded PostgreSQL already runs on port ${server.port} for another sparkify-dwh command, so it cannot move to ${args.port}.`, {
				hint: `Connect on port ${server.port}, or run \`serve --port ${args.port}\` once the other commands have finished.`,
				code: 'port_in_use',
			});
		}
		const passwords: Record<string, string> = {[embeddedUser]: decodeURIComponent(new URL(server.url).password), [readerUser]: readerPassword(ctx.paths)};
		await ensureReaderRole(server.url, passwords[readerUser]!);
		const file = passwordFile(ctx.paths);
		writePasswordFile(
			file,
			Object.entries(passwords).map(([user, password]) => ({user, password})),
		);
		const login = (user: string): Login => {
			const at = `@${servedHost}:${server.port}/${embeddedDatabase}`;
			return {
				user,
				url: `postgresql://${user}:${args.showPassword ? encodeURIComponent(passwords[user]!) : '***'}${at}`,
				psql: `PGPASSFILE=${shellWord(file)} psql ${shellWord(`postgresql://${user}${at}`)}`,
			};
		};
		const outcome: ServeOutcome = {host: servedHost, port: server.port, database: embeddedDatabase, owner: login(embeddedUser), reader: login(readerUser), passwordFile: file};
		// The summary lines are redacted on their way out: the passwords, when asked for, go raw and once.
		io.outcome({ok: true, data: outcome, summary: summary(outcome, args.showPassword)});
		if (args.showPassword && !io.json) io.write(`owner password:     ${passwords[embeddedUser]}\nread-only password: ${passwords[readerUser]}\n`);
		await untilStopped(server, signal, ctx.paths.logs);
	} finally {
		await server.stop();
	}
	frontEnd.notice(
		runningServer(server.dataDirectory)
			? 'Stopped serving; the embedded PostgreSQL keeps running for the other sparkify-dwh commands using it.'
			: 'Stopped serving; the embedded PostgreSQL has stopped.',
	);
	return exitCodes.ok;
}
