// The real command, as a script or CI would run it: exit codes, --json on stdout and
// nothing else there, one clear sentence for each failure, Ctrl-C in the middle of a load.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import {before, describe, test} from 'node:test';
import {isSupportedNode} from '../../bin/node-version.js';
import {type CliEnd, runCli, startCli} from '../support/cli-process.js';
import {cliEntry, sampleData} from '../support/paths.js';
import {makeTempDir, sampleWithRepeatedLogs} from '../support/tmp.js';

type Run = CliEnd;
const cli = (args: string[], env: NodeJS.ProcessEnv) => runCli(args, env);

const jsonLines = (text: string) =>
	text
		.trim()
		.split('\n')
		.map((line) => JSON.parse(line) as Record<string, unknown>);
const noStackTrace = (text: string) => assert.doesNotMatch(text, /\n\s+at .+:\d+:\d+/);

/** A private home, and a promise of the sample loaded into it by the first test that needs it. */
function loadedHome(): {env: NodeJS.ProcessEnv; loaded: () => Promise<Run>} {
	const env = {SPARKIFY_DWH_HOME: path.join(makeTempDir('sparkify-cli'), 'home')};
	let loading: Promise<Run> | undefined;
	const loaded = () => {
		loading ??= cli(['run', '--target', 'local', '--source', sampleData, '--yes', '--json'], env).then((run) => {
			assert.equal(run.code, 0, run.stderr);
			return run;
		});
		return loading;
	};
	return {env, loaded};
}

/** A private home whose warehouse has its tables and nothing loaded. */
async function homeWithTables(): Promise<NodeJS.ProcessEnv> {
	const env = {SPARKIFY_DWH_HOME: path.join(makeTempDir('sparkify-cli'), 'home')};
	const tables = await cli(['tables', '--json'], env);
	assert.equal(tables.code, 0, tables.stderr + tables.stdout);
	return env;
}

