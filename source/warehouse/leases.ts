// Who uses the embedded PostgreSQL right now, and who may start or stop it.
//
// Every process that uses the server holds a lease: a file named after its pid in
// <home>/warehouse.leases, holding the process's start time so that a pid reused by
// another program is not mistaken for the holder. Starting, joining and stopping happen
// under one lock (<home>/warehouse.lock, a folder made by an atomic rename, with the
// owner's pid and start time inside), so two commands never start two servers or run two
// initdbs, and the last holder out is the one that stops the server. A holder killed with
// -9 leaves a lease whose process is gone: it counts for nothing, and the watchdog (below)
// stops the server once no live holder remains.
//
// This file imports only node's own modules and uses only erasable TypeScript, because the
// watchdog runs it directly with `node leases.ts watch …` (no tsx, no bundle), outliving
// the command that started it.

import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
// Node's own abortable timer rather than core/sleep.ts, for the reason above; a wait for the
// lock that the caller's signal ends rejects with an AbortError, which the caller turns into
// its CancelledError.
import {setTimeout as sleep} from 'node:timers/promises';

export type LeasePaths = {
	readonly lock: string;
	readonly leases: string;
	readonly watchdog: string;
};

export function leasePaths(home: string): LeasePaths {
	return {
		lock: path.join(home, 'warehouse.lock'),
		leases: path.join(home, 'warehouse.leases'),
		watchdog: path.join(home, 'warehouse.watchdog'),
	};
}

/** When the process started (clock ticks since boot, from /proc), or '' where /proc is missing. */
export function startTimeOf(pid: number): string | undefined {
	try {
		const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
		// The command name (field 2) may hold spaces and parentheses: count from the last ')'.
		return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT' && fs.existsSync('/proc/self/stat')) return undefined;
		return isAlive(pid) ? '' : undefined;
	}
}

export function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

/** "pid start-time": who a lock or lease belongs to. */
export function selfIdentity(): string {
	return `${process.pid} ${startTimeOf(process.pid) ?? ''}`;
}

/** Is the process named by "pid start-time" still the same live process? */
export function identityIsLive(identity: string): boolean {
	const [pidText, startTime = ''] = identity.trim().split(' ');
	const pid = Number(pidText);
	if (!Number.isInteger(pid) || pid <= 0) return false;
	const now = startTimeOf(pid);
	if (now === undefined) return false;
	return startTime === '' || now === '' || now === startTime;
}

function readText(file: string): string | undefined {
	try {
		return fs.readFileSync(file, 'utf8');
	} catch {
		return undefined;
	}
}

export class LockTimeoutError extends Error {
	override readonly name = 'LockTimeoutError';
}

/**
 * Takes the lock, waiting while a live process holds it and breaking it when its owner is
 * gone. Returns the function that releases it. The lock folder appears whole or not at all
 * (made aside, with its owner file, then renamed into place), so its owner is always known.
 */
export async function acquireLock(lock: string, options: {readonly timeoutMs?: number; readonly signal?: AbortSignal; readonly pollMs?: number} = {}): Promise<() => void> {
	const deadline = Date.now() + (options.timeoutMs ?? 120_000);
	const identity = selfIdentity();
	fs.mkdirSync(path.dirname(lock), {recursive: true});
	for (;;) {
		const staged = `${lock}.${process.pid}.${Math.random().toString(36).slice(2)}`;
		fs.mkdirSync(staged);
		fs.writeFileSync(path.join(staged, 'owner'), identity);
		try {
			fs.renameSync(staged, lock);
			return () => releaseLock(lock, identity);
		} catch (error) {
			fs.rmSync(staged, {recursive: true, force: true});
			const code = (error as NodeJS.ErrnoException).code;
			if (code !== 'ENOTEMPTY' && code !== 'EEXIST' && code !== 'EISDIR') throw error;
		}
		const owner = readText(path.join(lock, 'owner'));
		if (owner !== undefined && !identityIsLive(owner)) breakStaleLock(lock, owner);
		else {
			if (Date.now() > deadline) throw new LockTimeoutError(`${lock} is held by ${owner?.trim() ?? 'another process'}`);
			await sleep(options.pollMs ?? 50, undefined, {signal: options.signal});
		}
	}
}

