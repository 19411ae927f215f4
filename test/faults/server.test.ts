// The fault suite: the real command (bin/sparkify-dwh.js) in its own process, against its
// own embedded PostgreSQL in a private home, signalled, killed and crowded at chosen
// moments. After each fault the warehouse must hold, byte for byte (a content digest),
// either the load it held before or the new one complete — and the exit code must say which
// kind of end it was. The server must be shared by every process that uses it and stop
// once no live process does.

import assert from 'node:assert/strict';
import {execFileSync, spawn} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {after, before, describe, test} from 'node:test';
import type pg from 'pg';
import {noLog} from '../../source/core/log.js';
import {homePaths, type HomePaths} from '../../source/core/paths.js';
import {dataDirectoryFor, runningServer, startEmbedded, type EmbeddedServer} from '../../source/warehouse/embedded.js';
import {leasePaths, liveHolders} from '../../source/warehouse/leases.js';
import {latestLoadRun} from '../../source/warehouse/load-runs.js';
import pgModule from 'pg';
import {committed, phases, runCli, startCli, warehouseDigest, type CliEnd, type Phase} from '../support/cli-process.js';
import {repoRoot, sampleData} from '../support/paths.js';
import {makeTempDir, sampleWithRepeatedLogs} from '../support/tmp.js';

const isRoot = process.getuid?.() === 0;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits (polling, up to `limitMs`) for a condition that another process brings about. */
async function eventually(condition: () => boolean | Promise<boolean>, what: string, limitMs = 30_000): Promise<void> {
	const deadline = Date.now() + limitMs;
	while (!(await condition())) {
		if (Date.now() > deadline) assert.fail(`still not true after ${limitMs / 1000} s: ${what}`);
		await sleep(100);
	}
}

async function connect(server: EmbeddedServer): Promise<pg.Client> {
	const client = new pgModule.Client({connectionString: server.url});
	client.on('error', () => {});
	await client.connect();
	return client;
}

/** The digest of the warehouse of `paths`, joining (or starting) its server for the while. */
async function digestOf(paths: HomePaths): Promise<string> {
	const server = await startEmbedded(paths, {log: noLog});
	const client = await connect(server);
	try {
		return await warehouseDigest(client);
	} finally {
		await client.end();
		await server.stop();
	}
}

/** As root the data may live outside the home (under /var/lib): remove it with the test. */
function forgetWarehouse(paths: HomePaths): void {
	const dataDirectory = dataDirectoryFor(paths);
	if (dataDirectory === paths.warehouse || runningServer(dataDirectory)) return;
	fs.rmSync(path.dirname(dataDirectory), {recursive: true, force: true});
}

const loadArgs = (source: string) => ['run', '--target', 'local', '--source', source, '--yes', '--json'];

/** The command's --json failure line, if it printed one (errors go to stdout as JSON too). */
const failureText = (end: CliEnd) => `${end.stderr}\n${end.stdout}`;

