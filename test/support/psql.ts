// PostgreSQL's own client, for the tests that must show a client nobody here wrote can use
// what `serve` prints. Found on the PATH, else where Debian's postgresql-client puts it
// (/usr/lib/postgresql/<version>/bin); .ci/run installs that package.

import {execFile} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

function executable(file: string): boolean {
	try {
		fs.accessSync(file, fs.constants.X_OK);
		return fs.statSync(file).isFile();
	} catch {
		return false;
	}
}

export function findPsql(): string | undefined {
	for (const folder of (process.env.PATH ?? '').split(path.delimiter)) {
		if (folder && executable(path.join(folder, 'psql'))) return path.join(folder, 'psql');
	}
	let versions: string[] = [];
	try {
		versions = fs.readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a));
	} catch {
		return undefined;
	}
	return versions.map((version) => path.join('/usr/lib/postgresql', version, 'bin', 'psql')).find(executable);
}

export type PsqlRun = {readonly code: number; readonly stdout: string; readonly stderr: string};

const quoted = (word: string) => `'${word.replace(/'/g, `'\\''`)}'`;

/**
 * Runs a command line as printed for people (`PGPASSFILE=… psql postgresql://…`) in a POSIX
 * shell, exactly as pasted, with psql's own options after it: no ~/.psqlrc, unaligned
 * tuples only, stop at the first error. Nothing of the test's PG* environment reaches it.
 */
export function runPsqlLine(psql: string, line: string, args: readonly string[]): Promise<PsqlRun> {
	const env = {PATH: `${path.dirname(psql)}${path.delimiter}${process.env.PATH ?? ''}`, HOME: process.env.HOME ?? '/tmp', LANG: 'C'};
	return new Promise((resolve) => {
		execFile('sh', ['-c', `${line} -X -A -t -v ON_ERROR_STOP=1 ${args.map(quoted).join(' ')}`], {env, timeout: 30_000}, (error, stdout, stderr) => {
			const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
			resolve({code, stdout: stdout.trim(), stderr});
		});
	});
}
