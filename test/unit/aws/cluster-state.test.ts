// Pause, resume and resize as steps, against a mocked Redshift: Ctrl-C while waiting stops
// the watching and says what AWS goes on doing; a resize is an elastic ResizeCluster; a
// paused cluster is not resized.

import assert from 'node:assert/strict';
import {afterEach, describe, test} from 'node:test';
import {DescribeClustersCommand, ModifyClusterCommand, PauseClusterCommand, RedshiftClient, ResizeClusterCommand, type Cluster} from '@aws-sdk/client-redshift';
import {mockClient} from 'aws-sdk-client-mock';
import {awsClients} from '../../../source/aws/clients.js';
import {CancelledError, UserError} from '../../../source/core/errors.js';
import {noLog} from '../../../source/core/log.js';
import {homePaths} from '../../../source/core/paths.js';
import {sleep} from '../../../source/core/sleep.js';
import {pauseStep, resizeStep, resumeStep} from '../../../source/steps/cluster-state.js';
import {ResumeClusterCommand} from '@aws-sdk/client-redshift';

const ctx = {paths: homePaths({SPARKIFY_DWH_HOME: '/tmp/unused'}), log: noLog, env: {}};
const cluster = (status: string, extra: Partial<Cluster> = {}): Cluster => ({
	ClusterIdentifier: 'sparkify',
	ClusterStatus: status,
	NodeType: 'ra3.large',
	NumberOfNodes: 1,
	...extra,
});

describe('pause, resume and resize steps', () => {
	const redshift = mockClient(RedshiftClient);
	afterEach(() => redshift.reset());
	const clients = () => awsClients({region: 'us-west-2', env: {}});

	test('Ctrl-C while it is pausing stops the watching at once, and says the pause goes on in AWS', async () => {
		redshift
			.on(DescribeClustersCommand)
			.resolvesOnce({Clusters: [cluster('available')]})
			.resolves({Clusters: [cluster('pausing')]});
		redshift.on(PauseClusterCommand).resolves({});
		const controller = new AbortController();
		const messages: string[] = [];
		const running = pauseStep.run(
			ctx,
			{clients: clients(), clusterId: 'sparkify', pollMs: 60_000, sleep},
			(event) => void (event.type === 'log' && messages.push(event.message)),
			controller.signal,
		);
		setTimeout(() => controller.abort(), 50);
		const started = Date.now();
		await assert.rejects(running, (error: unknown) => error instanceof CancelledError && /goes on pausing in AWS/.test(error.message));
		assert.ok(Date.now() - started < 5000, 'not after the poll interval');
		assert.equal(redshift.commandCalls(PauseClusterCommand).length, 1);
		assert.match(messages.join('\n'), /sparkify: pausing after .* \(waiting for paused/);
	});

	test('a pause that runs into a stuck state fails at once with the reason (the same states as creation)', async () => {
		redshift
			.on(DescribeClustersCommand)
			.resolvesOnce({Clusters: [cluster('available')]})
			.resolves({Clusters: [cluster('incompatible-hsm')]});
		redshift.on(PauseClusterCommand).resolves({});
		let time = 0;
		await assert.rejects(
			pauseStep.run(ctx, {clients: clients(), clusterId: 'sparkify', now: () => time, sleep: async (ms) => void (time += ms)}, () => {}, new AbortController().signal),
			(error: unknown) => error instanceof UserError && error.code === 'cluster_stuck' && /incompatible-hsm/.test(error.message),
		);
		assert.ok(time < 60_000, 'failed on the first stuck reading, not at the timeout');
	});

	test('a resume waits through "paused" and "resuming": paused is where it starts, not a stuck state', async () => {
		redshift
			.on(DescribeClustersCommand)
			.resolvesOnce({Clusters: [cluster('paused')]})
			.resolvesOnce({Clusters: [cluster('paused')]})
			.resolvesOnce({Clusters: [cluster('resuming')]})
			.resolves({Clusters: [cluster('available')]});
		redshift.on(ResumeClusterCommand).resolves({});
		let time = 0;
		const result = await resumeStep.run(
			ctx,
			{clients: clients(), clusterId: 'sparkify', now: () => time, sleep: async (ms) => void (time += ms)},
			() => {},
			new AbortController().signal,
		);
		assert.equal(result.status, 'available');
		assert.equal(redshift.commandCalls(ResumeClusterCommand).length, 1);
	});

	test('a resize is an elastic ResizeCluster (Classic: false), watched until the new size is available', async () => {
		redshift
			.on(DescribeClustersCommand)
			.resolvesOnce({Clusters: [cluster('available')]})
			.resolvesOnce({Clusters: [cluster('resizing')]})
			.resolves({Clusters: [cluster('available', {NumberOfNodes: 2})]});
		redshift.on(ResizeClusterCommand).resolves({});
		let time = 0;
		const result = await resizeStep.run(
			ctx,
			{clients: clients(), clusterId: 'sparkify', to: {nodeType: 'ra3.large', nodes: 2}, now: () => time, sleep: async (ms) => void (time += ms)},
			() => {},
			new AbortController().signal,
		);
		assert.deepEqual([result.nodes, result.already], [2, false]);
		assert.deepEqual(redshift.commandCalls(ResizeClusterCommand)[0]!.args[0].input, {
			ClusterIdentifier: 'sparkify',
			NodeType: 'ra3.large',
			ClusterType: 'multi-node',
			NumberOfNodes: 2,
			Classic: false,
		});
		assert.equal(redshift.commandCalls(ModifyClusterCommand).length, 0);
	});

	test('a paused cluster is not resized: resume it first', async () => {
		redshift.on(DescribeClustersCommand).resolves({Clusters: [cluster('paused')]});
		await assert.rejects(
			resizeStep.run(ctx, {clients: clients(), clusterId: 'sparkify', to: {nodeType: 'ra3.large', nodes: 2}}, () => {}, new AbortController().signal),
			(error: unknown) => error instanceof UserError && error.code === 'cluster_busy' && /sparkify-dwh resume/.test(error.hint ?? ''),
		);
		assert.equal(redshift.commandCalls(ResizeClusterCommand).length, 0);
	});

	test("AWS's refusal of a resize is told in its own words", async () => {
		redshift.on(DescribeClustersCommand).resolves({Clusters: [cluster('available')]});
		redshift.on(ResizeClusterCommand).rejects(Object.assign(new Error('Elastic resize is not supported for this configuration.'), {name: 'UnsupportedOperationFault'}));
		await assert.rejects(
			resizeStep.run(ctx, {clients: clients(), clusterId: 'sparkify', to: {nodeType: 'ra3.4xlarge', nodes: 2}}, () => {}, new AbortController().signal),
			(error: unknown) => error instanceof UserError && error.code === 'aws_refused_change' && /Elastic resize is not supported/.test(error.message),
		);
	});
});
