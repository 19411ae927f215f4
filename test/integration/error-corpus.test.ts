// The error corpus: every way the world can refuse (a home that is a file or cannot be
// written, a file that cannot be read, a full disk, a symbolic-link loop, a database that is
// not there or goes away, no AWS credentials, a hostile record) run through the real command,
// plain and --json, each with a private SPARKIFY_DWH_HOME. Each must end with the right exit
// code, one sentence and what to do, the --json error line, no "bug" wording, no password and
// no raw control character anywhere: not on stdout, not on stderr, not in the log.
//
// Permission cases: the tests run as root in CI, and root ignores file modes. They run the
// command in a user namespace (`unshare -r`), where root keeps no power over files owned by a
// user the namespace does not map, and a bind mount can be read-only: real EACCES and EROFS
// from the kernel. Where user namespaces are not allowed, those cases skip and say why.

import assert from 'node:assert/strict';
import {spawn, spawnSync} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {describe, test} from 'node:test';
import pg from 'pg';
import {createTestDatabase, queryRows} from '../support/database.js';
import {cliEntry, sampleData} from '../support/paths.js';
import {makeTempDir, sampleWithRepeatedLogs, sourceWithExtraLogLines} from '../support/tmp.js';

type Run = {code: number | null; stdout: string; stderr: string};
type Setup = {args: string[]; home?: string; env?: NodeJS.ProcessEnv; wrap?: string[]};

/** Anything a terminal would act on: C0 (but newline and tab), DEL, C1, bidi controls, lone surrogates. */
const rawControl = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\u2028\u2029]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** What a hostile record or file name holds: retitle and clear the terminal, a NUL, a right-to-left override. */
const hostile = '\u001b]0;pwned\u0007\u001b[2J\u0000\u202e';

function runCli(setup: Setup, onStdout?: (stdout: string) => void): Promise<Run> {
	const command = [...(setup.wrap ?? []), process.execPath, cliEntry, ...setup.args];
	return new Promise((resolve, reject) => {
		const child = spawn(command[0]!, command.slice(1), {
			env: {...process.env, CI: 'true', SPARKIFY_DWH_HOME: setup.home, ...setup.env},
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk: Buffer) => {
			stdout += chunk.toString();
			onStdout?.(stdout);
		});
		child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
		child.on('error', reject);
		child.on('close', (code) => resolve({code, stdout, stderr}));
	});
}

const userNamespaces = spawnSync('unshare', ['-r', 'true']).status === 0;
const noUserNamespaces = userNamespaces ? false : 'user namespaces (unshare -r) are not allowed here, and root ignores file modes: cannot make a real EACCES/EROFS';
/** Runs the command in a user namespace with `folder` bind-mounted read-only. */
const readOnlyMount = (folder: string) => ['unshare', '-rm', 'sh', '-c', 'mount --bind -o ro "$0" "$0" && exec "$@"', folder];
/** Runs the command in a user namespace with a 256 KB tmpfs on `folder`: a disk that fills at once. */
const tinyDisk = (folder: string) => ['unshare', '-rm', 'sh', '-c', 'mount -t tmpfs -o size=256k tmpfs "$0" && exec "$@"', folder];
/** A uid the user namespace does not map: its files are out of reach even for root in there. */
const strangerId = 12345;

function freshHome(): string {
	return path.join(makeTempDir('sparkify-corpus'), 'home');
}

function logText(home: string | undefined): string {
	const logs = home ? path.join(home, 'logs') : undefined;
	if (!logs || !fs.existsSync(logs) || !fs.statSync(logs).isDirectory()) return '';
	return fs
		.readdirSync(logs)
		.map((name) => fs.readFileSync(path.join(logs, name), 'utf8'))
		.join('\n');
}

function assertOneSentence(message: string): void {
	assert.doesNotMatch(message, /\n/, 'one line');
	assert.match(message, /[.?]$/, 'ends as a sentence');
	assert.doesNotMatch(message, /[.!?] [A-Z]/, `one sentence: ${message}`);
}

function assertClean(run: Run, home: string | undefined, secret: string | undefined): void {
	const everything = `${run.stdout}\n${run.stderr}\n${logText(home)}`;
	assert.doesNotMatch(run.stdout, rawControl, 'stdout holds a raw control character');
	assert.doesNotMatch(run.stderr, rawControl, 'stderr holds a raw control character');
	assert.doesNotMatch(logText(home), rawControl, 'the log holds a raw control character');
	assert.doesNotMatch(`${run.stdout}\n${run.stderr}`, /bug/i, 'not called a bug');
	assert.doesNotMatch(run.stderr, /\n\s+at .+:\d+:\d+/, 'no stack trace');
	if (secret) assert.ok(!everything.includes(secret), `the password ${secret} was printed or logged`);
}

