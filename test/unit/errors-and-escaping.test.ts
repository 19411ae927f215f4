// How failures are told and how text from the data is shown: the translator from system and
// driver errors to sentences, the escaping of control characters, and redaction of every
// form a password can take. Real errors where they can be made (fs calls that fail).

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {PassThrough} from 'node:stream';
import {describe, test} from 'node:test';
import {CancelledError, UserError} from '../../source/core/errors.js';
import {explainError, homeFolderError} from '../../source/core/explain-error.js';
import {escapeControl, safeJson} from '../../source/core/format.js';
import {openLogFile} from '../../source/core/log.js';
import {redact} from '../../source/core/redact.js';
import {normaliseDatabaseUrl} from '../../source/warehouse/database-url.js';
import {jsonFrontEnd} from '../../source/headless/json-front-end.js';
import {plainFrontEnd} from '../../source/plain/front-end.js';
import {createUiStore} from '../../source/ui/store.js';
import {inkFrontEnd} from '../../source/ui/ink-front-end.js';
import {makeTempDir} from '../support/tmp.js';

/** A record's text that tries to retitle the terminal, clear it, cut a string and reverse the line. */
export const hostile = 'x\u001b]0;pwned\u0007\u001b[2J\u0000y\u202Ez\u009b\u007f\ud800';
/** Raw characters that must never reach a terminal from the data. */
export const rawControl = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\u2028\u2029]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function allStrings(value: unknown): string[] {
	if (typeof value === 'string') return [value];
	if (Array.isArray(value)) return value.flatMap(allStrings);
	if (value && typeof value === 'object') return Object.values(value).flatMap(allStrings);
	return [];
}

function caught(work: () => unknown): unknown {
	try {
		work();
	} catch (error) {
		return error;
	}
	throw new Error('expected a failure');
}