describe('the embedded warehouse under faults', () => {
	let paths: HomePaths;
	let env: NodeJS.ProcessEnv;
	const sources: Record<'one' | 'two', string> = {one: '', two: ''};
	const digests: Record<'one' | 'two', string> = {one: '', two: ''};
	/** Which source's load the warehouse holds now. */
	let current: 'one' | 'two' = 'one';
	const other = () => (current === 'one' ? 'two' : 'one');
	/** This test process holds a lease, so the server stays up across the commands below. */
	let observer: EmbeddedServer | undefined;
	let client: pg.Client | undefined;

	before(async () => {
		paths = homePaths({SPARKIFY_DWH_HOME: path.join(makeTempDir('sparkify-faults'), 'home')});
		env = {SPARKIFY_DWH_HOME: paths.home, AWS_SECRET_ACCESS_KEY: 'fault-suite-not-a-real-secret'};
		// Large enough that a load is still in its staging, or its star, when the tests look for it
		// (the star's tables are built two at a time, and a small load is over in half a second).
		sources.one = sampleWithRepeatedLogs(sampleData, 8);
		sources.two = sampleWithRepeatedLogs(sampleData, 12);
		const observing = await observe();
		for (const which of ['two', 'one'] as const) {
			const end = await runCli(loadArgs(sources[which]), env);
			assert.equal(end.code, 0, end.stderr);
			digests[which] = await warehouseDigest(observing);
		}
		current = 'one';
		assert.notEqual(digests.one, digests.two);
	});

	after(async () => {
		await client?.end().catch(() => {});
		await observer?.stop();
		forgetWarehouse(paths);
	});

	async function observe(): Promise<pg.Client> {
		if (!observer || !client) {
			observer = await startEmbedded(paths, {log: noLog});
			client = await connect(observer);
		}
		return client;
	}

	async function stopObserving(): Promise<void> {
		await client?.end().catch(() => {});
		await observer?.stop();
		client = undefined;
		observer = undefined;
	}

	/** After a fault: the warehouse holds exactly one of the two complete loads. */
	async function assertWholeLoad(end: CliEnd, digest: string): Promise<void> {
		const next = other();
		if (committed(end)) assert.equal(digest, digests[next], 'the command said the load committed: the new load, whole');
		else assert.ok(digest === digests[current] || digest === digests[next], 'the previous load or the new one, whole, nothing in between');
		if (digest === digests[next]) current = next;
	}

	for (const signal of ['SIGINT', 'SIGTERM'] as const) {
		for (const phase of Object.keys(phases) as Phase[]) {
			test(`${signal} during ${phase}: exit 130, and the warehouse holds a whole load`, async () => {
				const observing = await observe();
				const before = current;
				const run = startCli(loadArgs(sources[other()]), env);
				await run.waitFor(phases[phase], phase);
				run.child.kill(signal);
				const end = await run.ended;
				assert.equal(end.code, 130, failureText(end));
				await assertWholeLoad(end, await warehouseDigest(observing));
				// Cancelled before the commit, the previous load stays; a cancel during the checks comes after it.
				if (phase !== 'checks' && !committed(end)) assert.equal(current, before, `cancelled during ${phase}: the previous load`);
				assert.deepEqual(liveHolders(leasePaths(paths.home).leases), [process.pid], 'the command let go of the server');
			});
		}
	}

	for (const phase of ['load', 'transforms', 'checks'] as const) {
		test(`kill -9 during ${phase}: a whole load, the run shown as interrupted, the lease dropped`, async () => {
			const observing = await observe();
			const run = startCli(loadArgs(sources[other()]), env);
			await run.waitFor(phases[phase], phase);
			run.child.kill('SIGKILL');
			const end = await run.ended;
			assert.equal(end.signal, 'SIGKILL');
			await assertWholeLoad(end, await warehouseDigest(observing));
			const last = await latestLoadRun(observing);
			if (phase === 'checks') assert.equal(last?.status, 'done');
			else assert.ok(last?.status === 'interrupted' || last?.status === 'done', `not shown as running: ${last?.status}`);
			if (phase === 'load') assert.equal(last?.status, 'interrupted');
			assert.deepEqual(liveHolders(leasePaths(paths.home).leases), [process.pid], "the killed command's lease counts for nothing");
			assert.ok(runningServer(observer!.dataDirectory), 'the server stays up for the holder that is left');
		});
	}

	test('the server killed mid-load: the command fails (not exit 0), and the next start has the previous load intact', async () => {
		await observe();
		const dataDirectory = observer!.dataDirectory;
		const run = startCli(loadArgs(sources[other()]), env);
		await run.waitFor(phases.load, 'load');
		const server = runningServer(dataDirectory);
		assert.ok(server);
		process.kill(server.pid, 'SIGKILL');
		const end = await run.ended;
		assert.notEqual(end.code, 0, failureText(end));
		assert.equal(end.signal, null, 'it ended by itself, not by a crash signal');
		// One sentence about the connection, never "a bug": the --json stream ends with its error line.
		const last = JSON.parse(end.stdout.trim().split('\n').at(-1)!) as {type: string; code: string; message: string};
		assert.equal(last.type, 'error', failureText(end));
		assert.doesNotMatch(last.message, /bug/i, failureText(end));
		assert.notEqual(last.code, 'bug', failureText(end));
		await stopObserving();
		// Its orphaned backends end on their own once they notice; then the server starts again.
		const digest = await digestOf(paths);
		assert.equal(digest, digests[current]);
	});

	test('kill -9 of the only holder: the watchdog stops the server once no live holder is left; no secret reaches the server', async () => {
		await stopObserving();
		const run = startCli(loadArgs(sources[other()]), env);
		await run.waitFor(phases.load, 'load');
		const dataDirectory = dataDirectoryFor(paths);
		const server = runningServer(dataDirectory);
		assert.ok(server, 'the command started the server');
		// The command was given an AWS secret; the server it started must not carry it.
		if (process.platform === 'linux') {
			const environ = fs.readFileSync(`/proc/${server.pid}/environ`, 'utf8');
			assert.doesNotMatch(environ, /AWS_SECRET_ACCESS_KEY|fault-suite-not-a-real-secret/);
			assert.match(environ, /(^|\0)LC_ALL=C(\0|$)/);
		}
		run.child.kill('SIGKILL');
		await run.ended;
		await eventually(() => runningServer(dataDirectory) === undefined, 'the server stopped');
		assert.equal(await digestOf(paths), digests[current]);
	});

	for (const count of [2, 3]) {
		test(`${count} commands started together on a stopped server all succeed, and the last one out stops it`, async () => {
			await stopObserving();
			const dataDirectory = dataDirectoryFor(paths);
			await eventually(() => runningServer(dataDirectory) === undefined, 'stopped before the test');
			const ends = await Promise.all(Array.from({length: count}, () => runCli(['check', '--json'], env)));
			for (const end of ends) assert.equal(end.code, 0, failureText(end));
			assert.equal(runningServer(dataDirectory), undefined, 'no one holds it: stopped');
			assert.deepEqual(liveHolders(leasePaths(paths.home).leases), []);
		});
	}

	test('a stale postmaster.pid naming a live process that is not the server is cleared without a human', async (t) => {
		await stopObserving();
		const dataDirectory = dataDirectoryFor(paths);
		await eventually(() => runningServer(dataDirectory) === undefined, 'stopped before the test');
		// A live process of the server's own user that is not a PostgreSQL (PostgreSQL itself
		// would take another user's pid for dead, so the impostor runs as the data's owner).
		const owner = fs.statSync(dataDirectory);
		const impostor = spawn('sleep', ['600'], {stdio: 'ignore', ...(isRoot ? {uid: owner.uid, gid: owner.gid} : {})});
		t.after(() => impostor.kill());
		fs.writeFileSync(path.join(dataDirectory, 'postmaster.pid'), `${impostor.pid}\n${dataDirectory}\n1700000000\n5432\n\n127.0.0.1\n  1234  5678\nready\n`);
		const end = await runCli(['check', '--json'], env);
		assert.equal(end.code, 0, failureText(end));
	});

	test('watch and status in other processes during a load leave the server to the load', async () => {
		await stopObserving();
		// A load long enough that the two other commands, starting up, find it still running.
		const run = startCli(loadArgs(sampleWithRepeatedLogs(sampleData, 8)), env);
		await run.waitFor(phases.load, 'load');
		const [status, watch] = await Promise.all([runCli(['status', '--json'], env), runCli(['watch', '--json'], env)]);
		assert.equal(status.code, 0, status.stderr);
		assert.equal(watch.code, 0, watch.stderr);
		const end = await run.ended;
		assert.equal(end.code, 0, failureText(end));
		assert.equal((watch.events.at(-1) as {status?: string}).status, 'done', 'watch followed the load to its end');
	});
});