/** The lock's owner died holding it: move it aside (one breaker wins the rename) and delete it. */
function breakStaleLock(lock: string, deadOwner: string): void {
	const aside = `${lock}.stale.${process.pid}.${Math.random().toString(36).slice(2)}`;
	try {
		fs.renameSync(lock, aside);
	} catch {
		return; // Someone else broke or released it first.
	}
	if (readText(path.join(aside, 'owner')) !== deadOwner) {
		// Between our look and our rename a live process took the lock: give it back.
		try {
			fs.renameSync(aside, lock);
			return;
		} catch {
			// The lock was taken again meanwhile; nothing sound is left to do but drop this one.
		}
	}
	fs.rmSync(aside, {recursive: true, force: true});
}

function releaseLock(lock: string, identity: string): void {
	if (readText(path.join(lock, 'owner')) !== identity) return;
	const aside = `${lock}.released.${process.pid}.${Math.random().toString(36).slice(2)}`;
	try {
		fs.renameSync(lock, aside);
		fs.rmSync(aside, {recursive: true, force: true});
	} catch {
		// Already gone.
	}
}

/** Records this process as a holder. Call under the lock. */
export function writeLease(leases: string): void {
	fs.mkdirSync(leases, {recursive: true, mode: 0o700});
	fs.writeFileSync(path.join(leases, String(process.pid)), selfIdentity());
}

/** Synchronous, so that it also works from an 'exit' handler. */
export function removeLease(leases: string): void {
	fs.rmSync(path.join(leases, String(process.pid)), {force: true});
}

/** The holders whose processes still run; the leases of dead ones are deleted on the way. */
export function liveHolders(leases: string): number[] {
	let names: string[];
	try {
		names = fs.readdirSync(leases);
	} catch {
		return [];
	}
	const live: number[] = [];
	for (const name of names) {
		const file = path.join(leases, name);
		const identity = readText(file);
		if (identity !== undefined && identityIsLive(identity)) live.push(Number(name));
		else fs.rmSync(file, {force: true});
	}
	return live;
}

// ---------------------------------------------------------------------------------------
// The watchdog: a small process started next to the server. Once a second it counts the
// live holders; when none is left twice in a row (every holder killed with -9, or gone
// without a word), it takes the lock, counts again, and stops the server. It ends when the
// server ends, whoever stopped it.

type WatchdogOptions = {
	readonly home: string;
	/** "pid start-time" of the server: a pid alone could name another program once it ends. */
	readonly postmaster: string;
	readonly intervalMs: number;
	readonly logFile: string;
};

async function watch(options: WatchdogOptions): Promise<void> {
	const paths = leasePaths(options.home);
	const note = (message: string) => {
		try {
			fs.appendFileSync(options.logFile, `${new Date().toISOString()} sparkify-dwh watchdog: ${message}\n`);
		} catch {
			// Nowhere to say it; the watchdog's work matters more than its words.
		}
	};
	const postmasterPid = Number(options.postmaster.split(' ')[0]);
	let idle = 0;
	while (identityIsLive(options.postmaster)) {
		await sleep(options.intervalMs);
		idle = liveHolders(paths.leases).length === 0 ? idle + 1 : 0;
		if (idle < 2) continue;
		let release: (() => void) | undefined;
		try {
			release = await acquireLock(paths.lock, {timeoutMs: 10 * options.intervalMs});
		} catch {
			continue; // A command is starting or stopping it right now; look again later.
		}
		try {
			if (liveHolders(paths.leases).length === 0 && identityIsLive(options.postmaster)) {
				note(`no live holder is left: stopping the server (pid ${postmasterPid})`);
				await stopPostmaster(postmasterPid);
			}
		} finally {
			release();
		}
		idle = 0;
	}
	// The watchdog record is ours only if it still names this process.
	if (readText(paths.watchdog)?.trim() === selfIdentity().trim()) fs.rmSync(paths.watchdog, {force: true});
}

/** SIGINT is PostgreSQL's fast shutdown: open transactions roll back, committed data is safe. */
export async function stopPostmaster(pid: number, timeoutMs = 30_000): Promise<void> {
	try {
		process.kill(pid, 'SIGINT');
	} catch {
		return;
	}
	const deadline = Date.now() + timeoutMs;
	while (isAlive(pid)) {
		if (Date.now() > deadline) {
			// Immediate shutdown: the next start replays the WAL; nothing committed is lost.
			try {
				process.kill(pid, 'SIGQUIT');
			} catch {
				return;
			}
			break;
		}
		await sleep(50);
	}
}

// Started as `node <this file> watch <home> "<postmaster pid> <start time>" <interval ms> <log file>`.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url) && process.argv[2] === 'watch') {
	const [, , , home, postmaster, interval, logFile] = process.argv;
	await watch({home: home!, postmaster: postmaster!, intervalMs: Number(interval), logFile: logFile!});
}
