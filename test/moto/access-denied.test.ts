// AccessDenied on each step, against moto with IAM checks switched on (POST
// /moto-api/reset-auth): a user with no permissions meets every AWS step, and a user who may
// delete the cluster but not the security group stops part-way through teardown. Each
// failure must be one sentence and what to do, and the part-way one must say what is gone.

import assert from 'node:assert/strict';
import {after, before, describe, test} from 'node:test';
import {AttachUserPolicyCommand, CreateAccessKeyCommand, CreateUserCommand, PutUserPolicyCommand} from '@aws-sdk/client-iam';
import {awsClients} from '../../source/aws/clients.js';
import type {CommandName} from '../../source/commands/registry.js';
import {runAws} from '../support/command.js';
import {UserError} from '../../source/core/errors.js';
import {noLog} from '../../source/core/log.js';
import {homePaths} from '../../source/core/paths.js';
import {recordingFrontEnd} from '../support/front-end.js';
import {startMoto, type Moto} from '../support/moto.js';
import {makeTempDir} from '../support/tmp.js';

describe('AccessDenied on each step (moto with IAM checks on)', () => {
	let moto: Moto;
	let home: string;
	const keys: Record<string, NodeJS.ProcessEnv> = {};
	const signal = new AbortController().signal;

	const run = (command: CommandName, argv: string[], env: NodeJS.ProcessEnv) =>
		runAws([command, ...argv], {paths: homePaths({SPARKIFY_DWH_HOME: home}), log: noLog, env}, recordingFrontEnd(), signal);

	/** A user of the emulator with the given inline policy (none: no permissions at all). */
	async function user(name: string, statements?: object[]): Promise<NodeJS.ProcessEnv> {
		const iam = awsClients({region: 'us-west-2', env: moto.env}).iam;
		await iam.send(new CreateUserCommand({UserName: name}));
		if (statements)
			await iam.send(new PutUserPolicyCommand({UserName: name, PolicyName: 'limited', PolicyDocument: JSON.stringify({Version: '2012-10-17', Statement: statements})}));
		const {AccessKey} = await iam.send(new CreateAccessKeyCommand({UserName: name}));
		return {...moto.env, AWS_ACCESS_KEY_ID: AccessKey!.AccessKeyId, AWS_SECRET_ACCESS_KEY: AccessKey!.SecretAccessKey};
	}

	before(async () => {
		moto = await startMoto();
		home = makeTempDir('aws-moto-denied');
		// Built while the emulator checks nothing: the world a limited user then meets.
		assert.equal(await run('role', [], moto.env), 0);
		assert.equal(await run('cluster', ['--yes'], moto.env), 0);
		assert.equal(await run('network', ['--cidr', '198.51.100.23/32'], moto.env), 0);
		keys.admin = await user('admin');
		await awsClients({region: 'us-west-2', env: moto.env}).iam.send(new AttachUserPolicyCommand({UserName: 'admin', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess'}));
		keys.nobody = await user('nobody');
		keys.deleter = await user('deleter', [
			{Effect: 'Allow', Action: ['redshift:Describe*', 'redshift:DeleteCluster', 'ec2:Describe*', 'iam:GetRole', 'sts:GetCallerIdentity'], Resource: '*'},
		]);
		// From here on every request is checked against IAM.
		const response = await fetch(`${moto.url}/moto-api/reset-auth`, {method: 'POST', body: '0'});
		await response.arrayBuffer();
	});
	after(() => moto?.stop());

	const denied = (error: unknown) => {
		assert.ok(error instanceof UserError, `not a UserError: ${String(error)}`);
		assert.match(error.code, /^aws_(AccessDenied|AccessDeniedException|UnauthorizedOperation)$/, error.message);
		assert.match(error.message, /^AWS denied the request while [^\n]+\.$/);
		assert.match(error.hint ?? '', /permissions listed in the README/);
		return true;
	};

	for (const [command, argv] of [
		['sizing', ['--node-type', 'ra3.large', '--nodes', '1']],
		['role', []],
		['cluster', ['--yes']],
		['network', ['--cidr', '203.0.113.9/32']],
		['teardown', ['--confirm', 'sparkify-dwh']],
	] as const) {
		test(`${command} as a user with no permissions: AWS denied, in words`, async () => {
			await assert.rejects(run(command, [...argv], keys.nobody!), denied);
		});
	}

	test('teardown denied part-way says what was already deleted', async () => {
		await assert.rejects(run('teardown', ['--confirm', 'sparkify-dwh'], keys.deleter!), (error: unknown) => {
			denied(error);
			assert.match((error as Error).message, /Already deleted: Redshift cluster sparkify-dwh\.$/);
			return true;
		});
		// What is left, an allowed user then removes: teardown stays safe to run again.
		assert.equal(await run('teardown', ['--confirm', 'sparkify-dwh'], keys.admin!), 0);
	});
});
