// The one place where errors from the system, the database driver and the AWS SDK become
// sentences. A full disk, a missing permission, a symbolic-link loop, a database that went
// away: none of these is a bug in sparkify-dwh, and each has something the user can do.
// Anything not recognised here is left as it is, and the front ends call it a bug.

import fs from 'node:fs';
import os from 'node:os';
import {CancelledError, UserError, isCancelled} from './errors.js';
import {escapeControl} from './format.js';

/** What the translator may name in its sentences (all optional). */
export type ErrorSetting = {
	/** The embedded warehouse's data folder: where the database server's disk fills up. */
	readonly warehouseData?: string;
	/** Where the work was writing or reading, for errors that carry no path (a write to a full disk). */
	readonly place?: string;
};

type Translation = {message: string; hint: string; wizardHint?: string; code: string};

/** `error` as a UserError when it is a condition of the world, else unchanged. */
export function explainError(error: unknown, setting: ErrorSetting = {}): unknown {
	if (error instanceof UserError || error instanceof CancelledError || isCancelled(error)) return error;
	for (const candidate of causes(error)) {
		const translation = translate(candidate, setting);
		if (translation) {
			const {message, hint, wizardHint, code} = translation;
			return new UserError(message, {hint, ...(wizardHint ? {wizardHint} : {}), code, cause: error});
		}
	}
	return error;
}

/** The error and what it wraps: `cause` chains and AggregateError's parts (a refused ::1 and 127.0.0.1). */
function causes(error: unknown): unknown[] {
	const found: unknown[] = [];
	const queue = [error];
	while (queue.length > 0 && found.length < 8) {
		const next = queue.shift();
		if (next === undefined || next === null || found.includes(next)) continue;
		found.push(next);
		if (next instanceof AggregateError) queue.push(...next.errors);
		if (next instanceof Error && next.cause !== undefined) queue.push(next.cause);
	}
	return found;
}

type Failure = {code?: unknown; syscall?: unknown; path?: unknown; dest?: unknown; address?: unknown; port?: unknown; name?: unknown; message?: unknown; stack?: unknown};

function translate(error: unknown, setting: ErrorSetting): Translation | undefined {
	if (typeof error !== 'object' || error === null) return undefined;
	const failure = error as Failure;
	const code = typeof failure.code === 'string' ? failure.code : '';
	return systemError(code, failure, setting) ?? databaseError(code, failure, setting) ?? lostConnection(failure) ?? awsCredentials(failure);
}

function shown(path: unknown): string | undefined {
	return typeof path === 'string' && path !== '' ? escapeControl(path) : undefined;
}

function userName(): string {
	try {
		return os.userInfo().username;
	} catch {
		return `the user with id ${process.getuid?.() ?? '?'}`;
	}
}

const verbs: Record<string, string> = {
	open: 'open',
	read: 'read',
	write: 'write to',
	scandir: 'list',
	opendir: 'list',
	mkdir: 'create',
	mkdtemp: 'create',
	rmdir: 'remove',
	unlink: 'remove',
	rm: 'remove',
	rename: 'rename',
	copyfile: 'copy',
	stat: 'look at',
	lstat: 'look at',
	access: 'use',
	chmod: 'change',
	symlink: 'link',
};

/** errno codes from Node's fs and net (and a child process's spawn). */
function systemError(code: string, failure: Failure, setting: ErrorSetting): Translation | undefined {
	const path = shown(failure.path) ?? shown(setting.place);
	const where = path ?? 'a file it needed';
	// The same, to start a sentence with.
	const subject = path ?? 'A file it needed';
	switch (code) {
		case 'EACCES':
		case 'EPERM': {
			const user = userName();
			const verb = verbs[String(failure.syscall)] ?? 'use';
			return {
				message: `Permission denied: ${user} may not ${verb} ${where}.`,
				hint: `Give ${user} access to it (chmod or chown), or choose another path.`,
				code: 'permission_denied',
			};
		}
		case 'ENOENT':
			if (String(failure.syscall).startsWith('spawn')) {
				return {message: `The program ${where} was not found.`, hint: 'Install the dependencies again (npm install in the project), then run again.', code: 'program_missing'};
			}
			return {message: `${subject} does not exist.`, hint: 'Check the path (and that nothing removed it while the command ran), then run again.', code: 'not_found'};
		case 'ENOTDIR':
			return {
				message: `${subject} cannot be used: a part of that path is a file, not a folder.`,
				hint: 'Check the path; if SPARKIFY_DWH_HOME names a file, point it at a folder instead.',
				code: 'not_a_folder',
			};
		case 'EISDIR':
			return {message: `${subject} is a folder where a file was expected.`, hint: 'Check the path, or move the folder out of the way.', code: 'is_a_folder'};
		case 'ELOOP':
			return {message: `${subject} is a loop of symbolic links.`, hint: 'Fix or remove the symbolic link (ls -l shows where it points), then run again.', code: 'symlink_loop'};
		case 'EROFS':
			return {
				message: `${subject} is on a read-only file system.`,
				hint: "Choose a place that can be written (SPARKIFY_DWH_HOME moves the tool's own files).",
				code: 'read_only',
			};
		case 'ENOSPC':
			return {message: `The disk holding ${where} is full.`, hint: 'Free some space on that disk, then run again.', code: 'disk_full'};
		case 'EDQUOT':
			return {
				message: `Your disk quota on the disk holding ${where} is used up.`,
				hint: 'Free some of your space there (or ask for a larger quota), then run again.',
				code: 'disk_full',
			};
		case 'EMFILE':
		case 'ENFILE':
			return {message: 'Too many files are open at once.', hint: 'Raise the limit of open files (ulimit -n 4096), then run again.', code: 'too_many_files'};
		case 'ECONNREFUSED':
			return {
				message: `Cannot connect to ${address(failure)}: nothing is listening there.`,
				hint: 'Check the host and port, and that the server is running.',
				code: 'connect_failed',
			};
		case 'ENOTFOUND':
		case 'EAI_AGAIN':
			return {
				message: `The host name ${shown((failure as {hostname?: unknown}).hostname) ?? 'of the server'} does not resolve.`,
				hint: 'Check the host name, and the network or DNS.',
				code: 'connect_failed',
			};
		case 'ETIMEDOUT':
			return {
				message: `The connection to ${address(failure)} timed out.`,
				hint: 'Check the network path and any firewall or security group in between, then run again.',
				code: 'connect_failed',
			};
		case 'ECONNRESET':
		case 'EPIPE':
			return lostConnectionTranslation();
		default:
			return undefined;
	}
}