type Expected = {exit: number; code: string; message: RegExp; hint: RegExp; secret?: string; logged?: boolean};

/** Runs the case plain and --json (each in its own home) and checks both tell the same failure. */
async function expectFailure(prepare: () => Setup | Promise<Setup>, expected: Expected): Promise<void> {
	const plainSetup = await prepare();
	const jsonSetup = await prepare();
	const plainHome = plainSetup.home ?? freshHome();
	const jsonHome = jsonSetup.home ?? freshHome();
	const [plain, json] = await Promise.all([
		runCli({...plainSetup, home: plainHome, args: [...plainSetup.args, '--plain']}),
		runCli({...jsonSetup, home: jsonHome, args: [...jsonSetup.args, '--json']}),
	]);

	assert.equal(json.code, expected.exit, `--json exit code\n${json.stdout}${json.stderr}`);
	const lines = json.stdout
		.trim()
		.split('\n')
		.map((line) => JSON.parse(line) as Record<string, unknown>);
	const last = lines.at(-1)!;
	assert.equal(last.type, 'error', `--json ends with an error line: ${json.stdout}`);
	assert.equal(last.code, expected.code, json.stdout);
	const message = String(last.message);
	assert.match(message, expected.message);
	assertOneSentence(message);
	assert.match(String(last.hint), expected.hint);
	if (expected.logged ?? true) assert.match(String(last.log), /sparkify-dwh-.*\.log$/, 'the error line names the log');
	assertClean(json, jsonHome, expected.secret);

	assert.equal(plain.code, expected.exit, `plain exit code\n${plain.stderr}`);
	assert.match(plain.stderr, /^✖ .+$/m);
	const plainMessage =
		/^✖ (.+)$/m.exec(
			plain.stderr
				.split('\n')
				.filter((line) => line.startsWith('✖ ') && !/\(failed\)/.test(line))
				.at(-1) ?? '',
		)?.[1] ?? '';
	assert.match(plainMessage, expected.message, plain.stderr);
	assertOneSentence(plainMessage);
	assert.match(plain.stderr, /^ {2}What to do: .+$/m);
	assert.match(/^ {2}What to do: (.+)$/m.exec(plain.stderr)![1]!, expected.hint);
	if (expected.logged ?? true) assert.match(plain.stderr, /^ {2}Details: .+\.log$/m);
	assertClean(plain, plainHome, expected.secret);
}

