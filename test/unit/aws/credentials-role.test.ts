// The AWS client factory, the credentials step and the role step, against the SDK's own
// mocks: the exact requests sent are checked, not only that a call happened.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {afterEach, describe, test} from 'node:test';
import {CreateRoleCommand, GetRoleCommand, IAMClient, PutRolePolicyCommand, TagRoleCommand, UpdateAssumeRolePolicyCommand} from '@aws-sdk/client-iam';
import {GetCallerIdentityCommand, STSClient} from '@aws-sdk/client-sts';
import {mockClient} from 'aws-sdk-client-mock';
import {awsClients, endpointFor} from '../../../source/aws/clients.js';
import {UserError} from '../../../source/core/errors.js';
import {noLog} from '../../../source/core/log.js';
import {homePaths} from '../../../source/core/paths.js';
import {credentialsStep} from '../../../source/steps/credentials.js';
import {writeCredentialsProfile} from '../../../source/aws/credentials-file.js';
import {roleStep} from '../../../source/steps/role.js';
import {makeTempDir} from '../../support/tmp.js';

const ctx = {paths: homePaths({SPARKIFY_DWH_HOME: '/tmp/unused'}), log: noLog, env: {}};
const signal = new AbortController().signal;
const source = {bucket: 'udacity-dend', prefix: ''};

describe('the client factory', () => {
	test('AWS_ENDPOINT_URL_<SERVICE> wins over AWS_ENDPOINT_URL, and both reach the clients', async () => {
		const env = {AWS_ENDPOINT_URL: 'http://localhost:4566', AWS_ENDPOINT_URL_IAM: 'http://localhost:5000'};
		assert.equal(endpointFor('iam', env), 'http://localhost:5000');
		assert.equal(endpointFor('redshift', env), 'http://localhost:4566');
		assert.equal(endpointFor('ec2', {}), undefined);
		const clients = awsClients({region: 'us-west-2', env});
		const redshiftEndpoint = await clients.redshift.config.endpoint?.();
		assert.equal(redshiftEndpoint?.hostname, 'localhost');
		assert.equal(redshiftEndpoint?.port, 4566);
		const iamEndpoint = await clients.iam.config.endpoint?.();
		assert.equal(iamEndpoint?.port, 5000);
		assert.equal(await clients.redshift.config.region(), 'us-west-2');
		// IAM and Pricing are answered in us-east-1 whatever the cluster's region.
		assert.equal(await clients.iam.config.region(), 'us-east-1');
		assert.equal(await clients.pricing.config.region(), 'us-east-1');
	});

	test('a bad region or endpoint is one sentence', () => {
		assert.throws(() => awsClients({region: 'oregon'}).redshift, /"oregon" is not an AWS region name/);
		assert.throws(
			() => awsClients({region: 'us-west-2', env: {AWS_ENDPOINT_URL: 'localhost'}}).sts,
			/AWS_ENDPOINT_URL is set to "localhost", which is not an http:\/\/ or https:\/\/ URL/,
		);
		// Without a scheme, "host:port" parses as a URL whose scheme is the host: refused too.
		assert.throws(
			() => awsClients({region: 'us-west-2', env: {AWS_ENDPOINT_URL: 'localhost:4566'}}).sts,
			(error: unknown) => error instanceof UserError && error.code === 'bad_endpoint',
		);
	});
});

