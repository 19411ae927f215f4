// The Redshift cluster and its own security group: created (or adopted, when this tool made
// them earlier) and then watched every few seconds until the cluster itself says it is
// available. It does not wait for the port: nothing opens it until the network step, which
// then checks it. The SDK's waiter polls every 60–120 s and spins on stuck states such as
// incompatible-network; this loop reports each state as it changes, fails at once on a stuck
// one, and can be cancelled — which stops the watching, never the cluster (it keeps being
// created, and billed).

import {CreateClusterCommand, type Cluster} from '@aws-sdk/client-redshift';
import type {AwsClients} from '../aws/clients.js';
import {awsErrorName, translateAwsError} from '../aws/errors.js';
import {UserError} from '../core/errors.js';
import type {Report} from '../core/events.js';
import {formatDuration} from '../core/format.js';
import {sleep as realSleep, type Sleep} from '../core/sleep.js';
import type {Waiting} from '../core/waiting.js';
import type {Step} from '../core/step.js';
import {isManagedByUs, tagsFor} from '../aws/tags.js';
import {findCluster, findGroupsByName} from '../aws/find.js';
import {defaultVpcId, ensureSecurityGroup} from '../aws/network.js';
import {validateClusterId} from '../aws/validate.js';
import {watchCluster} from './cluster-watch.js';

export type ClusterOptions = Waiting & {
	readonly clients: AwsClients;
	readonly clusterId: string;
	readonly nodeType: string;
	readonly nodes: number;
	readonly roleArn: string;
	/** The cluster's own security group (made, or found, in the default VPC). */
	readonly groupName: string;
	/** Reachable from outside the VPC (needed to connect from a laptop); sent explicitly. */
	readonly publiclyAccessible: boolean;
	readonly databaseName?: string;
	readonly masterUsername?: string;
	readonly port?: number;
	/** What it costs, for the plan. */
	readonly costPerHour?: number;
};

export type ClusterResult = {
	readonly clusterId: string;
	readonly address: string;
	readonly port: number;
	readonly created: boolean;
	readonly databaseName: string;
	readonly masterUsername: string;
	/** The Secrets Manager secret holding the admin password (never the password itself). */
	readonly masterPasswordSecretArn?: string;
	/** The size AWS holds (an existing cluster keeps its own, whatever was asked). */
	readonly nodeType: string;
	readonly nodes: number;
	readonly securityGroupId: string;
	/** Set when an existing cluster's size differs from the one asked for. */
	readonly sizeDiffers?: boolean;
};

/**
 * Typical time from CreateCluster to available, for the "remaining" estimate: a small ra3
 * cluster usually takes 5 to 15 minutes; the estimate uses the upper end and says so.
 */
const typicalCreateMs = 15 * 60_000;
const typicalCreateText = 'ra3 clusters typically take 5–15 minutes to create';

const isOurs = (cluster: Cluster) => isManagedByUs(cluster.Tags);

/** IAM changes take a while to reach Redshift; these errors mean "not yet", not "no". */
const isRolePropagation = (error: unknown) =>
	awsErrorName(error) === 'InvalidParameterValue' && /must delegate access|is not valid|not authorized to assume/i.test((error as Error).message ?? '');

