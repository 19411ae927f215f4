// Watching a Redshift cluster until it gets where it was sent: created and available, paused,
// resumed, resized. One loop for all of them, so they agree on what matters: each state is
// reported as it changes, a stuck state fails at once (the SDK's waiter would spin on it for
// an hour), the wait has a limit, and Ctrl-C stops the watching, never AWS's work, and says
// what AWS carries on doing. What differs per wait (the goal, the words, when the clock
// started) is given by the caller.

import type {Cluster} from '@aws-sdk/client-redshift';
import type {AwsClients} from '../aws/clients.js';
import {findCluster} from '../aws/find.js';
import {CancelledError, UserError} from '../core/errors.js';
import type {Report} from '../core/events.js';
import {formatDuration} from '../core/format.js';
import {trackProgress} from '../core/progress.js';
import {cancelledAs, sleep as realSleep} from '../core/sleep.js';
import type {Waiting} from '../core/waiting.js';

/** States no amount of waiting gets out of, whatever the wait is for (creation, pause, resume, resize). */
const stuckStates: Record<string, string> = {
	'incompatible-network': 'the VPC or subnet it was launched in is missing or misconfigured',
	'incompatible-parameters': 'its parameter group has settings Redshift cannot apply',
	'incompatible-hsm': 'its HSM configuration cannot be used',
	'incompatible-restore': 'restoring it failed',
	'hardware-failure': 'AWS reports a hardware failure',
	'storage-full': 'its storage is full',
	deleting: 'it is being deleted',
	'final-snapshot': 'it is being deleted (taking a final snapshot)',
};

export type ClusterWatch = Waiting & {
	readonly clients: AwsClients;
	readonly clusterId: string;
	/** The step the progress and the log lines belong to. */
	readonly step: string;
	readonly reached: (cluster: Cluster) => boolean;
	/** Said when the watching stops (Ctrl-C): what AWS goes on doing, and what to run then. */
	readonly carriesOn: string;
	/** The timeout's hint: the same news, for later. */
	readonly timeoutHint: string;
	/** The log line for a state seen for the first time. */
	readonly describe: (status: string, elapsedMs: number, first: boolean, reached: boolean) => string;
	/** The timeout's words: "…still "<status>" after 45m<these words>." */
	readonly notYet: string;
	/** The typical length of the whole wait, for the progress bar's estimate. */
	readonly typicalMs: number;
	/** Default 60 minutes. */
	readonly maxWaitMs?: number;
	/** When the clock started, if earlier than the watching (a creation begun by an earlier run). */
	readonly startedAt?: (cluster: Cluster, now: number) => number | undefined;
	/** A state that is stuck for this wait in particular (paused, for a wait for connections), with its hint. */
	readonly stuckHere?: (status: string) => {reason: string; hint: string} | undefined;
	/** The hint for a generally stuck state. */
	readonly stuckHint: string;
	/** What the cluster's disappearance means here. */
	readonly gone: () => UserError;
};

export async function watchCluster(watch: ClusterWatch, report: Report, signal: AbortSignal): Promise<{cluster: Cluster; elapsedMs: number}> {
	const sleep = watch.sleep ?? realSleep;
	const now = watch.now ?? Date.now;
	const watchedFrom = now();
	const pollMs = watch.pollMs ?? 5000;
	const maxWaitMs = watch.maxWaitMs ?? 60 * 60_000;
	const progress = trackProgress(report, watch.step, watch.clusterId, 'seconds', {intervalMs: 0, now});
	const stopped = () => {
		progress.finish('failed');
		return new CancelledError(`Stopped watching. ${watch.carriesOn}`);
	};
	let lastStatus = '';
	for (;;) {
		if (signal.aborted) throw stopped();
		const cluster = await findCluster(watch.clients, watch.clusterId);
		if (!cluster) {
			progress.finish('failed');
			throw watch.gone();
		}
		const status = cluster.ClusterStatus ?? 'unknown';
		const startedAt = watch.startedAt?.(cluster, now()) ?? watchedFrom;
		const elapsed = now() - startedAt;
		const reached = watch.reached(cluster);
		if (status !== lastStatus) {
			report({type: 'log', step: watch.step, level: 'info', message: watch.describe(status, elapsed, lastStatus === '', reached)});
			lastStatus = status;
		}
		const stuckHere = watch.stuckHere?.(status);
		const stuck = stuckHere ?? (stuckStates[status] ? {reason: stuckStates[status], hint: watch.stuckHint} : undefined);
		if (stuck && !reached) {
			progress.finish('failed');
			throw new UserError(`The cluster ${watch.clusterId} is "${status}": ${stuck.reason}.`, {hint: stuck.hint, code: 'cluster_stuck'});
		}
		if (reached) {
			const seconds = Math.round(elapsed / 1000);
			progress.finish('done', {seconds: {done: seconds, total: seconds}});
			return {cluster, elapsedMs: elapsed};
		}
		if (now() - watchedFrom > maxWaitMs) {
			progress.finish('failed');
			throw new UserError(`The cluster ${watch.clusterId} is still "${status}" after ${formatDuration(elapsed)}${watch.notYet}.`, {
				hint: watch.timeoutHint,
				code: 'cluster_timeout',
			});
		}
		progress.update({seconds: {done: Math.round(elapsed / 1000), total: Math.round(Math.max(watch.typicalMs, elapsed + pollMs) / 1000)}});
		await sleep(pollMs, signal).catch(cancelledAs(stopped));
	}
}