// Each test asks for the state it needs (a loaded home, shared when the tests run together),
// so any one of them passes alone.
describe('the command line', () => {
	let env: NodeJS.ProcessEnv;
	let loaded: () => Promise<Run>;

	before(() => {
		({env, loaded} = loadedHome());
	});

	test('run --json loads the sample and streams events ending with the result', async () => {
		const run = await loaded();
		assert.equal(run.code, 0, run.stderr);
		const lines = jsonLines(run.stdout);
		const steps = lines.filter((line) => line.type === 'step').map((line) => `${line.step}:${line.status}`);
		// The whole pipeline is announced first (pending), the embedded PostgreSQL's start among its steps.
		assert.deepEqual(steps, [
			'warehouse:pending',
			'tables:pending',
			'etl:pending',
			'check:pending',
			'warehouse:running',
			'warehouse:done',
			'tables:running',
			'tables:done',
			'etl:running',
			'etl:done',
			'check:running',
			'check:done',
		]);
		assert.ok(lines.some((line) => line.type === 'progress' && line.task === 'staging_events'));
		// The transforms and the checks report progress too: which one, and how many of all are done.
		const ended = (task: string) => lines.find((line) => line.type === 'progress' && line.task === task && line.state === 'done');
		// Built beside the warehouse, each table's primary key is part of that table's task, after its rows.
		assert.equal(ended('primary keys'), undefined);
		for (const task of ['artists', 'songs', 'users', 'time', 'songplays']) assert.ok(ended(task), `${task} ends as a task`);
		const star = ended('star schema');
		assert.ok(star, 'the star schema ends as a task');
		assert.deepEqual((star.counters as {statements: unknown}).statements, {done: 10, total: 10});
		assert.ok(ended('checks: tables') && ended('checks: joins'));
		assert.equal(ended('quality checks')?.step, 'check');
		assert.equal(ended('quality checks')?.done, ended('quality checks')?.total);
		const result = lines.at(-1)!;
		assert.equal(result.type, 'result');
		assert.equal(result.ok, true);
		assert.equal((result.tables as Record<string, number>).songplays, 6820);
		assert.equal((result.repaired as {events: number}).events, 326);
	});

	test('check --json prints one object: every table with its count, every check with pass/fail', async () => {
		await loaded();
		const run = await cli(['check', '--json'], env);
		assert.equal(run.code, 0, run.stderr);
		const result = JSON.parse(run.stdout) as {tables: Record<string, number>; checks: Array<{name: string; passed: boolean}>; passed: boolean};
		assert.deepEqual(result.tables, {staging_events: 8056, staging_songs: 71, songplays: 6820, users: 96, songs: 71, artists: 69, time: 6813});
		assert.ok(result.checks.length >= 20);
		assert.ok(result.checks.every((check) => typeof check.name === 'string' && check.passed === true));
		assert.equal(result.passed, true);
	});

	test('status: what each step last did, and the warehouse as it is now', async () => {
		await loaded();
		const run = await cli(['status', '--json'], env);
		assert.equal(run.code, 0, run.stderr);
		const result = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as {steps: Array<{step: string; status: string}>; warehouse: string};
		assert.deepEqual(
			result.steps.map(({step, status}) => [step, status]).filter(([step]) => ['tables', 'etl', 'check'].includes(step!)),
			[
				['tables', 'done'],
				['etl', 'done'],
				['check', 'done'],
			],
		);
		assert.equal(result.warehouse, '6,820 songplays', 'counted in the warehouse, not remembered');
	});

	test('plain output: progress on stderr, the summary on stdout', async () => {
		await loaded();
		const run = await cli(['check'], env);
		assert.equal(run.code, 0);
		assert.match(run.stdout, /songplays\s+6,820/);
		assert.match(run.stdout, /quality checks: (\d+) of \1 passed/);
		assert.match(run.stderr, /✔ Check data quality/);
	});

	test('the command that repeats a load names a folder given as a relative path by its absolute path', async () => {
		await loaded();
		const run = await runCli(['etl', '--source', path.basename(sampleData), '--yes', '--json'], env, {cwd: path.dirname(sampleData)});
		assert.equal(run.code, 0, run.stderr);
		const result = jsonLines(run.stdout).at(-1)!;
		assert.equal(result.repeat, `sparkify-dwh etl --source ${sampleData} --target local --yes`);
	});

	test('replacing a load without a terminal needs --yes, and nothing changes without it', async () => {
		await loaded();
		const run = await cli(['etl', '--source', sampleData], env);
		assert.equal(run.code, 1);
		assert.match(run.stderr, /Replace the current load \(6,820 songplays\)/);
		assert.match(run.stderr, /What to do: Pass --yes to go ahead\./);
		noStackTrace(run.stderr);
	});

	test('Ctrl-C in the middle of a load exits 130 and keeps the previous load', async () => {
		await loaded();
		const large = sampleWithRepeatedLogs(sampleData, 8);
		const loading = startCli(['etl', '--source', large, '--yes', '--json'], env);
		await loading.waitFor((event) => event.task === 'staging_events', 'the events load');
		loading.child.kill('SIGINT');
		const run = await loading.ended;
		assert.equal(run.code, 130, run.stdout + run.stderr);
		const last = jsonLines(run.stdout).at(-1)!;
		assert.equal(last.type, 'error');
		assert.equal(last.code, 'cancelled');
		const check = JSON.parse((await cli(['check', '--json'], env)).stdout) as {tables: Record<string, number>};
		assert.equal(check.tables.songplays, 6820);
		assert.equal(check.tables.staging_events, 8056);
		const settings = JSON.parse(fs.readFileSync(path.join(env.SPARKIFY_DWH_HOME!, 'config', 'settings.json'), 'utf8')) as {steps: Record<string, {status: string}>};
		assert.equal(settings.steps.etl?.status, 'cancelled', 'the cancelled etl is remembered as such');
	});

	test('an unreachable database: one sentence, no password, no stack trace', async () => {
		const run = await cli(['check', '--database-url', 'postgres://me:hunter2@127.0.0.1:1/db'], env);
		assert.equal(run.code, 1);
		assert.match(run.stderr, /✖ Cannot connect to postgres:\/\/me:\*\*\*@127\.0\.0\.1:1\/db: nothing is listening there\./);
		assert.doesNotMatch(run.stdout + run.stderr, /hunter2/);
		noStackTrace(run.stderr);
	});

	test('a missing source folder and bad flags say what to do', async () => {
		const missing = await cli(['etl', '--source', '/nonexistent/data', '--yes'], env);
		assert.equal(missing.code, 1);
		assert.match(missing.stderr, /The source folder \/nonexistent\/data does not exist\./);
		noStackTrace(missing.stderr);
		const badNumber = await cli(['run', '--max-errors', 'many'], env);
		assert.equal(badNumber.code, 2);
		assert.match(badNumber.stderr, /--max-errors takes a whole number, not "many"/);
		const unknown = await cli(['frobnicate'], env);
		assert.equal(unknown.code, 2);
		assert.match(unknown.stderr, /Unknown command "frobnicate"/);
		const badFlag = await cli(['run', '--colour'], env);
		assert.equal(badFlag.code, 2);
		assert.match(badFlag.stderr, /Unknown option '--colour'/);
	});

	test('--help and --version', async () => {
		const help = await cli(['--help'], env);
		assert.equal(help.code, 0);
		for (const command of ['run', 'tables', 'etl', 'check', 'generate']) assert.match(help.stdout, new RegExp(`^  ${command} `, 'm'));
		const version = await cli(['--version'], env);
		const expected = (JSON.parse(fs.readFileSync(path.join(path.dirname(cliEntry), '..', 'package.json'), 'utf8')) as {version: string}).version;
		assert.equal(version.stdout.trim(), expected);
	});

	test("each step's outcome is remembered in the settings, which are private", async () => {
		const {env, loaded} = loadedHome();
		await loaded();
		const file = path.join(env.SPARKIFY_DWH_HOME!, 'config', 'settings.json');
		const settings = JSON.parse(fs.readFileSync(file, 'utf8')) as {steps: Record<string, {status: string; at: string}>};
		assert.equal(settings.steps.tables?.status, 'done');
		assert.equal(settings.steps.check?.status, 'done');
		assert.equal(settings.steps.etl?.status, 'done');
		assert.ok(!Number.isNaN(Date.parse(settings.steps.etl!.at)));
		assert.equal(fs.statSync(file).mode & 0o777, 0o600);
	});

	test('the logs hold no secret and are private', async () => {
		await loaded();
		const failed = await cli(['check', '--database-url', 'postgres://me:hunter2@127.0.0.1:1/db'], env);
		assert.equal(failed.code, 1);
		const logs = path.join(env.SPARKIFY_DWH_HOME!, 'logs');
		for (const name of fs.readdirSync(logs)) {
			const file = path.join(logs, name);
			assert.equal(fs.statSync(file).mode & 0o777, 0o600, name);
			assert.doesNotMatch(fs.readFileSync(file, 'utf8'), /hunter2/, name);
		}
		const secret = fs.readFileSync(path.join(env.SPARKIFY_DWH_HOME!, 'warehouse.secret'), 'utf8').trim();
		for (const name of fs.readdirSync(logs)) assert.ok(!fs.readFileSync(path.join(logs, name), 'utf8').includes(secret), name);
	});

	test('every file once: a loop and a gzip file, and a byte that is not UTF-8, refused by default and replaced on request', async () => {
		const env = await homeWithTables();
		const root = makeTempDir('sparkify-cli-odd');
		fs.cpSync(sampleData, root, {recursive: true});
		const logs = path.join(root, 'log_data', '2018', '11');
		fs.symlinkSync('..', path.join(logs, 'again'));
		const first = path.join(logs, '2018-11-01-events.json');
		fs.writeFileSync(`${first}.gz`, zlib.gzipSync(fs.readFileSync(first)));
		fs.rmSync(first);
		const line = fs
			.readFileSync(path.join(logs, '2018-11-05-events.json'), 'utf8')
			.split('\n')[0]!
			.replace(/"ts":\d+/, '"ts":1541999999000');
		const [before, after] = line.replace(/"song":"[^"]*"/, '"song":"caf@"').split('@') as [string, string];
		fs.writeFileSync(path.join(logs, 'odd.json'), Buffer.concat([Buffer.from(before), Buffer.from([0xe9]), Buffer.from(after)]));

		const refused = await cli(['etl', '--source', root, '--yes'], env);
		assert.equal(refused.code, 1);
		assert.match(refused.stderr, /log_data\/2018\/11\/odd\.json:1 field song holds bytes that are not valid UTF-8/);
		noStackTrace(refused.stderr);

		const run = await cli(['etl', '--source', root, '--yes', '--json', '--accept-invalid-chars'], env);
		assert.equal(run.code, 0, run.stderr);
		const result = jsonLines(run.stdout).at(-1)! as {
			skipped: Array<{name: string; reason: string}>;
			invalidChars: {replaced: number; with: string};
			staging: Array<{table: string; rows: number; files: number}>;
		};
		assert.deepEqual(
			result.skipped.map((entry) => entry.name),
			['log_data/2018/11/again/'],
		);
		assert.match(result.skipped[0]!.reason, /a loop/);
		assert.deepEqual(result.invalidChars, {replaced: 1, with: '?'});
		const events = result.staging.find((load) => load.table === 'staging_events')!;
		assert.deepEqual({rows: events.rows, files: events.files}, {rows: 8057, files: 31});

		const plain = await cli(['etl', '--source', root, '--yes', '--accept-invalid-chars', '_'], env);
		assert.equal(plain.code, 0, plain.stderr);
		assert.match(plain.stdout, /invalid characters replaced with "_": 1/);
		assert.match(plain.stdout, /not loaded: 1 entry of the source\n {2}log_data\/2018\/11\/again\/: a link to log_data\/2018\/, a folder already read \(a loop\)/);
	});
});

test('the Node version gate', () => {
	assert.equal(isSupportedNode('20.20.2'), false);
	assert.equal(isSupportedNode('22.21.0'), false);
	assert.equal(isSupportedNode('22.22.0'), true);
	assert.equal(isSupportedNode('24.14.1'), false);
	assert.equal(isSupportedNode('24.15.0'), true);
	assert.equal(isSupportedNode('26.1.0'), true);
});