function address(failure: Failure): string {
	if (typeof failure.address === 'string') return `${failure.address}${failure.port === undefined ? '' : `:${String(failure.port)}`}`;
	return 'the server';
}

/** PostgreSQL's SQLSTATEs for conditions of the server, not of the query. */
function databaseError(code: string, _failure: Failure, setting: ErrorSetting): Translation | undefined {
	if (!/^[0-9A-Z]{5}$/.test(code)) return undefined;
	switch (code) {
		case '53100':
			return {
				message: `The disk holding the database's data${setting.warehouseData ? ` (${escapeControl(setting.warehouseData)})` : ''} is full.`,
				hint: 'Free some space on that disk, then run again: a load that stopped is rolled back, so nothing half-loaded is kept.',
				code: 'disk_full',
			};
		case '53200':
			return {message: 'The database server ran out of memory.', hint: 'Close other programs (or give the server more memory), then run again.', code: 'out_of_memory'};
		case '53300':
			return {message: 'The database server has no free connections.', hint: 'Close other sessions to it, or wait for them to end, then run again.', code: 'too_many_connections'};
		case '57P01':
		case '57P02':
		case '57P03':
		case '08000':
		case '08003':
		case '08006':
			return lostConnectionTranslation();
		default:
			return undefined;
	}
}

function lostConnectionTranslation(): Translation {
	return {
		message: 'The connection to the database was lost in the middle of the work.',
		hint: 'Check that the database server is still running (and has disk space), then run the command again: the interrupted work was rolled back.',
		code: 'connection_lost',
	};
}

// node-postgres says a connection died in words, not codes; and a COPY stream whose
// connection was torn down fails inside the driver with a TypeError on the null
// connection ("Cannot read properties of null (reading 'stream')"). That TypeError is
// recognised by where it is thrown (inside pg or pg-copy-streams), not by its wording alone.
const lostConnectionWords =
	/^(Connection terminated( unexpectedly)?|Client (was closed|has encountered a connection error) and is not queryable|terminating connection due to .*|server closed the connection unexpectedly.*)$/i;

function lostConnection(failure: Failure): Translation | undefined {
	const message = typeof failure.message === 'string' ? failure.message : '';
	if (lostConnectionWords.test(message)) return lostConnectionTranslation();
	if (failure instanceof TypeError && /^Cannot read propert(y|ies) of (null|undefined)/.test(message) && thrownInsideDriver(failure.stack)) return lostConnectionTranslation();
	return undefined;
}

function thrownInsideDriver(stack: unknown): boolean {
	if (typeof stack !== 'string') return false;
	const firstFrame = stack.split('\n').find((line) => /^\s+at /.test(line));
	return firstFrame !== undefined && /[/\\]node_modules[/\\](pg|pg-copy-streams|pg-protocol|pg-pool)[/\\]/.test(firstFrame);
}

function awsCredentials(failure: Failure): Translation | undefined {
	if (failure.name !== 'CredentialsProviderError') return undefined;
	return {
		message: 'No AWS credentials were found.',
		hint: 'Run `aws configure` (or `aws sso login`), set AWS_PROFILE or pass --profile; or copy the data locally and pass --source with its folder.',
		wizardHint:
			'Run `aws configure` (or `aws sso login`), or choose a profile in Settings → AWS profile; or copy the data locally and choose its folder in Settings → Data to load.',
		code: 'aws_credentials_missing',
	};
}

// A recursive mkdir on a read-only file system reports ENOENT, not EROFS: ask the home
// folder itself whether it can be written, which names the real reason.
function whyHomeFails(error: unknown, home: string): unknown {
	if ((error as {code?: unknown}).code !== 'ENOENT') return error;
	try {
		fs.accessSync(home, fs.constants.W_OK);
	} catch (probe) {
		return probe;
	}
	return error;
}

/** Why the home folder (settings, logs, the embedded warehouse) cannot be used, in one sentence. */
export function homeFolderError(error: unknown, home: string): unknown {
	const explained = explainError(whyHomeFails(error, home));
	if (!(explained instanceof UserError)) return explained;
	const reasons: Record<string, string> = {
		not_a_folder: 'it, or a folder above it, is a file',
		permission_denied: 'it cannot be written by this user',
		read_only: 'it is on a read-only file system',
		symlink_loop: 'its path is a loop of symbolic links',
	};
	const reason = reasons[explained.code];
	if (!reason) return explained;
	return new UserError(`The home folder ${escapeControl(home)} cannot be used: ${reason}.`, {
		hint: 'Set SPARKIFY_DWH_HOME to a folder this user can write to, or fix this one.',
		code: `home_${explained.code}`,
		cause: error,
	});
}