describe('explainError: conditions of the world are UserErrors, never bugs', () => {
	const folder = makeTempDir('sparkify-explain');

	const cases: Array<[string, () => unknown, string, RegExp]> = [
		['ENOENT', () => fs.readFileSync(path.join(folder, 'missing.json')), 'not_found', /missing\.json does not exist\./],
		[
			'ENOTDIR',
			() => {
				fs.writeFileSync(path.join(folder, 'a-file'), '');
				fs.mkdirSync(path.join(folder, 'a-file', 'logs'), {recursive: true});
			},
			'not_a_folder',
			/a part of that path is a file/,
		],
		['EISDIR', () => fs.readFileSync(folder), 'is_a_folder', /is a folder where a file was expected/],
		[
			'ELOOP',
			() => {
				fs.symlinkSync(path.join(folder, 'loop-b'), path.join(folder, 'loop-a'));
				fs.symlinkSync(path.join(folder, 'loop-a'), path.join(folder, 'loop-b'));
				fs.readFileSync(path.join(folder, 'loop-a'));
			},
			'symlink_loop',
			/loop-a is a loop of symbolic links\./,
		],
	];
	for (const [name, fail, code, message] of cases) {
		test(`${name} from a real fs call`, () => {
			const explained = explainError(caught(fail));
			assert.ok(explained instanceof UserError, `${name} is not a bug`);
			assert.equal(explained.code, code);
			assert.match(explained.message, message);
			assert.ok(explained.hint);
		});
	}

	test('errno codes that cannot be made here, built as Node builds them', () => {
		const errno = (code: string, extra: Record<string, unknown> = {}) => Object.assign(new Error(`${code}: x`), {code, ...extra});
		const expectations: Array<[unknown, string, RegExp, RegExp]> = [
			[errno('EACCES', {syscall: 'open', path: '/data/a.json'}), 'permission_denied', /Permission denied: .+ may not open \/data\/a\.json\./, /chmod or chown/],
			[errno('EPERM', {syscall: 'unlink', path: '/data/a.json'}), 'permission_denied', /may not remove/, /access/],
			[errno('EROFS', {syscall: 'mkdir', path: '/ro/x'}), 'read_only', /\/ro\/x is on a read-only file system\./, /SPARKIFY_DWH_HOME/],
			[errno('ENOSPC', {syscall: 'write', path: '/big/out.json'}), 'disk_full', /The disk holding \/big\/out\.json is full\./, /Free some space on that disk, then run again\./],
			[errno('EDQUOT', {syscall: 'write'}), 'disk_full', /quota/, /Free/],
			[errno('EMFILE', {syscall: 'open'}), 'too_many_files', /Too many files are open at once\./, /ulimit -n/],
			[errno('ECONNREFUSED', {address: '127.0.0.1', port: 1}), 'connect_failed', /Cannot connect to 127\.0\.0\.1:1: nothing is listening there\./, /running/],
			[errno('ETIMEDOUT', {address: '10.0.0.1', port: 5439}), 'connect_failed', /timed out/, /firewall/],
			[errno('ECONNRESET'), 'connection_lost', /connection to the database was lost/, /run the command again/],
			[
				new AggregateError([errno('ECONNREFUSED', {address: '::1', port: 5432}), errno('ECONNREFUSED', {address: '127.0.0.1', port: 5432})]),
				'connect_failed',
				/::1:5432/,
				/server is running/,
			],
			[
				Object.assign(new Error('could not extend file: No space left on device'), {code: '53100', severity: 'ERROR'}),
				'disk_full',
				/The disk holding the database's data \(\/home\/w\) is full\./,
				/Free some space/,
			],
			[Object.assign(new Error('out of memory'), {code: '53200', severity: 'ERROR'}), 'out_of_memory', /ran out of memory/, /memory/],
			[Object.assign(new Error('terminating connection due to administrator command'), {code: '57P01'}), 'connection_lost', /lost/, /again/],
			[new Error('Connection terminated unexpectedly'), 'connection_lost', /lost/, /again/],
			[
				Object.assign(new Error('Could not load credentials from any providers'), {name: 'CredentialsProviderError'}),
				'aws_credentials_missing',
				/No AWS credentials were found\./,
				/aws configure/,
			],
			[new Error('wrapped', {cause: errno('ENOSPC', {path: '/x'})}), 'disk_full', /\/x is full/, /Free/],
			[errno('ENOENT', {syscall: 'spawn initdb', path: 'initdb'}), 'program_missing', /^The program initdb was not found\.$/, /npm install/],
		];
		for (const [error, code, message, hint] of expectations) {
			const explained = explainError(error, {warehouseData: '/home/w'});
			assert.ok(explained instanceof UserError, String(error));
			assert.equal(explained.code, code, String(error));
			assert.match(explained.message, message);
			assert.match(explained.hint ?? '', hint);
			assert.doesNotMatch(`${explained.message} ${explained.hint}`, /delete|drop|remove the warehouse/i, 'a full disk never suggests deleting the warehouse');
		}
	});

	test("pg's TypeError on a dead connection is recognised by where it was thrown", () => {
		const inDriver = new TypeError("Cannot read properties of null (reading 'stream')");
		inDriver.stack = `TypeError: Cannot read properties of null (reading 'stream')\n    at CopyStreamQuery._final (/app/node_modules/pg-copy-streams/copy-from.js:88:23)\n    at callFinal (node:internal/streams/writable:920:12)`;
		assert.equal((explainError(inDriver) as UserError).code, 'connection_lost');
		// The same words from our own code are a bug, and stay one.
		const ours = new TypeError("Cannot read properties of null (reading 'stream')");
		ours.stack = `TypeError: Cannot read properties of null (reading 'stream')\n    at load (/app/source/etl/postgres-loader.ts:10:5)`;
		assert.equal(explainError(ours), ours);
	});

	test('bugs stay bugs; UserErrors and cancellations pass through unchanged', () => {
		const bug = new RangeError('index out of range');
		assert.equal(explainError(bug), bug);
		const syntax = Object.assign(new Error('syntax error at or near "SELEC"'), {code: '42601'});
		assert.equal(explainError(syntax), syntax);
		const user = new UserError('x', {hint: 'y'});
		assert.equal(explainError(user), user);
		const cancelled = new CancelledError();
		assert.equal(explainError(cancelled), cancelled);
	});

	test('a home folder that is a file is one sentence about the home', () => {
		const home = path.join(folder, 'home-file');
		fs.writeFileSync(home, '');
		const error = homeFolderError(
			caught(() => openLogFile(path.join(home, 'logs'))),
			home,
		) as UserError;
		assert.ok(error instanceof UserError);
		assert.equal(error.message, `The home folder ${home} cannot be used: it, or a folder above it, is a file.`);
		assert.match(error.hint ?? '', /SPARKIFY_DWH_HOME/);
	});
});