describe('the error corpus: the real command, plain and --json', () => {
	test('the home folder is a file (ENOTDIR)', () =>
		expectFailure(
			() => {
				const file = path.join(makeTempDir('sparkify-home-file'), 'home');
				fs.writeFileSync(file, '');
				return {args: ['check'], home: file};
			},
			{exit: 1, code: 'home_not_a_folder', message: /^The home folder .+ cannot be used: it, or a folder above it, is a file\.$/, hint: /SPARKIFY_DWH_HOME/, logged: false},
		));

	test('the home folder cannot be written by this user (EACCES)', {skip: noUserNamespaces}, () =>
		expectFailure(
			() => {
				const home = path.join(makeTempDir('sparkify-home-stranger'), 'home');
				fs.mkdirSync(home);
				fs.chownSync(home, strangerId, strangerId);
				return {args: ['check'], home, wrap: ['unshare', '-r']};
			},
			{exit: 1, code: 'home_permission_denied', message: /^The home folder .+ cannot be used: it cannot be written by this user\.$/, hint: /SPARKIFY_DWH_HOME/, logged: false},
		),
	);

	test('the home folder is on a read-only file system (EROFS)', {skip: noUserNamespaces}, () =>
		expectFailure(
			() => {
				const home = path.join(makeTempDir('sparkify-home-ro'), 'home');
				fs.mkdirSync(home);
				return {args: ['check'], home, wrap: readOnlyMount(home)};
			},
			{exit: 1, code: 'home_read_only', message: /^The home folder .+ cannot be used: it is on a read-only file system\.$/, hint: /SPARKIFY_DWH_HOME/, logged: false},
		),
	);

	test('an unknown option is a usage error, as JSON too', () =>
		expectFailure(() => ({args: ['run', '--colour']}), {exit: 2, code: 'usage', message: /^Unknown option '--colour'\.$/, hint: /--help/, logged: false}));

	test('an unknown command is a usage error', () =>
		expectFailure(() => ({args: ['frobnicate']}), {exit: 2, code: 'usage', message: /^Unknown command "frobnicate"\.$/, hint: /Commands: run/, logged: false}));

	test('a flag that takes a number given words', () =>
		expectFailure(() => ({args: ['run', '--max-errors', 'many']}), {
			exit: 2,
			code: 'usage',
			message: /--max-errors takes a whole number, not "many"\./,
			hint: /--help/,
			logged: false,
		}));

	test('a password with @, a space and / is never printed (nothing listening)', () =>
		expectFailure(() => ({args: ['check', '--database-url', 'postgres://me:p@ss w/rd@127.0.0.1:1/db']}), {
			exit: 1,
			code: 'connect_failed',
			message: /^Cannot connect to postgres:\/\/me:\*\*\*@127\.0\.0\.1:1\/db: nothing is listening there\.$/,
			hint: /server is running/,
			secret: 'ss w/rd',
		}));

	test('a percent-encoded password with a colon, postgresql://', () =>
		expectFailure(() => ({args: ['check', '--database-url', 'postgresql://me:s3:cr%40t@127.0.0.1:1/db']}), {
			exit: 1,
			code: 'connect_failed',
			message: /^Cannot connect to postgresql:\/\/me:\*\*\*@127\.0\.0\.1:1\/db/,
			hint: /server is running/,
			secret: 'cr%40t',
		}));

	test('a password in the query string', () =>
		expectFailure(() => ({args: ['check', '--database-url', 'postgres://me@127.0.0.1:1/db?password=qs-hunter2']}), {
			exit: 1,
			code: 'connect_failed',
			message: /nothing is listening there\.$/,
			hint: /server is running/,
			secret: 'qs-hunter2',
		}));

	test('a libpq key=value string is refused, its password unprinted', () =>
		expectFailure(() => ({args: ['check', '--database-url', "host=127.0.0.1 port=1 password='kv hunter2'"]}), {
			exit: 2,
			code: 'usage',
			message: /^A database URL must start with postgres:\/\/ or postgresql:\/\/\.$/,
			hint: /user:password@host/,
			secret: 'kv hunter2',
		}));

	test('a source folder that does not exist (ENOENT)', () =>
		expectFailure(() => ({args: ['profile', '--source', path.join(makeTempDir('sparkify-nothing'), 'missing')]}), {
			exit: 1,
			code: 'source_missing',
			message: /missing does not exist\.$/,
			hint: /song_data/,
		}));

	test('a log file that is a loop of symbolic links (ELOOP)', () =>
		expectFailure(
			() => {
				const source = sourceWithExtraLogLines(sampleData, [], 1);
				const logs = path.join(source, 'log_data', '2018', '11');
				fs.symlinkSync(path.join(logs, 'loop-b.json'), path.join(logs, 'loop-a.json'));
				fs.symlinkSync(path.join(logs, 'loop-a.json'), path.join(logs, 'loop-b.json'));
				return {args: ['profile', '--source', source]};
			},
			{exit: 1, code: 'symlink_loop', message: /loop-[ab]\.json is a loop of symbolic links\.$/, hint: /symbolic link/},
		));

	test('a source file this user may not read (EACCES)', {skip: noUserNamespaces}, () =>
		expectFailure(
			() => {
				const source = sourceWithExtraLogLines(sampleData, [], 1);
				const file = path.join(source, 'log_data', '2018', '11', fs.readdirSync(path.join(source, 'log_data', '2018', '11'))[0]!);
				fs.chownSync(file, strangerId, strangerId);
				fs.chmodSync(file, 0o600);
				return {args: ['profile', '--source', source], wrap: ['unshare', '-r']};
			},
			{exit: 1, code: 'permission_denied', message: /^Permission denied: .+ may not open .+-events\.json\.$/, hint: /chmod or chown/},
		),
	);

	test('generate onto a full disk (ENOSPC)', {skip: noUserNamespaces}, () =>
		expectFailure(
			() => {
				const disk = makeTempDir('sparkify-tiny-disk');
				return {args: ['generate', '--out', path.join(disk, 'data'), '--songs', '300', '--events', '5000'], wrap: tinyDisk(disk)};
			},
			{exit: 1, code: 'disk_full', message: /^The disk holding .+ is full\.$/, hint: /^Free some space on that disk, then run again\.$/},
		),
	);

	test('generate --out under a file (ENOTDIR)', () =>
		expectFailure(
			() => {
				const file = path.join(makeTempDir('sparkify-out-file'), 'a-file');
				fs.writeFileSync(file, '');
				return {args: ['generate', '--out', path.join(file, 'data'), '--songs', '5', '--events', '5']};
			},
			{exit: 1, code: 'not_a_folder', message: /a-file\/data cannot be used: a part of that path is a file, not a folder\.$/, hint: /Check the path/},
		));

	test('an s3:// source without AWS credentials', () =>
		expectFailure(
			() => {
				const empty = makeTempDir('sparkify-no-aws');
				const env: NodeJS.ProcessEnv = {
					HOME: empty,
					AWS_CONFIG_FILE: path.join(empty, 'config'),
					AWS_SHARED_CREDENTIALS_FILE: path.join(empty, 'credentials'),
					AWS_EC2_METADATA_DISABLED: 'true',
					AWS_ACCESS_KEY_ID: '',
					AWS_SECRET_ACCESS_KEY: '',
					AWS_SESSION_TOKEN: '',
					AWS_PROFILE: '',
					AWS_CONTAINER_CREDENTIALS_FULL_URI: '',
					AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '',
					AWS_WEB_IDENTITY_TOKEN_FILE: '',
				};
				return {args: ['profile', '--source', 's3://sparkify-corpus-private-bucket/data'], env};
			},
			{exit: 1, code: 'aws_credentials_missing', message: /^No AWS credentials were found\.$/, hint: /aws configure/},
		));

	test('a hostile record in a file with a hostile name stops the load: shown, never obeyed', async () => {
		const source = sourceWithExtraLogLines(sampleData, [], 1);
		const logs = path.join(source, 'log_data', '2018', '11');
		// Raw control bytes inside a JSON string (not valid JSON) and escaped ones (valid JSON, bad values).
		// A file name cannot hold NUL; everything else of the hostile text it can.
		fs.writeFileSync(
			path.join(logs, `2018-11-02${hostile.replace('\u0000', '')}-events.json`),
			`{"artist":"${hostile}","ts":"${hostile}"\n{"ts":"\\u001b]0;pwned\\u0007","userId":"\\u202e"}`,
		);
		await expectFailure(async () => ({args: ['run', '--database-url', await createTestDatabase('corpus_hostile'), '--source', source, '--yes']}), {
			exit: 1,
			code: 'too_many_bad_records',
			message: /^The load stopped: .+\\u001b\]0;pwned\\u0007\\u001b\[2J\\u202e-events\.json/,
			hint: /--max-errors/,
		});
	});
});

