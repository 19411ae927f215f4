// `sparkify-dwh serve` as a user runs it, with PostgreSQL's own psql as the client: the
// printed psql line works pasted as it is, the read-only role cannot write, Ctrl-C and
// SIGTERM end it with exit 0, and it shares the server with other commands: a `run` in
// another process beside it, and a holder that outlives it.

import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import {before, describe, test} from 'node:test';
import {homePaths} from '../../source/core/paths.js';
import {dataDirectoryFor, runningServer} from '../../source/warehouse/embedded.js';
import {runCli, startCli, type CliProcess} from '../support/cli-process.js';
import {sampleData} from '../support/paths.js';
import {findPsql, runPsqlLine} from '../support/psql.js';
import {makeTempDir} from '../support/tmp.js';

const psql = findPsql();

/** `serve` started, with a way to wait for a line it prints on stdout. */
function startServe(args: readonly string[], env: NodeJS.ProcessEnv): CliProcess & {line(pattern: RegExp): Promise<RegExpMatchArray>} {
	const serve = startCli(['serve', ...args], env);
	let out = '';
	serve.child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
	return {
		...serve,
		async line(pattern) {
			let ended = false;
			void serve.ended.then(() => (ended = true));
			for (;;) {
				const found = out
					.split('\n')
					.map((each) => pattern.exec(each))
					.find(Boolean);
				if (found) return found;
				if (ended) throw new Error(`serve ended before printing ${pattern}:\n${(await serve.ended).stderr}\n${out}`);
				await new Promise((resolve) => setTimeout(resolve, 50));
			}
		},
	};
}

/** The two psql lines serve prints: the owner's, then the read-only role's. */
async function psqlLines(serve: ReturnType<typeof startServe>): Promise<{owner: string; reader: string}> {
	const owner = (await serve.line(/^ {2}(PGPASSFILE=\S+ psql postgresql:\/\/sparkify@\S+)$/))[1]!;
	const reader = (await serve.line(/^ {2}(PGPASSFILE=\S+ psql postgresql:\/\/sparkify_reader@\S+)$/))[1]!;
	return {owner, reader};
}

async function freePort(): Promise<number> {
	return new Promise((resolve) => {
		const server = net.createServer().listen(0, '127.0.0.1', () => {
			const {port} = server.address() as net.AddressInfo;
			server.close(() => resolve(port));
		});
	});
}

