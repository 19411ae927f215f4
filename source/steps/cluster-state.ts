// Pausing, resuming and resizing the cluster this tool made: one request to AWS, then the
// cluster watched every few seconds until it says it got there (paused, or available at its
// new size), each state reported as it changes, as creating it is. Ctrl-C stops the
// watching, never the change: AWS carries on with it, and says so. Pausing a paused cluster
// (or resuming an available one) asks AWS nothing and says "already".

import {ModifyClusterCommand, PauseClusterCommand, ResizeClusterCommand, ResumeClusterCommand, type Cluster} from '@aws-sdk/client-redshift';
import type {AwsClients} from '../aws/clients.js';
import {awsErrorName, isUnsupportedApi, translateAwsError} from '../aws/errors.js';
import {findCluster} from '../aws/find.js';
import type {Context} from '../core/context.js';
import {UserError} from '../core/errors.js';
import type {Report} from '../core/events.js';
import {formatDuration} from '../core/format.js';
import type {Step} from '../core/step.js';
import type {Waiting} from '../core/waiting.js';
import {watchCluster} from './cluster-watch.js';

export type ClusterStateOptions = Waiting & {
	readonly clients: AwsClients;
	readonly clusterId: string;
};

export type ClusterSize = {readonly nodeType: string; readonly nodes: number};

export type ResizeOptions = ClusterStateOptions & {
	readonly to: ClusterSize;
	/** The plan's figures: what it costs now and after. */
	readonly from?: ClusterSize;
	readonly costPerHour?: number;
};

export type ClusterStateResult = {
	readonly clusterId: string;
	readonly status: string;
	/** It was already so: nothing was asked of AWS. */
	readonly already: boolean;
	readonly elapsedMs: number;
	readonly nodeType?: string;
	readonly nodes?: number;
};

/** AWS's refusals of the request itself (the wrong state, a size elastic resize cannot reach), told with AWS's own words. */
const refusals = [
	'InvalidClusterStateFault',
	'UnsupportedOperationFault',
	'UnsupportedOptionFault',
	'InvalidParameterValue',
	'InvalidParameterCombination',
	'InvalidParameterValueException',
];

function refusal(error: unknown, doing: string, hint: string): unknown {
	if (refusals.includes(awsErrorName(error))) return new UserError(`AWS refused ${doing}: ${(error as Error).message}`, {hint, code: 'aws_refused_change', cause: error});
	return translateAwsError(error, doing);
}

async function ask(send: () => Promise<unknown>, doing: string, hint: string): Promise<void> {
	try {
		await send();
	} catch (error) {
		throw refusal(error, doing, hint);
	}
}

const missing = (clusterId: string) =>
	new UserError(`There is no cluster ${clusterId} in this region.`, {
		hint: 'Run `sparkify-dwh cluster` first (or check --cluster-id and --region).',
		wizardHint: "Run the menu's Cluster first, or check Settings → Cluster name and AWS region.",
		code: 'cluster_missing',
	});

async function existing(clients: AwsClients, clusterId: string): Promise<Cluster> {
	const cluster = await findCluster(clients, clusterId);
	if (!cluster) throw missing(clusterId);
	return cluster;
}

type Watch = {
	readonly step: string;
	/** What it is waiting for, for people: "paused", "available at 2 × ra3.large". */
	readonly goal: string;
	readonly reached: (cluster: Cluster) => boolean;
	/** What AWS goes on doing when the watching stops. */
	readonly carriesOn: string;
	readonly typicalMs: number;
	readonly typicalText: string;
};

/** Pause, resume and resize watch alike: from when they asked, with the goal in every line. */
function watchUntil(options: ClusterStateOptions, watch: Watch, report: Report, signal: AbortSignal): Promise<{cluster: Cluster; elapsedMs: number}> {
	const {clusterId} = options;
	return watchCluster(
		{
			...options,
			step: watch.step,
			reached: watch.reached,
			describe: (status, elapsed) => `${clusterId}: ${status} after ${formatDuration(elapsed)} (waiting for ${watch.goal}; ${watch.typicalText})`,
			typicalMs: watch.typicalMs,
			notYet: `, not ${watch.goal}`,
			carriesOn: `${watch.carriesOn} Run \`sparkify-dwh status\` to see where it is.`,
			timeoutHint: `${watch.carriesOn} Run \`sparkify-dwh status\` later.`,
			stuckHint: "See the Redshift console for the cluster's events.",
			gone: () => missing(clusterId),
		},
		report,
		signal,
	);
}

