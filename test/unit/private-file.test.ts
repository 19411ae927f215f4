// The one way secrets and the query history are written: 0600 whatever the umask, whole or
// not at all, and never through a link or a leftover placed where the new text is staged.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {test} from 'node:test';
import {execFile} from 'node:child_process';
import {promisify} from 'node:util';
import {createPrivateFile, writePrivateFile} from '../../source/core/private-file.js';
import {makeTempDir} from '../support/tmp.js';

const execFileAsync = promisify(execFile);

test('writePrivateFile: 0600 under a permissive umask, replacing a readable file; no temporary file left', () => {
	const folder = makeTempDir('sparkify-private-file');
	const file = path.join(folder, 'secret');
	fs.writeFileSync(file, 'old\n', {mode: 0o644});
	const umask = process.umask(0o000);
	try {
		writePrivateFile(file, 'new\n');
	} finally {
		process.umask(umask);
	}
	assert.equal(fs.readFileSync(file, 'utf8'), 'new\n');
	assert.equal(fs.statSync(file).mode & 0o777, 0o600);
	assert.deepEqual(fs.readdirSync(folder), ['secret']);
});

test('writePrivateFile: a link where the file is does not lead the text elsewhere; a failed write keeps the old file', () => {
	const folder = makeTempDir('sparkify-private-file');
	const elsewhere = path.join(folder, 'elsewhere');
	fs.writeFileSync(elsewhere, 'not yours\n');
	const file = path.join(folder, 'secret');
	fs.symlinkSync(elsewhere, file);
	writePrivateFile(file, 'new\n');
	assert.equal(fs.readFileSync(elsewhere, 'utf8'), 'not yours\n', 'the link is replaced, its target untouched');
	assert.ok(!fs.lstatSync(file).isSymbolicLink());
	// A write that fails at the last step (the name is taken by a folder, which even root cannot
	// rename a file over): the error is thrown, what was there stays, no temporary file is left.
	const taken = path.join(folder, 'taken');
	fs.mkdirSync(taken);
	fs.writeFileSync(path.join(taken, 'inside'), 'kept\n');
	assert.throws(() => writePrivateFile(taken, 'new\n'), /EISDIR|ENOTEMPTY|EEXIST/);
	assert.equal(fs.readFileSync(path.join(taken, 'inside'), 'utf8'), 'kept\n');
	assert.deepEqual(fs.readdirSync(folder).sort(), ['elsewhere', 'secret', 'taken']);
});

test('createPrivateFile: writes a file that is not there (0600), never replaces one that is', () => {
	const folder = makeTempDir('sparkify-private-file');
	const file = path.join(folder, 'secret');
	assert.equal(createPrivateFile(file, 'first\n'), true);
	assert.equal(fs.statSync(file).mode & 0o777, 0o600);
	assert.equal(createPrivateFile(file, 'second\n'), false);
	assert.equal(fs.readFileSync(file, 'utf8'), 'first\n', 'the first one made stays');
	assert.deepEqual(fs.readdirSync(folder), ['secret'], 'no temporary file left');
});

test('readOrMakeSecret: processes that make the secret at the same moment all get the one kept in the file', async () => {
	const folder = makeTempDir('sparkify-private-file');
	const module = path.resolve('source/warehouse/embedded.ts');
	// Each process waits for the same instant, then makes (or reads) the secret and prints it.
	const at = Date.now() + 1500;
	const script = `const {readOrMakeSecret} = await import(${JSON.stringify(module)}); while (Date.now() < ${at}); for (let i = 0; i < 20; i++) process.stdout.write(readOrMakeSecret(process.argv[1] + '/s' + i) + '\\n');`;
	const runs = Array.from({length: 4}, () => execFileAsync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, folder]));
	const outputs = (await Promise.all(runs)).map((run) => run.stdout.trim().split('\n'));
	for (let index = 0; index < 20; index++) {
		const kept = fs.readFileSync(path.join(folder, `s${index}`), 'utf8').trim();
		assert.deepEqual(
			outputs.map((lines) => lines[index]),
			[kept, kept, kept, kept],
			`secret ${index}: every process has the one in the file`,
		);
	}
});

test('createPrivateFile: where hard links are refused, the file is still made once (exclusively, 0600) and never replaced', (t) => {
	const folder = makeTempDir('sparkify-private-file');
	const file = path.join(folder, 'secret');
	const link = t.mock.method(fs, 'linkSync', () => {
		throw Object.assign(new Error('EPERM: operation not permitted, link'), {code: 'EPERM'});
	});
	assert.equal(createPrivateFile(file, 'first\n'), true);
	assert.equal(fs.statSync(file).mode & 0o777, 0o600);
	assert.equal(createPrivateFile(file, 'second\n'), false);
	assert.equal(fs.readFileSync(file, 'utf8'), 'first\n');
	assert.deepEqual(fs.readdirSync(folder), ['secret'], 'no temporary file left');
	assert.equal(link.mock.callCount(), 2, 'the link was tried, and refused, each time');
});
