// Every AWS failure a user can meet is one sentence and what to do, and nothing hangs: an
// endpoint that accepts and never answers, a closed port, a region that does not exist, an
// endpoint URL without a scheme, a profile that is not there. Run in-process where that is
// enough, and as the real command (`--json`, Ctrl-C) where the process is what matters.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {after, before, describe, test} from 'node:test';
import {GetCallerIdentityCommand} from '@aws-sdk/client-sts';
import {awsClients} from '../../source/aws/clients.js';
import {translateAwsError} from '../../source/aws/errors.js';
import {runAws} from '../support/command.js';
import {openSettings} from '../../source/config/settings.js';
import {isCancelled, UserError} from '../../source/core/errors.js';
import {noLog} from '../../source/core/log.js';
import {homePaths} from '../../source/core/paths.js';
import {runCli, startCli} from '../support/cli-process.js';
import {recordingFrontEnd} from '../support/front-end.js';
import {fakeAwsEnv} from '../support/moto.js';
import {closedPortUrl, silentServer, type SilentServer} from '../support/silent-server.js';
import {makeTempDir} from '../support/tmp.js';

/** The real command with only fake keys: none of the test's own AWS settings reach it. */
const cli = (args: string[], env: NodeJS.ProcessEnv) => runCli(args, env, {inherit: (name) => !name.startsWith('AWS_')});

const lastLine = (text: string) => JSON.parse(text.trim().split('\n').at(-1)!) as {type: string; code?: string; message?: string; hint?: string};
const oneSentence = (message: string) => assert.match(message, /^[^\n]+\.$/, message);

function isUserErrorWith(code: string, pattern?: RegExp) {
	return (error: unknown) => {
		assert.ok(error instanceof UserError, `not a UserError: ${String(error)}`);
		assert.equal(error.code, code, error.message);
		if (pattern) assert.match(error.message, pattern);
		oneSentence(error.message);
		assert.ok(error.hint, 'says what to do');
		return true;
	};
}

describe('AWS failures, each in words, and nothing hangs', () => {
	let silent: SilentServer;
	let home: string;
	before(async () => {
		silent = await silentServer();
		home = makeTempDir('aws-failures');
	});
	after(() => silent?.close());

	const ctxWith = (env: NodeJS.ProcessEnv) => ({paths: homePaths({SPARKIFY_DWH_HOME: home}), log: noLog, env: {...fakeAwsEnv, ...env}});

	test('an endpoint that accepts and never answers: the request times out, in words', async () => {
		const clients = awsClients({region: 'us-west-2', env: {...fakeAwsEnv, AWS_ENDPOINT_URL: silent.url}, requestTimeoutMs: 300, maxAttempts: 1});
		await assert.rejects(
			clients.sts.send(new GetCallerIdentityCommand({})).catch((error: unknown) => Promise.reject(translateAwsError(error, 'checking the credentials'))),
			isUserErrorWith('aws_silent', /did not answer in time while checking the credentials/),
		);
		assert.ok(silent.connections > 0, 'it did connect');
	});

	test('an endpoint that never answers: cancelling stops the request in flight', {timeout: 10_000}, async () => {
		const controller = new AbortController();
		const frontEnd = recordingFrontEnd();
		const running = runAws(['credentials'], ctxWith({AWS_ENDPOINT_URL: silent.url}), frontEnd, controller.signal);
		// Cancel once the request is on the wire (the server has seen the connection).
		const before = silent.connections;
		while (silent.connections === before) await new Promise((resolve) => setTimeout(resolve, 20));
		controller.abort();
		await assert.rejects(running, (error: unknown) => isCancelled(error));
		assert.deepEqual(
			frontEnd.events.map((event) => event.type === 'step' && event.status),
			['running', 'cancelled'],
		);
	});

	test('the real command: the first Ctrl-C ends a silent request, and --json ends with an error line', {timeout: 20_000}, async () => {
		const asking = startCli(
			['credentials', '--json'],
			{...fakeAwsEnv, AWS_ENDPOINT_URL: silent.url, SPARKIFY_DWH_HOME: path.join(home, 'cli')},
			{inherit: (name) => !name.startsWith('AWS_')},
		);
		await asking.waitFor((event) => event.status === 'running', 'the credentials step');
		// A moment for the request to reach the silent server, then one Ctrl-C.
		await new Promise((resolve) => setTimeout(resolve, 300));
		asking.child.kill('SIGINT');
		const run = await asking.ended;
		assert.equal(run.code, 130, run.stderr);
		const last = lastLine(run.stdout);
		assert.deepEqual([last.type, last.code], ['error', 'cancelled']);
	});

	test('a closed port: nothing accepts connections, in words', async () => {
		const url = await closedPortUrl();
		const run = await cli(['credentials', '--json'], {...fakeAwsEnv, AWS_ENDPOINT_URL: url, SPARKIFY_DWH_HOME: path.join(home, 'closed')});
		assert.equal(run.code, 1);
		const last = lastLine(run.stdout);
		assert.deepEqual([last.type, last.code], ['error', 'aws_refused']);
		oneSentence(last.message!);
		assert.match(last.hint!, /AWS_ENDPOINT_URL/);
	});

	test('a well-formed region that does not exist: said, and not remembered', async () => {
		const frontEnd = recordingFrontEnd();
		const ctx = {paths: homePaths({SPARKIFY_DWH_HOME: path.join(home, 'region')}), log: noLog, env: {...fakeAwsEnv, AWS_REGION: 'us-west-99'}};
		await assert.rejects(runAws(['credentials'], ctx, frontEnd, new AbortController().signal), isUserErrorWith('aws_unreachable', /offline, or there is no region us-west-99/));
		assert.equal(openSettings(ctx.paths).get().aws?.region, undefined);
	});

	test('an endpoint URL without a scheme is refused before anything is sent', async () => {
		await assert.rejects(
			runAws(['credentials'], ctxWith({AWS_ENDPOINT_URL: 'localhost:4566'}), recordingFrontEnd(), new AbortController().signal),
			isUserErrorWith('bad_endpoint', /not an http:\/\/ or https:\/\/ URL/),
		);
	});

	test('--profile nosuch names the profile', async () => {
		const files = makeTempDir('aws-profiles');
		fs.writeFileSync(path.join(files, 'config'), '[default]\nregion = us-west-2\n');
		fs.writeFileSync(path.join(files, 'credentials'), '');
		const run = await cli(['credentials', '--profile', 'nosuch', '--json'], {
			AWS_CONFIG_FILE: path.join(files, 'config'),
			AWS_SHARED_CREDENTIALS_FILE: path.join(files, 'credentials'),
			AWS_ENDPOINT_URL: await closedPortUrl(),
			SPARKIFY_DWH_HOME: path.join(home, 'profile'),
		});
		const last = lastLine(run.stdout);
		assert.deepEqual([last.type, last.code], ['error', 'aws_no_profile'], run.stdout);
		assert.match(last.message!, /no AWS profile "nosuch"/);
	});

	test('an API the endpoint does not implement (an HTML page where XML was due) is "not supported here", not a bug', () => {
		const html = Object.assign(new Error('@aws-sdk XML parse error: mismatched tags <html> and </title>.\n  Deserialization error: to see the raw response…'), {name: 'Error'});
		assert.throws(() => {
			throw translateAwsError(html, 'asking which node types the region offers');
		}, isUserErrorWith('aws_unsupported'));
	});
});