type Toggle = {
	readonly id: 'pause' | 'resume';
	readonly title: string;
	/** The state it leads to, and the one it starts from. */
	readonly goal: 'paused' | 'available';
	readonly from: 'available' | 'paused';
	/** AWS's own word while it is on the way ("pausing", "resuming"), which is waited out rather than asked again. */
	readonly onTheWay: string;
	readonly send: (clients: AwsClients, clusterId: string) => Promise<unknown>;
	readonly detail: string;
	readonly carriesOn: (clusterId: string) => string;
	readonly typical: readonly [number, string];
};

function toggleStep(toggle: Toggle): Step<ClusterStateOptions, ClusterStateResult> {
	return {
		id: toggle.id,
		title: toggle.title,
		async plan(_ctx, options) {
			return {destructive: false, actions: [{action: 'modify', resource: `Redshift cluster ${options.clusterId}`, detail: toggle.detail}]};
		},
		async run(ctx, options, report, signal) {
			const cluster = await existing(options.clients, options.clusterId);
			const status = cluster.ClusterStatus ?? 'unknown';
			if (status === toggle.goal) {
				report({type: 'log', step: toggle.id, level: 'info', message: `${options.clusterId}: already ${toggle.goal}`});
				return {clusterId: options.clusterId, status, already: true, elapsedMs: 0};
			}
			if (status === toggle.from) {
				await ask(
					() => toggle.send(options.clients, options.clusterId),
					`to ${toggle.id} the cluster ${options.clusterId}`,
					`Wait until it is ${toggle.from} (\`sparkify-dwh status\`), then try again.`,
				);
				ctx.log.write('info', `${toggle.id}: ${toggle.id === 'pause' ? 'PauseCluster' : 'ResumeCluster'} ${options.clusterId}`);
			} else if (status !== toggle.onTheWay) {
				throw new UserError(`The cluster ${options.clusterId} is "${status}"; only a${toggle.from === 'available' ? 'n available' : ' paused'} cluster can be ${toggle.id}d.`, {
					hint: `Wait until it is ${toggle.from} (\`sparkify-dwh status\`), then try again.`,
					code: 'cluster_busy',
				});
			}
			const [typicalMs, typicalText] = toggle.typical;
			const watch = {
				step: toggle.id,
				goal: toggle.goal,
				reached: (found: Cluster) => found.ClusterStatus === toggle.goal,
				carriesOn: toggle.carriesOn(options.clusterId),
				typicalMs,
				typicalText,
			};
			const {cluster: done, elapsedMs} = await watchUntil(options, watch, report, signal);
			return {clusterId: options.clusterId, status: done.ClusterStatus ?? toggle.goal, already: false, elapsedMs};
		},
	};
}

export const pauseStep = toggleStep({
	id: 'pause',
	title: 'Pause the cluster',
	goal: 'paused',
	from: 'available',
	onTheWay: 'pausing',
	send: (clients, clusterId) => clients.redshift.send(new PauseClusterCommand({ClusterIdentifier: clusterId})),
	detail: 'pause: compute billing stops once it is paused; its storage is still billed',
	carriesOn: (clusterId) => `The cluster ${clusterId} goes on pausing in AWS (compute is billed until it is paused).`,
	typical: [10 * 60_000, 'pausing usually takes a few minutes'],
});

export const resumeStep = toggleStep({
	id: 'resume',
	title: 'Resume the cluster',
	goal: 'available',
	from: 'paused',
	onTheWay: 'resuming',
	send: (clients, clusterId) => clients.redshift.send(new ResumeClusterCommand({ClusterIdentifier: clusterId})),
	detail: 'resume: billed by the hour again from then on',
	carriesOn: (clusterId) => `The cluster ${clusterId} goes on resuming in AWS, and is billed by the hour again once it is available.`,
	typical: [15 * 60_000, 'resuming usually takes a few minutes'],
});

const describeSize = (size: ClusterSize) => `${size.nodes} × ${size.nodeType}`;

