// The embedded warehouse's life: first start initialises it, a second process joins the
// running server instead of starting another, stop stops it, and the data survives.

import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {test} from 'node:test';
import pg from 'pg';
import {noLog} from '../../source/core/log.js';
import {homePaths} from '../../source/core/paths.js';
import {runningServer, startEmbedded} from '../../source/warehouse/embedded.js';
import {makeTempDir} from '../support/tmp.js';

async function query(url: string, sql: string): Promise<unknown[]> {
	const client = new pg.Client({connectionString: url});
	await client.connect();
	try {
		return (await client.query(sql)).rows;
	} finally {
		await client.end();
	}
}

test('start, join, stop, and start again with the data kept', async () => {
	const paths = homePaths({SPARKIFY_DWH_HOME: path.join(makeTempDir('sparkify-embedded'), 'home')});
	const notices: string[] = [];
	const first = await startEmbedded(paths, {log: noLog, onNotice: (message) => notices.push(message)});
	try {
		assert.equal(first.owned, true);
		assert.match(notices.join('\n'), /first run only/);
		await query(first.url, 'CREATE TABLE kept (n int); INSERT INTO kept VALUES (42)');

		// A second user in the same process (the app checking the warehouse while a command
		// runs) shares the server: whichever stops first, the other keeps its connection.
		const second = await startEmbedded(paths, {log: noLog});
		assert.equal(second.port, first.port);
		const third = await startEmbedded(paths, {log: noLog});
		await first.stop();
		assert.ok(runningServer(first.dataDirectory), 'stopped by one user of three: still running');
		assert.deepEqual(await query(second.url, 'SELECT n FROM kept'), [{n: 42}]);
		await second.stop();
		assert.ok(runningServer(first.dataDirectory), 'one user left: still running');
		await third.stop();
		assert.equal(runningServer(first.dataDirectory), undefined, 'the last user stops it');
	} finally {
		await first.stop();
	}
	assert.equal(runningServer(first.dataDirectory), undefined);

	// Two starts at once in one process (the app checking the warehouse as a command opens it):
	// one server, shared, stopped only when both are done.
	const [again, alongside] = await Promise.all([startEmbedded(paths, {log: noLog}), startEmbedded(paths, {log: noLog})]);
	try {
		assert.equal(again.port, alongside.port);
		assert.equal(again.owned, true);
		assert.deepEqual(await query(again.url, 'SELECT n FROM kept'), [{n: 42}]);
		const [settings] = (await query(again.url, "SELECT current_setting('wal_level') AS wal, current_setting('listen_addresses') AS listen")) as Array<{
			wal: string;
			listen: string;
		}>;
		assert.deepEqual(settings, {wal: 'minimal', listen: '127.0.0.1'});
		await again.stop();
		assert.deepEqual(await query(alongside.url, 'SELECT n FROM kept'), [{n: 42}], 'the other handle still has its server');
	} finally {
		await again.stop();
		await alongside.stop();
	}
	assert.equal(runningServer(again.dataDirectory), undefined);

	const secret = path.join(paths.home, 'warehouse.secret');
	assert.equal(fs.statSync(secret).mode & 0o777, 0o600);
	assert.ok(!first.url.includes('password'));
	if (process.getuid?.() === 0) {
		// PostgreSQL will not run as root: the data belongs to the unprivileged user it runs as.
		assert.notEqual(fs.statSync(first.dataDirectory).uid, 0);
	}
});

test('a wrong password is refused: the server is not open to anyone who finds the port', async () => {
	const paths = homePaths({SPARKIFY_DWH_HOME: path.join(makeTempDir('sparkify-embedded-auth'), 'home')});
	const server = await startEmbedded(paths, {log: noLog});
	try {
		const url = new URL(server.url);
		url.password = 'not-the-password';
		await assert.rejects(query(url.toString(), 'SELECT 1'), /password authentication failed/);
	} finally {
		await server.stop();
	}
});

test('a home deleted and made again starts a fresh warehouse, wherever its data was kept', async () => {
	const paths = homePaths({SPARKIFY_DWH_HOME: path.join(makeTempDir('sparkify-orphan'), 'home')});
	const first = await startEmbedded(paths, {log: noLog});
	try {
		await query(first.url, 'CREATE TABLE old_load (n int)');
	} finally {
		await first.stop();
	}
	fs.rmSync(paths.home, {recursive: true, force: true});
	const again = await startEmbedded(paths, {log: noLog});
	try {
		assert.deepEqual(await query(again.url, "SELECT to_regclass('old_load') AS found"), [{found: null}]);
	} finally {
		await again.stop();
	}
});

test('the last user out stops it: a command ending while another terminal uses the server leaves it running', async () => {
	const paths = homePaths({SPARKIFY_DWH_HOME: path.join(makeTempDir('sparkify-shared'), 'home')});
	const first = await startEmbedded(paths, {log: noLog});
	const other = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, '..', 'support', 'join-embedded.ts'), paths.home], {stdio: ['pipe', 'pipe', 'inherit']});
	const said = (line: string) => new Promise<void>((resolve) => other.stdout.on('data', (chunk: Buffer) => chunk.toString().includes(line) && resolve()));
	try {
		await said('joined guest');
		await first.stop();
		assert.ok(runningServer(first.dataDirectory), 'still running: the other process is connected');
		other.stdin.write('done\n');
		await said('stopped');
		assert.equal(runningServer(first.dataDirectory), undefined, 'the last one out stopped it');
	} finally {
		other.kill();
		const left = runningServer(first.dataDirectory);
		if (left) process.kill(left.pid, 'SIGINT');
	}
});

test('a holder with no open connection (a command waiting at its [y/N]) keeps the server when a second process comes and goes', async () => {
	const paths = homePaths({SPARKIFY_DWH_HOME: path.join(makeTempDir('sparkify-waiting'), 'home')});
	const waiting = await startEmbedded(paths, {log: noLog});
	const other = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, '..', 'support', 'join-embedded.ts'), paths.home], {stdio: ['pipe', 'pipe', 'inherit']});
	const said = (line: string) => new Promise<void>((resolve) => other.stdout.on('data', (chunk: Buffer) => chunk.toString().includes(line) && resolve()));
	try {
		await said('joined guest');
		other.stdin.write('done\n');
		await said('stopped');
		assert.ok(runningServer(waiting.dataDirectory), 'still running: this process holds it, connected or not');
		assert.deepEqual(await query(waiting.url, 'SELECT 1 AS one'), [{one: 1}]);
	} finally {
		other.kill();
		await waiting.stop();
	}
	assert.equal(runningServer(waiting.dataDirectory), undefined, 'the last holder stopped it');
});