export const clusterStep: Step<ClusterOptions, ClusterResult> = {
	id: 'cluster',
	title: 'Create the Redshift cluster',
	async plan(_ctx, options) {
		const existing = await findCluster(options.clients, options.clusterId);
		const [group] = await findGroupsByName(options.clients, options.groupName);
		return {
			destructive: false,
			...(existing ? {} : options.costPerHour === undefined ? {} : {costPerHour: options.costPerHour}),
			actions: [
				group
					? {action: 'reuse', resource: `security group ${options.groupName}`, detail: group.GroupId}
					: {action: 'create', resource: `security group ${options.groupName}`, detail: 'in the default VPC, no inbound rule until `sparkify-dwh network`'},
				existing
					? {action: 'reuse', resource: `Redshift cluster ${options.clusterId}`, detail: existing.ClusterStatus}
					: {
							action: 'create',
							resource: `Redshift cluster ${options.clusterId}`,
							detail: `${options.nodes} × ${options.nodeType}, ${options.publiclyAccessible ? 'publicly accessible' : 'private'}, encrypted, admin password in Secrets Manager`,
						},
			],
		};
	},
	async run(ctx, options, report, signal) {
		const problem = validateClusterId(options.clusterId);
		if (problem) throw new UserError(problem, {code: 'usage'});
		if (!Number.isInteger(options.nodes) || options.nodes < 1) throw new UserError('The number of nodes is a whole number of at least 1.', {code: 'usage'});
		const sleep = options.sleep ?? realSleep;
		const now = options.now ?? Date.now;
		const databaseName = options.databaseName ?? 'dev';
		const masterUsername = options.masterUsername ?? 'sparkify';
		const port = options.port ?? 5439;

		let cluster = await findCluster(options.clients, options.clusterId);
		let created = false;
		if (cluster && !isOurs(cluster)) {
			throw new UserError(`A cluster named ${options.clusterId} exists, and sparkify-dwh did not make it.`, {
				hint: 'Choose another name with --cluster-id; the tool only changes clusters it made.',
				wizardHint: 'Choose another name in Settings → Cluster name; the tool only changes clusters it made.',
				code: 'cluster_not_ours',
			});
		}
		let securityGroupId = cluster?.VpcSecurityGroups?.[0]?.VpcSecurityGroupId ?? '';
		if (cluster) {
			report({type: 'log', step: 'cluster', level: 'info', message: `Cluster ${options.clusterId} already there (${cluster.ClusterStatus}); picking it up.`});
		} else {
			const vpcId = await defaultVpcId(options.clients, 'this region');
			securityGroupId = (await ensureSecurityGroup(options.clients, vpcId, options.groupName, options.clusterId)).groupId;
			({cluster, created} = await create({...options, securityGroupId}, {databaseName, masterUsername, port}, sleep, now, signal));
			ctx.log.write('info', `cluster: CreateCluster ${options.clusterId} ${options.nodes} x ${options.nodeType}`);
		}
		const ready = await waitUntilReady(options, created, report, signal);
		// An existing cluster keeps its size: say what AWS holds, never what was asked.
		const nodeType = ready.NodeType ?? options.nodeType;
		const nodes = ready.NumberOfNodes ?? options.nodes;
		const sizeDiffers = !created && (nodeType !== options.nodeType || nodes !== options.nodes);
		if (sizeDiffers) {
			report({
				type: 'log',
				step: 'cluster',
				level: 'warn',
				message: `The cluster ${options.clusterId} is ${nodes} × ${nodeType}, not the ${options.nodes} × ${options.nodeType} asked for; this tool does not resize (teardown and create it again, or resize it in the Redshift console).`,
			});
		}
		return {
			nodeType,
			nodes,
			securityGroupId: ready.VpcSecurityGroups?.[0]?.VpcSecurityGroupId ?? securityGroupId,
			...(sizeDiffers ? {sizeDiffers} : {}),
			clusterId: options.clusterId,
			address: ready.Endpoint!.Address!,
			port: ready.Endpoint!.Port ?? port,
			created,
			databaseName: ready.DBName ?? databaseName,
			masterUsername: ready.MasterUsername ?? masterUsername,
			...(ready.MasterPasswordSecretArn ? {masterPasswordSecretArn: ready.MasterPasswordSecretArn} : {}),
		};
	},
};