/**
 * A copy of this checkout inside a 0700 folder, made of hard links (a whole checkout in a
 * moment, node_modules and PostgreSQL's binaries included). Links need one file system: in
 * the temporary folder if the checkout shares its disk, else beside the checkout.
 */
function closedCheckout(): string {
	for (const parent of [os.tmpdir(), path.dirname(repoRoot)]) {
		const closed = fs.mkdtempSync(path.join(parent, '.sparkify-closed-'));
		fs.chmodSync(closed, 0o700);
		try {
			execFileSync('cp', ['-al', repoRoot, path.join(closed, 'checkout')], {stdio: 'pipe'});
			return path.join(closed, 'checkout');
		} catch {
			fs.rmSync(closed, {recursive: true, force: true});
		}
	}
	assert.fail('could not make a hard-linked copy of the checkout');
}

describe('a fresh home', () => {
	for (const count of [2, 3]) {
		// Three at once also come from a checkout under a 0700 folder (as root: the container case,
		// where the server's user cannot reach the binaries in node_modules), and one of them loads.
		const fromClosedCheckout = count === 3;
		const title = count === 2 ? ' (over a half-made folder)' : ', from a checkout under a 0700 folder, one of them loading';
		test(`${count} commands started together set the warehouse up once, and all succeed${title}`, async (t) => {
			const folder = makeTempDir('sparkify-fresh');
			// Open to every user, as a normal home is: the data stays under the home even as root.
			fs.chmodSync(folder, 0o755);
			const paths = homePaths({SPARKIFY_DWH_HOME: path.join(folder, 'home')});
			fs.mkdirSync(paths.home, {mode: 0o711});
			const env = {SPARKIFY_DWH_HOME: paths.home};
			const dataDirectory = dataDirectoryFor(paths);
			assert.equal(dataDirectory, paths.warehouse);
			if (count === 2) {
				// What a first setup killed half-way leaves: a folder that never starts, and initdb's scratch.
				fs.mkdirSync(dataDirectory, {recursive: true, mode: 0o700});
				fs.writeFileSync(path.join(dataDirectory, 'PG_VERSION'), '18\n');
				fs.mkdirSync(`${dataDirectory}.init-99999`);
			}
			let entry: string | undefined;
			if (fromClosedCheckout) {
				const checkout = closedCheckout();
				t.after(() => fs.rmSync(path.dirname(checkout), {recursive: true, force: true}));
				entry = path.join(checkout, 'bin', 'sparkify-dwh.js');
			}
			const commands = Array.from({length: count}, (_, index) => (fromClosedCheckout && index === 0 ? loadArgs(sampleData) : ['tables', '--target', 'local', '--yes', '--json']));
			const ends = await Promise.all(commands.map((args) => runCli(args, env, {entry})));
			for (const end of ends) assert.equal(end.code, 0, failureText(end));
			const setups = ends.filter((end) => /first run only/.test(failureText(end)));
			assert.equal(setups.length, 1, 'one initdb');
			assert.ok(fs.existsSync(path.join(dataDirectory, 'global', 'pg_control')), 'set up whole');
			assert.deepEqual(
				fs.readdirSync(path.dirname(dataDirectory)).filter((name) => name.includes('.init-')),
				[],
				'no half-made folder left',
			);
			assert.equal(runningServer(dataDirectory), undefined);
			if (count === 2) {
				const aside = fs.readdirSync(paths.home).filter((name) => name.startsWith('warehouse.incomplete-'));
				assert.equal(aside.length, 1, 'the half-made folder was moved aside, never deleted');
			}
			if (fromClosedCheckout) {
				assert.equal((ends[0]!.events.at(-1) as {tables?: {songplays?: number}}).tables?.songplays, 6820);
				if (isRoot) {
					const engines = fs.readdirSync(path.join(paths.home, 'engine'));
					assert.equal(engines.length, 1, `one verified copy of the binaries the server's user can reach: ${engines.join(', ')}`);
					assert.ok(fs.existsSync(path.join(paths.home, 'engine', engines[0]!, 'sparkify-engine.json')));
				}
			}
		});
	}
});