async function until(what: string, done: () => boolean, timeoutMs = 15_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!done()) {
		assert.ok(Date.now() < deadline, `timed out waiting until ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
}

describe('serve, with a real psql', {skip: psql ? false : 'psql is not installed (.ci/run installs postgresql-client)'}, () => {
	let env: NodeJS.ProcessEnv;
	let dataDirectory: string;
	const serverRuns = () => runningServer(dataDirectory) !== undefined;

	before(async () => {
		const home = path.join(makeTempDir('sparkify-serve'), 'home');
		env = {SPARKIFY_DWH_HOME: home};
		dataDirectory = dataDirectoryFor(homePaths(env));
		const run = await runCli(['run', '--source', sampleData, '--yes', '--json'], env);
		assert.equal(run.code, 0, run.stderr);
		assert.equal(serverRuns(), false, 'run stopped the server it started');
	});

	test('the printed psql line works as pasted; the read-only role cannot write; Ctrl-C ends it (exit 0) and stops the server', async () => {
		const serve = startServe([], env);
		const {owner, reader} = await psqlLines(serve);
		const counted = await runPsqlLine(psql!, owner, ['-c', 'SELECT COUNT(*) FROM songplays']);
		assert.equal(counted.code, 0, counted.stderr);
		assert.equal(counted.stdout, '6820');

		const read = await runPsqlLine(psql!, reader, ['-c', 'SELECT COUNT(*) FROM users', '-c', 'SELECT current_user']);
		assert.equal(read.code, 0, read.stderr);
		assert.deepEqual(read.stdout.split('\n'), ['96', 'sparkify_reader']);
		const insert = await runPsqlLine(psql!, reader, ['-c', "INSERT INTO users (user_id, first_name) VALUES (-1, 'intruder')"]);
		assert.notEqual(insert.code, 0);
		assert.match(insert.stderr, /cannot execute INSERT in a read-only transaction/);
		// Leaving read-only mode does not help: the role has no right to write.
		const forced = await runPsqlLine(psql!, reader, ['-c', 'SET default_transaction_read_only = off', '-c', 'INSERT INTO users (user_id) VALUES (-1)']);
		assert.notEqual(forced.code, 0);
		assert.match(forced.stderr, /permission denied for table users/);

		// The passwords live in a 0600 file and were never printed or logged.
		const home = env.SPARKIFY_DWH_HOME!;
		assert.equal(fs.statSync(path.join(home, 'warehouse.pgpass')).mode & 0o777, 0o600);
		const secrets = ['warehouse.secret', 'warehouse-reader.secret'].map((name) => fs.readFileSync(path.join(home, name), 'utf8').trim());
		serve.child.kill('SIGINT');
		const end = await serve.ended;
		assert.equal(end.code, 0, end.stderr);
		assert.match(end.stderr, /Stopped serving; the embedded PostgreSQL has stopped\./);
		const logs = fs
			.readdirSync(path.join(home, 'logs'))
			.map((name) => fs.readFileSync(path.join(home, 'logs', name), 'utf8'))
			.join('\n');
		for (const secret of secrets) {
			assert.ok(secret.length > 10);
			for (const text of [end.stdout, end.stderr, logs]) assert.ok(!text.includes(secret), 'a password was printed or logged');
		}
		assert.equal(serverRuns(), false, 'nothing else held it: the server stopped');
	});

	test('--port N serves on N; --show-password prints the passwords once; SIGTERM ends it with exit 0', async () => {
		const port = await freePort();
		const serve = startServe(['--port', String(port), '--show-password'], env);
		const [, password] = (await serve.line(/^owner password: +(\S+)$/))!;
		assert.equal(password, fs.readFileSync(path.join(env.SPARKIFY_DWH_HOME!, 'warehouse.secret'), 'utf8').trim());
		const [, url] = (await serve.line(/^ {2}owner +(postgresql:\/\/\S+)$/))!;
		assert.equal(url, `postgresql://sparkify:***@127.0.0.1:${port}/sparkify`, 'the summary keeps the password hidden');
		// The password as printed is enough, without the password file.
		const direct = await runPsqlLine(psql!, `psql postgresql://sparkify:${password}@127.0.0.1:${port}/sparkify`, ['-c', 'SELECT 1']);
		assert.equal(direct.code, 0, direct.stderr);
		serve.child.kill('SIGTERM');
		const end = await serve.ended;
		assert.equal(end.code, 0, end.stderr);
		assert.equal(end.stdout.split(password!).length, 2, 'printed once');
	});

	test('beside a run in another process, and the server stops only when its last holder leaves', async () => {
		const serve = startServe([], env);
		const {owner} = await psqlLines(serve);
		const port = Number(/:(\d+)\/sparkify$/.exec(owner)![1]);

		// A whole pipeline in another process joins the server serve holds, and leaves it up.
		const run = await runCli(['run', '--source', sampleData, '--yes', '--json'], env);
		assert.equal(run.code, 0, run.stderr);
		const result = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as {warehouse?: string};
		assert.match(JSON.stringify(result), new RegExp(`port ${port}`));
		assert.ok(serverRuns());
		const counted = await runPsqlLine(psql!, owner, ['-c', 'SELECT COUNT(*) FROM songplays']);
		assert.equal(counted.stdout, '6820', counted.stderr);

		// Another holder outlives serve: serve ends, the server stays for it.
		const holder = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, '..', 'support', 'join-embedded.ts'), env.SPARKIFY_DWH_HOME!], {
			stdio: ['pipe', 'pipe', 'inherit'],
		});
		let said = '';
		holder.stdout.on('data', (chunk: Buffer) => (said += chunk.toString()));
		await until('the holder joined', () => said.includes('joined guest'));
		serve.child.kill('SIGINT');
		const end = await serve.ended;
		assert.equal(end.code, 0, end.stderr);
		assert.match(end.stderr, /keeps running for the other sparkify-dwh commands/);
		assert.ok(serverRuns(), 'still held by the other process');
		const still = await runPsqlLine(psql!, owner, ['-c', 'SELECT 1']);
		assert.equal(still.code, 0, still.stderr);

		holder.stdin.write('go\n');
		await until('the holder let go', () => said.includes('stopped'));
		await until('the server stopped', () => !serverRuns());
	});

	test('--target redshift is refused, pointing at connect', async () => {
		const run = await runCli(['serve', '--target', 'redshift'], env);
		assert.equal(run.code, 2);
		assert.match(run.stderr, /a Redshift cluster is a server already/);
		assert.match(run.stderr, /sparkify-dwh connect/);
	});
});
