// Writing a file only its owner may read (passwords, AWS keys, the query history), whole or
// not at all. One way for every such file, because each detail matters: the text goes to a
// new file of its own (`wx`: never through a link or a leftover someone placed there), is
// made 0600 whatever the umask, and then renamed over the old one, so a reader never sees
// half of it and a crash leaves the old file, not a temporary one.

import {randomBytes} from 'node:crypto';
import fs from 'node:fs';

export function writePrivateFile(file: string, text: string): void {
	const staged = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
	try {
		fs.writeFileSync(staged, text, {mode: 0o600, flag: 'wx'});
		fs.chmodSync(staged, 0o600);
		fs.renameSync(staged, file);
	} finally {
		fs.rmSync(staged, {force: true});
	}
}