describe('a full disk', () => {
	let mountPoint: string | undefined;
	let paths: HomePaths;
	let skipReason: string | undefined;
	before(() => {
		if (!isRoot) {
			skipReason = 'needs root to mount a small file system';
			return;
		}
		paths = homePaths({SPARKIFY_DWH_HOME: path.join(makeTempDir('sparkify-small-disk'), 'home')});
		// As the command makes it (0700, so as root the data lives under /var/lib): a small
		// file system goes exactly where the data will be.
		fs.mkdirSync(paths.home, {mode: 0o700});
		mountPoint = path.dirname(dataDirectoryFor(paths));
		fs.mkdirSync(mountPoint, {recursive: true});
		try {
			execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=256m,mode=0755', 'tmpfs', mountPoint], {stdio: 'pipe'});
		} catch (error) {
			skipReason = `this machine does not allow mounting a small file system (${String((error as {stderr?: Buffer}).stderr ?? error).trim()})`;
			mountPoint = undefined;
		}
	});
	after(() => {
		if (mountPoint) execFileSync('umount', ['-l', mountPoint]);
		if (paths) forgetWarehouse(paths);
	});

	/** Fills the disk up to `leaveBytes` free, with one file the test deletes later. */
	function fill(file: string, leaveBytes: number): void {
		const {bavail, bsize} = fs.statfsSync(mountPoint!);
		const fd = fs.openSync(file, 'a');
		const chunk = Buffer.alloc(64 * 1024);
		try {
			for (let left = bavail * bsize - leaveBytes; left > 0; left -= chunk.length) fs.writeSync(fd, chunk, 0, Math.min(chunk.length, left));
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
		} finally {
			fs.closeSync(fd);
		}
	}

	test('a full disk fails loads and says so; a crash on it recovers once space is freed, data intact', async (t) => {
		if (!mountPoint) {
			t.skip(skipReason);
			return;
		}
		const env = {SPARKIFY_DWH_HOME: paths.home};
		const first = await runCli(loadArgs(sampleData), env);
		assert.equal(first.code, 0, failureText(first));
		const intact = await digestOf(paths);

		// Room to start, not to load: the load fails and rolls back.
		const filler = path.join(mountPoint, 'filler');
		fill(filler, 6 * 1024 * 1024);
		const full = await runCli(loadArgs(sampleWithRepeatedLogs(sampleData, 6)), env);
		assert.notEqual(full.code, 0, 'a load that did not fit never exits 0');

		// The server dies while the disk is full (as on a PANIC over WAL space): it cannot even
		// start again now, and the command says why without offering to delete anything.
		const holder = await startEmbedded(paths, {log: noLog});
		fill(filler, 0);
		process.kill(runningServer(holder.dataDirectory)!.pid, 'SIGKILL');
		await holder.stop();
		const check = await runCli(['check', '--json'], env);
		assert.equal(check.code, 1, failureText(check));
		// Either the server cannot start (our own words) or it starts and cannot open a session.
		assert.match(failureText(check), /disk that holds the embedded warehouse .* is full|disk that holds its data is full/);
		assert.doesNotMatch(failureText(check), /delete|remove|afresh/i, 'a full disk is never a reason to delete the warehouse');

		fs.rmSync(filler);
		const again = await runCli(['check', '--json'], env);
		assert.equal(again.code, 0, failureText(again));
		assert.equal(await digestOf(paths), intact, 'the load from before the full disk, intact');
	});
});
