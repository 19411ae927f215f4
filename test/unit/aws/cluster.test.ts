import assert from 'node:assert/strict';
import {afterEach, describe, test} from 'node:test';
import {CreateClusterCommand, DescribeClustersCommand, RedshiftClient, type Cluster} from '@aws-sdk/client-redshift';
import {CreateSecurityGroupCommand, DescribeSecurityGroupsCommand, DescribeVpcsCommand, EC2Client} from '@aws-sdk/client-ec2';
import {mockClient} from 'aws-sdk-client-mock';
import {awsClients} from '../../../source/aws/clients.js';
import {CancelledError, UserError} from '../../../source/core/errors.js';
import type {StepEvent} from '../../../source/core/events.js';
import {noLog} from '../../../source/core/log.js';
import {homePaths} from '../../../source/core/paths.js';
import {clusterStep, type ClusterOptions} from '../../../source/steps/cluster.js';
import {validateClusterId} from '../../../source/aws/validate.js';

const ctx = {paths: homePaths({SPARKIFY_DWH_HOME: '/tmp/unused'}), log: noLog, env: {}};
const ours = [{Key: 'managed-by', Value: 'sparkify-dwh'}];
const oursFor = (clusterId: string) => [...ours, {Key: 'sparkify-dwh:cluster', Value: clusterId}];
const notFound = Object.assign(new Error('Cluster sparkify not found.'), {name: 'ClusterNotFoundFault'});

function cluster(status: string, extra: Partial<Cluster> = {}): Cluster {
	return {
		ClusterIdentifier: 'sparkify',
		ClusterStatus: status,
		Tags: ours,
		DBName: 'dev',
		MasterUsername: 'sparkify',
		IamRoles: [{IamRoleArn: 'arn:aws:iam::1:role/r', ApplyStatus: status === 'available' ? 'in-sync' : 'adding'}],
		...(status === 'available' ? {Endpoint: {Address: 'sparkify.abc.us-west-2.redshift.amazonaws.com', Port: 5439}} : {}),
		...extra,
	};
}

/** A fake clock: sleeping moves time on instead of waiting. */
function fakeTime() {
	let time = 0;
	return {now: () => time, sleep: async (ms: number) => void (time += ms)};
}

function options(overrides: Partial<ClusterOptions> = {}): ClusterOptions {
	return {
		clients: awsClients({region: 'us-west-2', env: {}}),
		clusterId: 'sparkify',
		nodeType: 'ra3.large',
		nodes: 2,
		roleArn: 'arn:aws:iam::1:role/r',
		groupName: 'sparkify-access',
		publiclyAccessible: true,
		...fakeTime(),
		...overrides,
	};
}