/** The machine's own node when it is too old for the tool (what a user with an old Node runs). */
const oldNode = ['/usr/bin/node', '/usr/local/bin/node'].find((candidate) => {
	const version = spawnSync(candidate, ['--version'], {encoding: 'utf8'}).stdout?.trim().replace(/^v/, '');
	return version !== undefined && version !== '' && Number(version.split('.')[0]) < 22;
});

test('an unsupported Node: one sentence, and the --json error line', {skip: oldNode ? false : 'no Node.js older than 22 on this machine to run the entry with'}, () => {
	const json = spawnSync(oldNode!, [cliEntry, 'check', '--json'], {encoding: 'utf8', env: {...process.env, SPARKIFY_DWH_HOME: freshHome()}});
	assert.equal(json.status, 1);
	const line = JSON.parse(json.stdout.trim()) as Record<string, string>;
	assert.equal(line.type, 'error');
	assert.equal(line.code, 'node_unsupported');
	assertOneSentence(line.message ?? '');
	assert.match(line.hint ?? '', /Node\.js 24/);
	const plain = spawnSync(oldNode!, [cliEntry, 'check'], {encoding: 'utf8'});
	assert.equal(plain.status, 1);
	assert.match(plain.stderr, /^✖ sparkify-dwh needs Node\.js .+\.\n {2}What to do: Install/);
});

