// The one loop every cluster wait runs (creation, pause, resume, resize), against a mocked
// Redshift and a fake clock: the limit, a cluster that vanishes, a state stuck for this wait
// only, the clock started by AWS, and each state said once.

import assert from 'node:assert/strict';
import {afterEach, describe, test} from 'node:test';
import {DescribeClustersCommand, RedshiftClient, type Cluster} from '@aws-sdk/client-redshift';
import {mockClient} from 'aws-sdk-client-mock';
import {awsClients} from '../../../source/aws/clients.js';
import {UserError} from '../../../source/core/errors.js';
import type {StepEvent} from '../../../source/core/events.js';
import {type ClusterWatch, watchCluster} from '../../../source/steps/cluster-watch.js';

const cluster = (status: string, extra: Partial<Cluster> = {}): Cluster => ({ClusterIdentifier: 'sparkify', ClusterStatus: status, ...extra});

describe('watching a cluster', () => {
	const redshift = mockClient(RedshiftClient);
	afterEach(() => redshift.reset());

	/** A watch for "available" on a fake clock that a sleep moves on. */
	function watchFor(extra: Partial<ClusterWatch> = {}) {
		let time = 1_000_000;
		const watch: ClusterWatch = {
			clients: awsClients({region: 'us-west-2', env: {}}),
			clusterId: 'sparkify',
			step: 'cluster',
			reached: (found) => found.ClusterStatus === 'available',
			describe: (status, elapsed, first) => `${status} ${elapsed} ${first ? 'first' : 'later'}`,
			notYet: ', not available',
			carriesOn: 'It carries on in AWS.',
			timeoutHint: 'Look again later.',
			typicalMs: 60_000,
			stuckHint: 'See the console.',
			gone: () => new UserError('It is gone.', {code: 'cluster_gone'}),
			pollMs: 5000,
			now: () => time,
			sleep: async (ms) => void (time += ms),
			...extra,
		};
		return {watch, elapsed: () => time - 1_000_000};
	}

	test('each state is said once, as it changes, and the wait ends where it was going', async () => {
		redshift
			.on(DescribeClustersCommand)
			.resolvesOnce({Clusters: [cluster('creating')]})
			.resolvesOnce({Clusters: [cluster('creating')]})
			.resolvesOnce({Clusters: [cluster('modifying')]})
			.resolves({Clusters: [cluster('available')]});
		const events: StepEvent[] = [];
		const {watch} = watchFor();
		const {elapsedMs} = await watchCluster(watch, (event) => events.push(event), new AbortController().signal);
		const lines = events.flatMap((event) => (event.type === 'log' ? [event.message] : []));
		assert.deepEqual(lines, ['creating 0 first', 'modifying 10000 later', 'available 15000 later']);
		assert.equal(elapsedMs, 15_000);
		const last = events.filter((event) => event.type === 'progress').at(-1);
		assert.ok(last?.type === 'progress' && last.state === 'done' && last.done === 15);
	});

	test('the clock starts when AWS started, if it says so (a creation picked up by a later run)', async () => {
		redshift.on(DescribeClustersCommand).resolves({Clusters: [cluster('available')]});
		const {watch} = watchFor({startedAt: () => 1_000_000 - 7 * 60_000});
		const {elapsedMs} = await watchCluster(watch, () => {}, new AbortController().signal);
		assert.equal(elapsedMs, 7 * 60_000);
	});

	test('the limit ends the wait with what AWS carries on doing, and the state it was in', async () => {
		redshift.on(DescribeClustersCommand).resolves({Clusters: [cluster('modifying')]});
		const {watch, elapsed} = watchFor({maxWaitMs: 60_000});
		await assert.rejects(
			watchCluster(watch, () => {}, new AbortController().signal),
			(error: unknown) =>
				error instanceof UserError && error.code === 'cluster_timeout' && /still "modifying" after .*, not available\.$/.test(error.message) && error.hint === 'Look again later.',
		);
		assert.ok(elapsed() > 60_000 && elapsed() <= 70_000, `gave up just after the limit (${elapsed()} ms)`);
	});

	test("a cluster that vanishes ends the wait with the caller's words", async () => {
		redshift
			.on(DescribeClustersCommand)
			.resolvesOnce({Clusters: [cluster('creating')]})
			.rejects(Object.assign(new Error('Cluster sparkify not found.'), {name: 'ClusterNotFoundFault'}));
		const {watch} = watchFor();
		await assert.rejects(
			watchCluster(watch, () => {}, new AbortController().signal),
			(error: unknown) => error instanceof UserError && error.code === 'cluster_gone',
		);
	});

	test('a state stuck for this wait only (paused, for a wait for connections) fails at once with its own hint', async () => {
		redshift.on(DescribeClustersCommand).resolves({Clusters: [cluster('paused')]});
		const {watch, elapsed} = watchFor({stuckHere: (status) => (status === 'paused' ? {reason: 'it is paused', hint: 'Resume it.'} : undefined)});
		await assert.rejects(
			watchCluster(watch, () => {}, new AbortController().signal),
			(error: unknown) => error instanceof UserError && error.code === 'cluster_stuck' && /"paused": it is paused/.test(error.message) && error.hint === 'Resume it.',
		);
		assert.equal(elapsed(), 0);
		// Without it, paused is only a state to wait through.
		redshift.reset();
		redshift
			.on(DescribeClustersCommand)
			.resolvesOnce({Clusters: [cluster('paused')]})
			.resolves({Clusters: [cluster('available')]});
		const plain = watchFor();
		await watchCluster(plain.watch, () => {}, new AbortController().signal);
		assert.equal(plain.elapsed(), 5000);
	});
});