describe('the cluster step', () => {
	const redshift = mockClient(RedshiftClient);
	const ec2 = mockClient(EC2Client);
	afterEach(() => {
		for (const mock of [redshift, ec2]) mock.reset();
	});
	const ownGroup = () => {
		ec2.on(DescribeVpcsCommand).resolves({Vpcs: [{VpcId: 'vpc-1'}]});
		ec2.on(DescribeSecurityGroupsCommand).resolves({SecurityGroups: []});
		ec2.on(CreateSecurityGroupCommand).resolves({GroupId: 'sg-1'});
	};

	test('creates the cluster with explicit, safe settings and waits for its own state, not for the port', async () => {
		ownGroup();
		redshift
			.on(DescribeClustersCommand)
			.rejectsOnce(notFound)
			.resolvesOnce({Clusters: [cluster('creating')]})
			.resolvesOnce({Clusters: [cluster('creating')]})
			.resolves({Clusters: [cluster('available')]});
		redshift.on(CreateClusterCommand).resolves({Cluster: cluster('creating')});
		const events: StepEvent[] = [];
		const result = await clusterStep.run(ctx, options(), (event) => events.push(event), new AbortController().signal);
		assert.deepEqual(result, {
			nodeType: 'ra3.large',
			nodes: 2,
			securityGroupId: 'sg-1',
			clusterId: 'sparkify',
			address: 'sparkify.abc.us-west-2.redshift.amazonaws.com',
			port: 5439,
			created: true,
			databaseName: 'dev',
			masterUsername: 'sparkify',
		});
		assert.deepEqual(
			ec2.commandCalls(CreateSecurityGroupCommand)[0]!.args[0].input.TagSpecifications?.[0]?.Tags?.slice(0, 2),
			oursFor('sparkify'),
			"the group carries its cluster's name",
		);
		const input = redshift.commandCalls(CreateClusterCommand)[0]!.args[0].input;
		assert.equal(input.ClusterType, 'multi-node');
		assert.equal(input.NumberOfNodes, 2);
		assert.equal(input.PubliclyAccessible, true);
		assert.equal(input.ManageMasterPassword, true);
		assert.equal(input.MasterUserPassword, undefined);
		assert.ok(!('Encrypted' in input) || input.Encrypted === true, 'never Encrypted: false');
		assert.deepEqual(input.IamRoles, ['arn:aws:iam::1:role/r']);
		assert.equal(input.DefaultIamRoleArn, 'arn:aws:iam::1:role/r');
		assert.deepEqual(input.VpcSecurityGroupIds, ['sg-1']);
		assert.deepEqual(input.Tags, oursFor('sparkify'));
		const statuses = events.filter((event) => event.type === 'log').map((event) => event.type === 'log' && event.message.split(': ')[1]?.split(/[ ,]/)[0]);
		assert.deepEqual(statuses, ['creating', 'available']);
		assert.ok(
			events.some((event) => event.type === 'log' && /typically take 5–15 minutes/.test(event.message)),
			'an honest estimate, said',
		);
		assert.ok(events.some((event) => event.type === 'progress' && event.state === 'done'));
	});

	test('one node is a single-node cluster, sent without NumberOfNodes', async () => {
		ownGroup();
		redshift
			.on(DescribeClustersCommand)
			.rejectsOnce(notFound)
			.resolves({Clusters: [cluster('available')]});
		redshift.on(CreateClusterCommand).resolves({Cluster: cluster('creating')});
		await clusterStep.run(ctx, options({nodes: 1}), () => {}, new AbortController().signal);
		const input = redshift.commandCalls(CreateClusterCommand)[0]!.args[0].input;
		assert.equal(input.ClusterType, 'single-node');
		assert.ok(!('NumberOfNodes' in input));
	});

	test('a cluster this tool made is adopted, with the size AWS holds; one it did not make is refused', async () => {
		redshift.on(DescribeClustersCommand).resolves({Clusters: [cluster('available', {NodeType: 'ra3.large', NumberOfNodes: 1})]});
		const events: StepEvent[] = [];
		const adopted = await clusterStep.run(ctx, options({nodeType: 'ra3.xlplus', nodes: 2}), (event) => events.push(event), new AbortController().signal);
		assert.equal(adopted.created, false);
		assert.deepEqual([adopted.nodeType, adopted.nodes, adopted.sizeDiffers], ['ra3.large', 1, true], 'what AWS holds, not what was asked');
		assert.ok(events.some((event) => event.type === 'log' && event.level === 'warn' && /not the 2 × ra3.xlplus asked for/.test(event.message)));
		assert.ok(events.some((event) => event.type === 'log' && /sparkify: already available/.test(event.message)));
		assert.equal(redshift.commandCalls(CreateClusterCommand).length, 0);
		redshift.on(DescribeClustersCommand).resolves({Clusters: [cluster('available', {Tags: []})]});
		await assert.rejects(
			clusterStep.run(ctx, options(), () => {}, new AbortController().signal),
			(error: unknown) => error instanceof UserError && error.code === 'cluster_not_ours',
		);
	});

	test('a stuck state fails at once with the reason, instead of waiting for the timeout', async () => {
		ownGroup();
		redshift
			.on(DescribeClustersCommand)
			.rejectsOnce(notFound)
			.resolvesOnce({Clusters: [cluster('creating')]})
			.resolves({Clusters: [cluster('incompatible-network')]});
		redshift.on(CreateClusterCommand).resolves({Cluster: cluster('creating')});
		const time = fakeTime();
		await assert.rejects(
			clusterStep.run(ctx, options(time), () => {}, new AbortController().signal),
			(error: unknown) => {
				return error instanceof UserError && error.code === 'cluster_stuck' && /incompatible-network/.test(error.message);
			},
		);
		assert.ok(time.now() < 60_000, 'failed on the first stuck reading');
	});

	test('IAM propagation errors are retried; quota errors are one sentence', async () => {
		ownGroup();
		redshift
			.on(DescribeClustersCommand)
			.rejectsOnce(notFound)
			.resolves({Clusters: [cluster('available')]});
		redshift
			.on(CreateClusterCommand)
			.rejectsOnce(
				Object.assign(new Error('The IAM role arn:aws:iam::1:role/r is not valid. The IAM role must delegate access to an Amazon Redshift account.'), {
					name: 'InvalidParameterValue',
				}),
			)
			.resolves({Cluster: cluster('creating')});
		const result = await clusterStep.run(ctx, options(), () => {}, new AbortController().signal);
		assert.equal(result.created, true);
		assert.equal(redshift.commandCalls(CreateClusterCommand).length, 2);

		redshift.reset();
		ownGroup();
		redshift.on(DescribeClustersCommand).rejects(notFound);
		redshift.on(CreateClusterCommand).rejects(Object.assign(new Error('quota'), {name: 'ClusterQuotaExceededFault'}));
		await assert.rejects(
			clusterStep.run(ctx, options(), () => {}, new AbortController().signal),
			/quota of Redshift clusters/,
		);
	});

	test('cancelling stops the watching, says the cluster keeps running, and deletes nothing', async () => {
		redshift.on(DescribeClustersCommand).resolves({Clusters: [cluster('creating')]});
		const controller = new AbortController();
		let polls = 0;
		const time = fakeTime();
		const sleep = async (ms: number) => {
			await time.sleep(ms);
			if (++polls === 3) controller.abort();
		};
		await assert.rejects(
			clusterStep.run(ctx, options({...time, sleep}), () => {}, controller.signal),
			(error: unknown) => {
				return error instanceof CancelledError && /keeps being created in AWS, and billed/.test(error.message);
			},
		);
		assert.deepEqual(
			redshift
				.calls()
				.map((call) => call.args[0].constructor.name)
				.filter((name) => name !== 'DescribeClustersCommand'),
			[],
		);
	});

	test('Ctrl-C ends a poll interval at once (the real sleep, a minute between polls)', async () => {
		redshift.on(DescribeClustersCommand).resolves({Clusters: [cluster('creating')]});
		const controller = new AbortController();
		const started = performance.now();
		setTimeout(() => controller.abort(), 100);
		const {sleep: _fake, ...realTime} = options({pollMs: 60_000});
		await assert.rejects(
			clusterStep.run(ctx, realTime, () => {}, controller.signal),
			(error: unknown) => error instanceof CancelledError && /keeps being created/.test(error.message),
		);
		assert.ok(performance.now() - started < 5000, `ended after ${Math.round(performance.now() - started)} ms`);
	});

	test('the plan shown before "Create the cluster?" names the security group too', async () => {
		redshift.on(DescribeClustersCommand).rejects(notFound);
		ec2.on(DescribeSecurityGroupsCommand).resolves({SecurityGroups: []});
		const plan = await clusterStep.plan(ctx, options());
		assert.deepEqual(
			plan.actions.map((action) => `${action.action} ${action.resource}`),
			['create security group sparkify-access', 'create Redshift cluster sparkify'],
		);
		assert.equal(ec2.commandCalls(CreateSecurityGroupCommand).length, 0, 'nothing made while planning');
	});

	test("identifiers follow Redshift's rules", () => {
		assert.equal(validateClusterId('sparkify-dwh'), undefined);
		for (const bad of ['dwhCluster', '1abc', 'a--b', 'abc-', 'a_b', '']) assert.ok(validateClusterId(bad), bad);
	});
});
