// What serve writes for other clients: the libpq password file (its escaping and its mode)
// and the shell words of the psql line it prints.

import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {test} from 'node:test';
import {shellWord, writePasswordFile} from '../../source/warehouse/serving.js';
import {makeTempDir} from '../support/tmp.js';

test('the password file has one line per login, any port and database, escaped as libpq reads it, mode 0600', () => {
	const file = path.join(makeTempDir('sparkify-pgpass'), 'warehouse.pgpass');
	fs.writeFileSync(file, 'old\n', {mode: 0o644});
	writePasswordFile(file, [
		{user: 'sparkify', password: 'plain-Secret_1'},
		{user: 'reader', password: 'a:b\\c'},
	]);
	const lines = fs.readFileSync(file, 'utf8').split('\n');
	assert.match(lines[0]!, /^# /);
	assert.deepEqual(lines.slice(1), ['127.0.0.1:*:*:sparkify:plain-Secret_1', '127.0.0.1:*:*:reader:a\\:b\\\\c', '']);
	assert.equal(fs.statSync(file).mode & 0o777, 0o600);
	assert.deepEqual(fs.readdirSync(path.dirname(file)), ['warehouse.pgpass'], 'nothing staged is left behind');
});

test('a path or URL in the psql line is one shell word, quoted only when it must be', () => {
	assert.equal(shellWord('/home/me/.local/share/sparkify-dwh/warehouse.pgpass'), '/home/me/.local/share/sparkify-dwh/warehouse.pgpass');
	assert.equal(shellWord('postgresql://sparkify@127.0.0.1:5433/sparkify'), 'postgresql://sparkify@127.0.0.1:5433/sparkify');
	for (const odd of ["/Users/Ann O'Neil/Library/Application Support/sparkify-dwh", 'a;b $(rm x) `c`', 'tab\there']) {
		const echoed = execFileSync('sh', ['-c', `printf %s ${shellWord(odd)}`], {encoding: 'utf8'});
		assert.equal(echoed, odd);
	}
});