async function create(
	options: ClusterOptions & {securityGroupId: string},
	settings: {databaseName: string; masterUsername: string; port: number},
	sleep: Sleep,
	now: () => number,
	signal: AbortSignal,
): Promise<{cluster: Cluster; created: boolean}> {
	const request = new CreateClusterCommand({
		ClusterIdentifier: options.clusterId,
		NodeType: options.nodeType,
		// single-node takes no NumberOfNodes; multi-node requires it.
		...(options.nodes === 1 ? {ClusterType: 'single-node'} : {ClusterType: 'multi-node', NumberOfNodes: options.nodes}),
		DBName: settings.databaseName,
		MasterUsername: settings.masterUsername,
		// Secrets Manager keeps the admin password: the tool never sees, shows or logs one.
		ManageMasterPassword: true,
		IamRoles: [options.roleArn],
		DefaultIamRoleArn: options.roleArn,
		VpcSecurityGroupIds: [options.securityGroupId],
		PubliclyAccessible: options.publiclyAccessible,
		// The default now, but said out loud: an unencrypted cluster is never what we want.
		Encrypted: true,
		Port: settings.port,
		Tags: tagsFor(options.clusterId),
	});
	const giveUpAt = now() + 120_000;
	for (let attempt = 0; ; attempt++) {
		try {
			const cluster = (await options.clients.redshift.send(request)).Cluster;
			if (!cluster) throw new Error('CreateCluster returned no cluster');
			return {cluster, created: true};
		} catch (error) {
			if (awsErrorName(error) === 'ClusterAlreadyExistsFault') {
				// Made meanwhile by another run of ours: adopt it, as a re-run would.
				const existing = await findCluster(options.clients, options.clusterId);
				if (existing && isOurs(existing)) return {cluster: existing, created: false};
			}
			if (isRolePropagation(error) && now() < giveUpAt) {
				await sleep(Math.min(30_000, 2000 * 2 ** attempt), signal);
				continue;
			}
			throw translateAwsError(error, `creating the cluster ${options.clusterId}`);
		}
	}
}

/** Watches the cluster until it takes connections: available, its role in sync, an endpoint given. */
async function waitUntilReady(options: ClusterOptions, created: boolean, report: Report, signal: AbortSignal): Promise<Cluster> {
	const {clusterId} = options;
	const {cluster} = await watchCluster(
		{
			...options,
			maxWaitMs: options.maxWaitMs ?? 45 * 60_000,
			step: 'cluster',
			reached: (found) => found.ClusterStatus === 'available' && (found.IamRoles ?? []).every((role) => role.ApplyStatus === 'in-sync') && Boolean(found.Endpoint?.Address),
			// Real elapsed time: since AWS started creating it (a re-run picks up a cluster begun earlier).
			startedAt: (found, now) => {
				const createdAt = found.ClusterCreateTime instanceof Date ? found.ClusterCreateTime.getTime() : undefined;
				return createdAt !== undefined && createdAt <= now ? createdAt : undefined;
			},
			describe: (status, elapsed, first, ready) =>
				ready && !created && first
					? `${clusterId}: already available`
					: status === 'creating'
						? `${clusterId}: creating, ${formatDuration(elapsed)} so far (${typicalCreateText})`
						: `${clusterId}: ${status} after ${formatDuration(elapsed)}`,
			typicalMs: typicalCreateMs,
			notYet: '',
			carriesOn: `The cluster ${clusterId} keeps being created in AWS, and billed: run \`sparkify-dwh cluster\` to pick it up again, or \`sparkify-dwh teardown\` to delete it.`,
			timeoutHint: 'It keeps going in AWS: run `sparkify-dwh cluster` again later to pick it up.',
			// Paused is stuck for a cluster being waited on to take connections (a resume waits for it to pass).
			stuckHere: (status) => (status === 'paused' ? {reason: 'it is paused', hint: 'Resume it with `sparkify-dwh resume`, then run the step again.'} : undefined),
			stuckHint: "See the Redshift console for the cluster's events; `sparkify-dwh teardown` removes it.",
			gone: () =>
				new UserError(`The cluster ${clusterId} disappeared while it was being created.`, {
					hint: 'Check the Redshift console; run the step again to create it anew.',
					code: 'cluster_gone',
				}),
		},
		report,
		signal,
	);
	return cluster;
}