describe('the credentials step', () => {
	const sts = mockClient(STSClient);
	afterEach(() => sts.reset());

	test('reports the account and ARN of the caller', async () => {
		sts.on(GetCallerIdentityCommand).resolves({Account: '123456789012', Arn: 'arn:aws:iam::123456789012:user/ana', UserId: 'AIDA'});
		const identity = await credentialsStep.run(ctx, {clients: awsClients({region: 'us-west-2', env: {}}), region: 'us-west-2', profile: 'work'}, () => {}, signal);
		assert.deepEqual(identity, {account: '123456789012', arn: 'arn:aws:iam::123456789012:user/ana', region: 'us-west-2', profile: 'work'});
	});

	test('missing, expired and refused credentials each say what to do', async () => {
		const cases: Array<[string, RegExp]> = [
			['CredentialsProviderError', /No AWS credentials were found/],
			['ExpiredToken', /session has expired/],
			['InvalidClientTokenId', /does not know this access key/],
		];
		for (const [name, message] of cases) {
			sts.on(GetCallerIdentityCommand).rejects(Object.assign(new Error('from AWS'), {name}));
			await assert.rejects(
				credentialsStep.run(ctx, {clients: awsClients({region: 'us-west-2', env: {}}), region: 'us-west-2'}, () => {}, signal),
				(error: unknown) => {
					return error instanceof UserError && message.test(error.message) && Boolean(error.hint);
				},
			);
		}
	});

	test('typed keys go to a 0600 profile in the shared credentials file, other profiles kept', () => {
		const file = path.join(makeTempDir('sparkify-aws'), '.aws', 'credentials');
		fs.mkdirSync(path.dirname(file), {recursive: true});
		fs.writeFileSync(
			file,
			'[default]\naws_access_key_id = AKIAOLDOLDOLDOLDOLD1\naws_secret_access_key = x\n\n[sparkify]\naws_access_key_id = AKIAREPLACEMEREPLACE\naws_secret_access_key = old\n\n[other]\nregion = eu-west-1\n',
			{mode: 0o644},
		);
		const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
		writeCredentialsProfile(file, 'sparkify', {accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: secret});
		const text = fs.readFileSync(file, 'utf8');
		assert.match(text, /\[default\]\naws_access_key_id = AKIAOLDOLDOLDOLDOLD1/);
		assert.match(text, /\[other\]\nregion = eu-west-1/);
		assert.match(text, /\[sparkify\]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI\/K7MDENG\/bPxRfiCYEXAMPLEKEY\n$/);
		assert.doesNotMatch(text, /AKIAREPLACEMEREPLACE/);
		assert.equal(fs.statSync(file).mode & 0o777, 0o600);
		assert.throws(() => writeCredentialsProfile(file, 'sparkify', {accessKeyId: 'nope', secretAccessKey: secret}), /access key id is 20 characters/);
	});
});