describe('escapeControl: text from the data is shown, never obeyed', () => {
	test('ESC sequences, BEL, NUL, C1, DEL, bidi overrides and lone surrogates become visible', () => {
		const escaped = escapeControl(hostile);
		assert.doesNotMatch(escaped, rawControl);
		assert.equal(escaped, 'x\\u001b]0;pwned\\u0007\\u001b[2J\\u0000y\\u202ez\\u009b\\u007f\\ud800');
	});

	test('ordinary text, accents, emoji (surrogate pairs) and CJK are untouched', () => {
		const text = 'Beyoncé – Déjà Vu 🎵 東京 naïve';
		assert.equal(escapeControl(text), text);
	});

	test('newlines and tabs are kept only when asked, CRLF as a pair', () => {
		assert.equal(escapeControl('a\nb\tc'), 'a\\u000ab\\u0009c');
		assert.equal(escapeControl('a\nb\tc\r\nd\re', {keepNewlines: true}), 'a\nb\tc\r\nd\\u000de');
	});

	test('safeJson keeps the value but writes no raw DEL, C1, bidi or line separator', () => {
		const value = {message: `${hostile}\u2028\u2066`};
		const line = safeJson(value);
		assert.doesNotMatch(line, rawControl);
		assert.deepEqual(JSON.parse(line), value);
	});
});

describe('redact: a password in any form', () => {
	const secrets: Array<[string, string]> = [
		['postgres://me:hunter2@127.0.0.1:1/db', 'hunter2'],
		['postgresql://me:p@ss w/rd@db.example.com:5432/db?sslmode=require', 'p@ss w/rd'],
		['postgres://me:a:b/c@host/db', 'a:b/c'],
		['postgres://me:p%40ss%2Fword@host/db', 'p%40ss%2Fword'],
		['postgres://:onlypass@host/db', 'onlypass'],
		['postgres://me@host/db?password=qs-secret&sslmode=disable', 'qs-secret'],
		["host=h port=5432 password='with space\\' quote' dbname=d", "with space\\' quote"],
		['host=h password=plainsecret dbname=d', 'plainsecret'],
		['{"password":"json secret"}', 'json secret'],
	];
	for (const [text, secret] of secrets) {
		test(text, () => {
			const redacted = redact(`Cannot connect to ${text}: nothing is listening there.`);
			assert.ok(!redacted.includes(secret), redacted);
			for (const piece of secret.split(/[ @/:%]/).filter((part) => part.length > 2)) assert.ok(!redacted.includes(piece), `${piece} in ${redacted}`);
		});
	}

	test('the host and database stay readable', () => {
		assert.equal(redact('postgres://me:p@ss w/rd@127.0.0.1:1/db: refused'), 'postgres://me:***@127.0.0.1:1/db: refused');
		assert.equal(redact('postgres://me@host:5432/db'), 'postgres://me@host:5432/db');
	});
});

