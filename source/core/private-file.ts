// Writing a file only its owner may read (passwords, AWS keys, the query history), whole or
// not at all. One way for every such file, because each detail matters: the text goes to a
// new file of its own (`wx`: never through a link or a leftover someone placed there), is
// made 0600 whatever the umask, and then renamed over the old one, so a reader never sees
// half of it and a crash leaves the old file, not a temporary one. A file made once and then
// only read (a generated password) is created without ever replacing one (createPrivateFile).

import {randomBytes} from 'node:crypto';
import fs from 'node:fs';

/** Writes a new private file beside `file`, to be put in its place. */
function staged(file: string, text: string): string {
	const name = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
	fs.writeFileSync(name, text, {mode: 0o600, flag: 'wx'});
	fs.chmodSync(name, 0o600);
	return name;
}

export function writePrivateFile(file: string, text: string): void {
	let name: string | undefined;
	try {
		name = staged(file, text);
		fs.renameSync(name, file);
	} finally {
		if (name) fs.rmSync(name, {force: true});
	}
}

/** What linkSync fails with where the file system has no hard links. */
const noHardLinks = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS']);

/**
 * Writes the file only if there is none yet, and says whether this call wrote it. For a secret
 * two processes may make at once (two `serve` started together on a first run): the staged file
 * is linked to its name, which fails when the name is taken, so the first one made stays and
 * the other process reads it, where a rename would let the second replace the first after it
 * was handed out.
 */
export function createPrivateFile(file: string, text: string): boolean {
	let name: string | undefined;
	try {
		name = staged(file, text);
		try {
			fs.linkSync(name, file);
		} catch (error) {
			if (!noHardLinks.has((error as NodeJS.ErrnoException).code ?? '')) throw error;
			// A file system without hard links (some network and FUSE mounts): created in place,
			// exclusively (wx), which still never replaces a file; only its writing is not atomic.
			fs.writeFileSync(file, text, {mode: 0o600, flag: 'wx'});
			fs.chmodSync(file, 0o600);
		}
		return true;
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
		throw error;
	} finally {
		if (name) fs.rmSync(name, {force: true});
	}
}