describe('the role step', () => {
	const iam = mockClient(IAMClient);
	afterEach(() => iam.reset());
	const noSuchEntity = Object.assign(new Error('not found'), {name: 'NoSuchEntityException'});
	const clients = () => awsClients({region: 'us-west-2', env: {}});

	test('creates a role trusted by Redshift only, with a policy limited to the source prefixes', async () => {
		iam.on(GetRoleCommand).rejects(noSuchEntity);
		iam.on(CreateRoleCommand).resolves({Role: {RoleName: 'sparkify-dwh', Arn: 'arn:aws:iam::123456789012:role/sparkify-dwh', Path: '/', RoleId: 'x', CreateDate: new Date()}});
		iam.on(PutRolePolicyCommand).resolves({});
		const result = await roleStep.run(ctx, {clients: clients(), roleName: 'sparkify-dwh', clusterId: 'sparkify-dwh', source}, () => {}, signal);
		assert.deepEqual(result, {roleName: 'sparkify-dwh', roleArn: 'arn:aws:iam::123456789012:role/sparkify-dwh', created: true});

		const create = iam.commandCalls(CreateRoleCommand)[0]!.args[0].input;
		assert.deepEqual(JSON.parse(create.AssumeRolePolicyDocument!), {
			Version: '2012-10-17',
			Statement: [{Effect: 'Allow', Principal: {Service: 'redshift.amazonaws.com'}, Action: 'sts:AssumeRole'}],
		});
		assert.deepEqual(create.Tags, [
			{Key: 'managed-by', Value: 'sparkify-dwh'},
			{Key: 'sparkify-dwh:cluster', Value: 'sparkify-dwh'},
		]);
		const policy = iam.commandCalls(PutRolePolicyCommand)[0]!.args[0].input;
		assert.deepEqual(JSON.parse(policy.PolicyDocument!), {
			Version: '2012-10-17',
			Statement: [
				{
					Sid: 'ListSourcePrefixes',
					Effect: 'Allow',
					Action: 's3:ListBucket',
					Resource: 'arn:aws:s3:::udacity-dend',
					Condition: {StringLike: {'s3:prefix': ['log_data*', 'song_data*', 'log_json_path.json']}},
				},
				{
					Sid: 'ReadSourceObjects',
					Effect: 'Allow',
					Action: 's3:GetObject',
					Resource: ['arn:aws:s3:::udacity-dend/log_data*', 'arn:aws:s3:::udacity-dend/song_data*', 'arn:aws:s3:::udacity-dend/log_json_path.json'],
				},
			],
		});
	});

	test('re-running reuses the role it made, repairs its trust, and rewrites the policy', async () => {
		iam.on(GetRoleCommand).resolves({
			Role: {
				RoleName: 'sparkify-dwh',
				Arn: 'arn:aws:iam::123456789012:role/sparkify-dwh',
				Path: '/',
				RoleId: 'x',
				CreateDate: new Date(),
				Tags: [{Key: 'managed-by', Value: 'sparkify-dwh'}],
				AssumeRolePolicyDocument: encodeURIComponent(
					JSON.stringify({Version: '2012-10-17', Statement: [{Effect: 'Allow', Principal: {Service: 'ec2.amazonaws.com'}, Action: 'sts:AssumeRole'}]}),
				),
			},
		});
		iam.on(UpdateAssumeRolePolicyCommand).resolves({});
		iam.on(PutRolePolicyCommand).resolves({});
		const result = await roleStep.run(
			ctx,
			{clients: clients(), roleName: 'sparkify-dwh', clusterId: 'sparkify-dwh', source: {bucket: 'my-bucket', prefix: 'sparkify/'}},
			() => {},
			signal,
		);
		assert.equal(result.created, false);
		assert.equal(iam.commandCalls(CreateRoleCommand).length, 0);
		assert.match(iam.commandCalls(UpdateAssumeRolePolicyCommand)[0]!.args[0].input.PolicyDocument!, /redshift\.amazonaws\.com/);
		assert.deepEqual(
			iam.commandCalls(TagRoleCommand)[0]!.args[0].input.Tags,
			[{Key: 'sparkify-dwh:cluster', Value: 'sparkify-dwh'}],
			"a role from before cluster tags gets its cluster's name",
		);
		const policy = JSON.parse(iam.commandCalls(PutRolePolicyCommand)[0]!.args[0].input.PolicyDocument!) as {Statement: Array<{Condition?: unknown}>};
		assert.deepEqual(policy.Statement[0]!.Condition, {StringLike: {'s3:prefix': ['sparkify/log_data*', 'sparkify/song_data*', 'sparkify/log_json_path.json']}});
	});

	test('a role of the same name that the tool did not make is left alone', async () => {
		iam.on(GetRoleCommand).resolves({Role: {RoleName: 'admin', Arn: 'arn:aws:iam::1:role/admin', Path: '/', RoleId: 'x', CreateDate: new Date(), Tags: []}});
		await assert.rejects(
			roleStep.run(ctx, {clients: clients(), roleName: 'admin', clusterId: 'sparkify-dwh', source}, () => {}, signal),
			(error: unknown) => {
				return error instanceof UserError && error.code === 'role_not_ours' && /--cluster-id/.test(error.hint ?? '');
			},
		);
		assert.equal(iam.commandCalls(PutRolePolicyCommand).length, 0);
		iam.on(GetRoleCommand).resolves({
			Role: {
				RoleName: 'admin',
				Arn: 'arn:aws:iam::1:role/admin',
				Path: '/',
				RoleId: 'x',
				CreateDate: new Date(),
				Tags: [
					{Key: 'managed-by', Value: 'sparkify-dwh'},
					{Key: 'sparkify-dwh:cluster', Value: 'beta'},
				],
			},
		});
		await assert.rejects(
			roleStep.run(ctx, {clients: clients(), roleName: 'admin', clusterId: 'sparkify-dwh', source}, () => {}, signal),
			/belongs to the cluster beta/,
		);
		assert.equal(iam.commandCalls(PutRolePolicyCommand).length, 0, "another cluster's role is not changed");
	});

	test('a role made meanwhile by another run (EntityAlreadyExists) is taken, not an error', async () => {
		const ours = {
			RoleName: 'sparkify-dwh',
			Arn: 'arn:aws:iam::1:role/sparkify-dwh',
			Path: '/',
			RoleId: 'x',
			CreateDate: new Date(),
			Tags: [{Key: 'managed-by', Value: 'sparkify-dwh'}],
			AssumeRolePolicyDocument: encodeURIComponent(JSON.stringify({Statement: [{Effect: 'Allow', Principal: {Service: 'redshift.amazonaws.com'}, Action: 'sts:AssumeRole'}]})),
		};
		iam.on(GetRoleCommand).rejectsOnce(noSuchEntity).resolves({Role: ours});
		iam.on(CreateRoleCommand).rejects(Object.assign(new Error('exists'), {name: 'EntityAlreadyExistsException'}));
		iam.on(PutRolePolicyCommand).resolves({});
		const result = await roleStep.run(ctx, {clients: clients(), roleName: 'sparkify-dwh', clusterId: 'sparkify-dwh', source}, () => {}, signal);
		assert.deepEqual(result, {roleName: 'sparkify-dwh', roleArn: 'arn:aws:iam::1:role/sparkify-dwh', created: false});
		assert.equal(iam.commandCalls(UpdateAssumeRolePolicyCommand).length, 0);
	});

	test('the plan says create or reuse before anything is done', async () => {
		iam.on(GetRoleCommand).rejects(noSuchEntity);
		const plan = await roleStep.plan(ctx, {clients: clients(), roleName: 'sparkify-dwh', clusterId: 'sparkify-dwh', source});
		assert.deepEqual(
			plan.actions.map((action) => action.action),
			['create', 'create'],
		);
		assert.equal(iam.commandCalls(CreateRoleCommand).length, 0);
	});
});
