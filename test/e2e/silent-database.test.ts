// A database URL whose port accepts the connection and then never answers a byte: the
// command must not hang there. Ctrl-C ends it at once (130), as anywhere else.

import assert from 'node:assert/strict';
import {after, before, test} from 'node:test';
import {startCli} from '../support/cli-process.js';
import {makeTempDir} from '../support/tmp.js';
import {silentServer, type SilentServer} from '../support/silent-server.js';

let silent: SilentServer;
before(async () => {
	silent = await silentServer();
});
after(async () => silent.close());

test('Ctrl-C while connecting to a server that never answers ends the command with 130, at once', async () => {
	const url = silent.url.replace(/^http:/, 'postgres:').replace(/\/?$/, '/sparkify');
	const before = silent.connections;
	const cli = startCli(['check', '--database-url', url.replace('postgres://', 'postgres://user:secret@'), '--plain'], {SPARKIFY_DWH_HOME: makeTempDir('sparkify-silent-db')});
	const deadline = Date.now() + 20_000;
	while (silent.connections === before && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
	assert.ok(silent.connections > before, 'the command reached the silent server');
	const signalledAt = Date.now();
	cli.child.kill('SIGINT');
	const end = await cli.ended;
	assert.equal(end.code, 130, end.stderr + end.stdout);
	assert.ok(Date.now() - signalledAt < 5000, `ended ${Date.now() - signalledAt} ms after Ctrl-C`);
	assert.match(end.stdout + end.stderr, /Cancelled\./);
	assert.doesNotMatch(end.stdout + end.stderr, /secret/, 'the password is never shown');
});