describe('every front end escapes the data and translates the failure', () => {
	const collect = () => {
		const stream = new PassThrough();
		let text = '';
		stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
		return {stream, text: () => text};
	};

	test('plain lines', () => {
		const out = collect();
		const err = collect();
		const front = plainFrontEnd({yes: true, interactive: false, verbose: false, out: out.stream, err: err.stream});
		front.report({type: 'log', level: 'warn', message: `rejected record: ${hostile}`});
		front.report({type: 'step', step: 'etl', status: 'failed', title: 'Load', detail: hostile});
		front.outcome({command: 'etl', ok: true, data: {}, summary: [`rejected: ${hostile}`]});
		front.failure(Object.assign(new Error('no space'), {code: 'ENOSPC', path: `/data/${hostile}`}), '/logs/x.log');
		assert.doesNotMatch(out.text() + err.text(), rawControl);
		assert.match(err.text(), /\\u001b\]0;pwned/);
		assert.match(err.text(), /✖ The disk holding .* is full\.\n {2}What to do: Free some space/);
		assert.doesNotMatch(err.text(), /bug/);
	});

	test('--json lines', () => {
		const out = collect();
		const front = jsonFrontEnd({yes: true, streamEvents: true, out: out.stream});
		front.report({type: 'log', level: 'warn', message: hostile});
		front.failure(Object.assign(new Error('x'), {code: 'ELOOP', path: `/data/${hostile}`}), '/logs/x.log');
		assert.doesNotMatch(out.text(), rawControl);
		const last = JSON.parse(out.text().trim().split('\n').at(-1)!) as Record<string, string>;
		assert.equal(last.type, 'error');
		assert.equal(last.code, 'symlink_loop');
		assert.equal(last.log, '/logs/x.log');
		assert.match(last.message ?? '', /x\\u001b\]0;pwned/, '`jq -r .message` prints no raw escape');
		assert.ok(last.hint);
	});

	test('the Ink store (what the screens draw)', () => {
		const store = createUiStore();
		const front = inkFrontEnd(store, {yes: true});
		front.report({type: 'log', level: 'warn', message: hostile});
		front.report({type: 'step', step: 'etl', status: 'failed', title: 'Load', detail: hostile});
		front.report({type: 'progress', step: 'etl', task: hostile, state: 'running', unit: 'rows', done: 1, total: null, counters: {}, elapsedMs: 1});
		front.notice(hostile);
		front.outcome({command: 'etl', ok: true, data: {}, summary: [hostile]});
		front.failure(Object.assign(new Error('x'), {code: 'EACCES', syscall: 'open', path: `/data/${hostile}`}), '/logs/x.log');
		const texts = allStrings(store.getState());
		assert.ok(texts.length >= 6);
		for (const text of texts) assert.doesNotMatch(text, rawControl);
		assert.equal(store.getState().failure?.bug, false);
		assert.match(store.getState().failure?.message ?? '', /^Permission denied/);
	});

	test('the log file', () => {
		const logs = makeTempDir('sparkify-log-escape');
		const log = openLogFile(logs);
		log.write('warn', `record ${hostile}`, new Error(`detail ${hostile}`));
		const text = fs.readFileSync(log.file!, 'utf8');
		assert.doesNotMatch(text, rawControl);
		assert.match(text, /record x\\u001b\]0;pwned/);
	});
});

describe('database URLs as people type them', () => {
	test('a raw password is re-encoded; the host and database are what was meant', () => {
		const url = new URL(normaliseDatabaseUrl('postgres://me:p@ss w/rd:1%@db.example.com:5433/dwh?sslmode=require'));
		assert.equal(decodeURIComponent(url.password), 'p@ss w/rd:1%');
		assert.equal(url.hostname, 'db.example.com');
		assert.equal(url.port, '5433');
		assert.equal(url.pathname, '/dwh');
		assert.equal(url.searchParams.get('sslmode'), 'require');
	});

	test('an already encoded password and a URL without one stay as they were', () => {
		assert.equal(normaliseDatabaseUrl('postgresql://me:p%40ss@h/db'), 'postgresql://me:p%40ss@h/db');
		assert.equal(normaliseDatabaseUrl('postgres://me@h:5432/db'), 'postgres://me@h:5432/db');
		assert.equal(normaliseDatabaseUrl('postgres://h/db'), 'postgres://h/db');
	});

	test('what is not a postgres URL is a usage error that does not repeat it', () => {
		for (const typed of ["host=h password='kv secret'", 'mysql://me:secret@h/db', 'postgres://me:secret@[::1/db']) {
			assert.throws(
				() => normaliseDatabaseUrl(typed),
				(error: unknown) => {
					assert.ok(error instanceof UserError);
					assert.equal(error.code, 'usage');
					assert.doesNotMatch(`${error.message} ${error.hint}`, /secret/);
					return true;
				},
			);
		}
	});
});