/** The cluster's size as AWS holds it. */
export function sizeOf(cluster: Cluster): ClusterSize {
	return {nodeType: cluster.NodeType ?? 'unknown', nodes: cluster.NumberOfNodes ?? 1};
}

/** Elastic resize (ResizeCluster, Classic: false); ModifyCluster when the endpoint lacks ResizeCluster (moto does). */
async function requestResize(ctx: Context, options: ResizeOptions, report: Report): Promise<void> {
	const {to} = options;
	const shape = to.nodes === 1 ? {ClusterType: 'single-node'} : {ClusterType: 'multi-node', NumberOfNodes: to.nodes};
	const doing = `to resize the cluster ${options.clusterId} to ${describeSize(to)}`;
	const hint = 'Elastic resize reaches only some sizes from the current one (the Redshift console lists them); otherwise tear it down and create it at the new size.';
	try {
		await options.clients.redshift.send(new ResizeClusterCommand({ClusterIdentifier: options.clusterId, NodeType: to.nodeType, ...shape, Classic: false}));
		ctx.log.write('info', `resize: ResizeCluster ${options.clusterId} ${to.nodes} x ${to.nodeType} (elastic)`);
		return;
	} catch (error) {
		if (!isUnsupportedApi(error)) throw refusal(error, doing, hint);
	}
	report({type: 'log', step: 'resize', level: 'warn', message: 'This AWS endpoint does not implement ResizeCluster; asking ModifyCluster for the new size instead.'});
	await ask(() => options.clients.redshift.send(new ModifyClusterCommand({ClusterIdentifier: options.clusterId, NodeType: to.nodeType, ...shape})), doing, hint);
	ctx.log.write('info', `resize: ModifyCluster ${options.clusterId} ${to.nodes} x ${to.nodeType}`);
}

export const resizeStep: Step<ResizeOptions, ClusterStateResult> = {
	id: 'resize',
	title: 'Resize the cluster',
	async plan(_ctx, options) {
		return {
			destructive: false,
			...(options.costPerHour === undefined ? {} : {costPerHour: options.costPerHour}),
			actions: [
				{
					action: 'modify',
					resource: `Redshift cluster ${options.clusterId}`,
					detail: `${options.from ? `${describeSize(options.from)} → ` : 'to '}${describeSize(options.to)} by elastic resize: the data stays, the cluster is briefly unavailable`,
				},
			],
		};
	},
	async run(ctx, options, report, signal) {
		const cluster = await existing(options.clients, options.clusterId);
		const status = cluster.ClusterStatus ?? 'unknown';
		const before = sizeOf(cluster);
		const atSize = (found: Cluster) => found.NodeType === options.to.nodeType && (found.NumberOfNodes ?? 1) === options.to.nodes;
		if (atSize(cluster) && status === 'available') {
			report({type: 'log', step: 'resize', level: 'info', message: `${options.clusterId}: already ${describeSize(options.to)}`});
			return {clusterId: options.clusterId, status, already: true, elapsedMs: 0, ...options.to};
		}
		if (status !== 'available') {
			throw new UserError(`The cluster ${options.clusterId} is "${status}"; only an available cluster can be resized.`, {
				hint: status === 'paused' ? 'Resume it first: `sparkify-dwh resume`.' : 'Wait until it is available (`sparkify-dwh status`), then try again.',
				code: 'cluster_busy',
			});
		}
		await requestResize(ctx, options, report);
		const watch = {
			step: 'resize',
			goal: `available at ${describeSize(options.to)}`,
			reached: (found: Cluster) => found.ClusterStatus === 'available' && atSize(found) && !found.PendingModifiedValues?.NodeType && !found.PendingModifiedValues?.NumberOfNodes,
			carriesOn: `The cluster ${options.clusterId} goes on resizing from ${describeSize(before)} in AWS, and is billed at the new size once it is done.`,
			typicalMs: 20 * 60_000,
			typicalText: 'an elastic resize usually takes 10–20 minutes',
		};
		const {cluster: done, elapsedMs} = await watchUntil(options, watch, report, signal);
		return {clusterId: options.clusterId, status: done.ClusterStatus ?? 'available', already: false, elapsedMs, ...sizeOf(done)};
	},
};
