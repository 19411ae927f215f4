import assert from 'node:assert/strict';
import {afterEach, describe, test} from 'node:test';
import {CreateClusterCommand, DescribeClustersCommand, RedshiftClient, type Cluster} from '@aws-sdk/client-redshift';
import {mockClient} from 'aws-sdk-client-mock';
import {awsClients} from '../../../source/aws/clients.js';
import {CancelledError, UserError} from '../../../source/core/errors.js';
import type {StepEvent} from '../../../source/core/events.js';
import {noLog} from '../../../source/core/log.js';
import {homePaths} from '../../../source/core/paths.js';
import {clusterStep, validateClusterId, type ClusterOptions} from '../../../source/steps/cluster.js';

const ctx = {paths: homePaths({SPARKIFY_DWH_HOME: '/tmp/unused'}), log: noLog, env: {}};
const ours = [{Key: 'managed-by', Value: 'sparkify-dwh'}];
const notFound = Object.assign(new Error('Cluster sparkify not found.'), {name: 'ClusterNotFoundFault'});

function cluster(status: string, extra: Partial<Cluster> = {}): Cluster {
	return {
		ClusterIdentifier: 'sparkify', ClusterStatus: status, Tags: ours, DBName: 'dev', MasterUsername: 'sparkify',
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
		clients: awsClients({region: 'us-west-2', env: {}}), clusterId: 'sparkify', nodeType: 'ra3.large', nodes: 2,
		roleArn: 'arn:aws:iam::1:role/r', securityGroupId: 'sg-1', publiclyAccessible: true,
		probe: async () => true, ...fakeTime(), ...overrides,
	};
}

describe('the cluster step', () => {
	const redshift = mockClient(RedshiftClient);
	afterEach(() => redshift.reset());

	test('creates the cluster with explicit, safe settings and waits until it accepts connections', async () => {
		redshift.on(DescribeClustersCommand)
			.rejectsOnce(notFound)
			.resolvesOnce({Clusters: [cluster('creating')]})
			.resolvesOnce({Clusters: [cluster('creating')]})
			.resolves({Clusters: [cluster('available')]});
		redshift.on(CreateClusterCommand).resolves({Cluster: cluster('creating')});
		const events: StepEvent[] = [];
		let probes = 0;
		const result = await clusterStep.run(ctx, options({probe: async () => ++probes > 1}), (event) => events.push(event), new AbortController().signal);
		assert.deepEqual(result, {clusterId: 'sparkify', address: 'sparkify.abc.us-west-2.redshift.amazonaws.com', port: 5439, created: true, databaseName: 'dev', masterUsername: 'sparkify'});
		assert.equal(probes, 2, 'available was not trusted until the port answered');
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
		assert.deepEqual(input.Tags, ours);
		const statuses = events.filter((event) => event.type === 'log').map((event) => event.type === 'log' && event.message.split(': ')[1]?.split(' ')[0]);
		assert.deepEqual(statuses, ['creating', 'available']);
		assert.ok(events.some((event) => event.type === 'progress' && event.state === 'done'));
	});

	test('one node is a single-node cluster, sent without NumberOfNodes', async () => {
		redshift.on(DescribeClustersCommand).rejectsOnce(notFound).resolves({Clusters: [cluster('available')]});
		redshift.on(CreateClusterCommand).resolves({Cluster: cluster('creating')});
		await clusterStep.run(ctx, options({nodes: 1}), () => {}, new AbortController().signal);
		const input = redshift.commandCalls(CreateClusterCommand)[0]!.args[0].input;
		assert.equal(input.ClusterType, 'single-node');
		assert.ok(!('NumberOfNodes' in input));
	});

	test('a cluster this tool made is adopted; one it did not make is refused', async () => {
		redshift.on(DescribeClustersCommand).resolves({Clusters: [cluster('available')]});
		const adopted = await clusterStep.run(ctx, options(), () => {}, new AbortController().signal);
		assert.equal(adopted.created, false);
		assert.equal(redshift.commandCalls(CreateClusterCommand).length, 0);
		redshift.on(DescribeClustersCommand).resolves({Clusters: [cluster('available', {Tags: []})]});
		await assert.rejects(clusterStep.run(ctx, options(), () => {}, new AbortController().signal), (error: unknown) => error instanceof UserError && error.code === 'cluster_not_ours');
	});

	test('a stuck state fails at once with the reason, instead of waiting for the timeout', async () => {
		redshift.on(DescribeClustersCommand).rejectsOnce(notFound).resolvesOnce({Clusters: [cluster('creating')]}).resolves({Clusters: [cluster('incompatible-network')]});
		redshift.on(CreateClusterCommand).resolves({Cluster: cluster('creating')});
		const time = fakeTime();
		await assert.rejects(clusterStep.run(ctx, options(time), () => {}, new AbortController().signal), (error: unknown) => {
			return error instanceof UserError && error.code === 'cluster_stuck' && /incompatible-network/.test(error.message);
		});
		assert.ok(time.now() < 60_000, 'failed on the first stuck reading');
	});

	test('IAM propagation errors are retried; quota errors are one sentence', async () => {
		redshift.on(DescribeClustersCommand).rejectsOnce(notFound).resolves({Clusters: [cluster('available')]});
		redshift.on(CreateClusterCommand)
			.rejectsOnce(Object.assign(new Error('The IAM role arn:aws:iam::1:role/r is not valid. The IAM role must delegate access to an Amazon Redshift account.'), {name: 'InvalidParameterValue'}))
			.resolves({Cluster: cluster('creating')});
		const result = await clusterStep.run(ctx, options(), () => {}, new AbortController().signal);
		assert.equal(result.created, true);
		assert.equal(redshift.commandCalls(CreateClusterCommand).length, 2);

		redshift.reset();
		redshift.on(DescribeClustersCommand).rejects(notFound);
		redshift.on(CreateClusterCommand).rejects(Object.assign(new Error('quota'), {name: 'ClusterQuotaExceededFault'}));
		await assert.rejects(clusterStep.run(ctx, options(), () => {}, new AbortController().signal), /quota of Redshift clusters/);
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
		await assert.rejects(clusterStep.run(ctx, options({...time, sleep}), () => {}, controller.signal), (error: unknown) => {
			return error instanceof CancelledError && /keeps being created in AWS, and billed/.test(error.message);
		});
		assert.deepEqual(redshift.calls().map((call) => call.args[0].constructor.name).filter((name) => name !== 'DescribeClustersCommand'), []);
	});

	test('identifiers follow Redshift\'s rules', () => {
		assert.equal(validateClusterId('sparkify-dwh'), undefined);
		for (const bad of ['dwhCluster', '1abc', 'a--b', 'abc-', 'a_b', '']) assert.ok(validateClusterId(bad), bad);
	});
});