describe('the error corpus: what a run leaves behind', () => {
	test('a UTF-16 file and garbage bytes: the rejections are listed, escaped', async () => {
		const source = sourceWithExtraLogLines(sampleData, [], 1);
		const logs = path.join(source, 'log_data', '2018', '11');
		fs.writeFileSync(path.join(logs, '2018-11-03-events.json'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{"artist":"x\u001b[2J"}\n', 'utf16le')]));
		fs.writeFileSync(path.join(logs, '2018-11-04-events.json'), Buffer.from([0x00, 0x1b, 0x5b, 0x32, 0x4a, 0x9b, 0x07, 0x0a, 0x7b, 0x00, 0x7d]));
		const home = freshHome();
		for (const mode of ['--plain', '--json']) {
			const run = await runCli({home, args: ['run', '--database-url', await createTestDatabase('corpus_utf16'), '--source', source, '--yes', '--max-errors', '100', mode]});
			assert.equal(run.code, 0, run.stdout + run.stderr);
			assert.match(run.stdout, /rejected|"rejected"/);
			assertClean(run, home, undefined);
		}
	});

	test('the database goes away in the middle of a load: the connection was lost, not a bug', async () => {
		const url = await createTestDatabase('corpus_lost');
		const home = freshHome();
		const name = new URL(url).pathname.slice(1);
		let terminated: Promise<unknown> | undefined;
		const run = await runCli({home, args: ['run', '--database-url', url, '--source', sampleWithRepeatedLogs(sampleData, 8), '--yes', '--json']}, (stdout) => {
			if (terminated || !stdout.includes('"task":"staging_events"')) return;
			// The server ends every session of the load, as a crash or an administrator would.
			terminated = queryRows(url.replace(`/${name}`, '/postgres'), 'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [name]);
		});
		await terminated;
		assert.ok(terminated, 'the load was caught in the middle');
		assert.equal(run.code, 1, run.stdout + run.stderr);
		const last = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as Record<string, string>;
		assert.equal(last.type, 'error');
		assert.equal(last.code, 'connection_lost', run.stdout);
		assert.match(last.message ?? '', /^The connection to the database was lost in the middle of the work\.$/);
		assert.match(last.hint ?? '', /run the command again/);
		assertClean(run, home, undefined);
	});

	test('a password typed raw with @, /, :, a space and % connects (and is never printed)', async () => {
		const url = new URL(await createTestDatabase('corpus_rawpass'));
		const role = `odd_${url.pathname.slice(-8)}`;
		const password = 'p@ss w/rd:1%';
		const admin = new pg.Client({connectionString: url.toString()});
		await admin.connect();
		await admin.query(`CREATE ROLE ${role} LOGIN PASSWORD '${password}'`);
		await admin.query(`GRANT ALL ON SCHEMA public TO ${role}`);
		await admin.end();
		const home = freshHome();
		const typed = `postgres://${role}:${password}@${url.host}${url.pathname}`;
		const run = await runCli({home, args: ['tables', '--database-url', typed]});
		assert.equal(run.code, 0, run.stderr);
		assert.match(run.stderr, /✔ Create the staging tables/);
		assertClean(run, home, 'ss w/rd');
	});

	test('a second Ctrl-C quits at once, and --json still ends with its error line', async () => {
		const home = freshHome();
		let sent = false;
		let second = false;
		const child = spawn(
			process.execPath,
			[cliEntry, 'run', '--database-url', await createTestDatabase('corpus_twice'), '--source', sampleWithRepeatedLogs(sampleData, 8), '--yes', '--json'],
			{
				env: {...process.env, CI: 'true', SPARKIFY_DWH_HOME: home},
				stdio: ['ignore', 'pipe', 'pipe'],
			},
		);
		let stdout = '';
		child.stdout.on('data', (chunk: Buffer) => {
			stdout += chunk.toString();
			if (!sent && stdout.includes('"task":"staging_events"')) {
				sent = true;
				child.kill('SIGINT');
			}
			// The second press once the first is being handled (two signals at once arrive as one).
			if (!second && stdout.includes('Cancelling')) {
				second = true;
				child.kill('SIGINT');
			}
		});
		const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
		assert.ok(sent);
		assert.equal(code, 130, stdout);
		const last = JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, string>;
		assert.equal(last.type, 'error');
		assert.equal(last.code, 'cancelled');
		assert.equal(last.message, 'Cancelled at once.', 'the second press quit before the first finished cancelling');
	});

	test('a failed quality check is drawn as failed, never with a check mark', async () => {
		const url = await createTestDatabase('corpus_checks');
		const home = freshHome();
		const loaded = await runCli({home, args: ['run', '--database-url', url, '--source', sampleData, '--yes']});
		assert.equal(loaded.code, 0, loaded.stderr);
		const client = new pg.Client({connectionString: url});
		await client.connect();
		await client.query('DELETE FROM time');
		await client.end();
		const checked = await runCli({home, args: ['check', '--database-url', url]});
		assert.equal(checked.code, 3, checked.stderr);
		assert.match(checked.stderr, /^✖ Check data quality \(failed\): \d+ of \d+ passed$/m);
		assert.doesNotMatch(checked.stderr, /✔ Check data quality/);
		const json = await runCli({home, args: ['check', '--database-url', url, '--json']});
		assert.equal(json.code, 3);
		assert.equal((JSON.parse(json.stdout) as {passed: boolean}).passed, false);
	});
});
