// Teardown: deletes what this tool made for one cluster and nothing else, in an order AWS
// accepts — the cluster (no final snapshot unless asked), waiting until it is gone; then its
// security group (with its inbound rules); then its role's policy and the role. What belongs
// to the cluster is found from the cluster itself (its attached roles and VPC security
// groups) and from the names this tool gives them, and is deleted only when its tags say it
// was made for this cluster: another cluster's role or group is never touched. Anything
// already gone counts as done, so it is safe to run again after a failure or a Ctrl-C;
// anything of the same name that this tool did not make is left alone and said so.

import {DeleteClusterCommand, type Cluster} from '@aws-sdk/client-redshift';
import {DeleteSecurityGroupCommand, type SecurityGroup} from '@aws-sdk/client-ec2';
import {DeleteRoleCommand, DeleteRolePolicyCommand, type Role} from '@aws-sdk/client-iam';
import type {AwsClients} from '../aws/clients.js';
import {awsErrorName, translateAwsError} from '../aws/errors.js';
import {findCluster, findGroupsById, findGroupsByName, findRole} from '../aws/find.js';
import {belongsTo, clusterTagKey, isManagedByUs} from '../aws/tags.js';
import {CancelledError, isUserError, UserError} from '../core/errors.js';
import type {Report} from '../core/events.js';
import {trackProgress} from '../core/progress.js';
import type {PlannedAction, Step} from '../core/step.js';
import {cancelledAs, sleep as realSleep} from '../core/sleep.js';
import type {Waiting} from '../core/waiting.js';
import {rolePolicyName} from './role.js';

export type TeardownOptions = Waiting & {
	readonly clients: AwsClients;
	readonly clusterId: string;
	/** The role's name as this tool gives it (looked for even when the cluster is gone). */
	readonly roleName: string;
	/** The security group's name as this tool gives it. */
	readonly groupName: string;
	/** Keep a final snapshot of the cluster (it is billed as storage until deleted). */
	readonly snapshot?: boolean;
};

export type TeardownResult = {
	readonly deleted: readonly string[];
	readonly alreadyGone: readonly string[];
	/** Things of the same name that this tool did not make, or made for another cluster. */
	readonly leftAlone: readonly string[];
	readonly snapshotId?: string;
};

const gone = (error: unknown, ...names: string[]) => names.includes(awsErrorName(error));

/** The cluster's own groups and those of the conventional name (in any VPC), each once. */
async function findGroups(clients: AwsClients, ids: readonly string[], name: string): Promise<SecurityGroup[]> {
	const found = new Map<string, SecurityGroup>();
	for (const group of [...(await findGroupsById(clients, ids)), ...(await findGroupsByName(clients, name))]) found.set(group.GroupId!, group);
	return [...found.values()];
}

/** "arn:aws:iam::123:role/path/name" → "name". */
const roleNameOf = (arn: string) => arn.slice(arn.lastIndexOf('/') + 1);

type Verdict = 'delete' | 'not ours' | 'another cluster';

/**
 * Whose a resource is: made for this cluster (deleted), by someone else, or for another
 * cluster (both left alone). One made by an earlier version, before resources carried their
 * cluster's name, counts as this cluster's only under the name this tool gives it.
 */
function verdict(tags: ReadonlyArray<{Key?: string; Value?: string}> | undefined, clusterId: string, conventionalName: boolean): Verdict {
	if (!isManagedByUs(tags)) return 'not ours';
	if (belongsTo(tags, clusterId)) return 'delete';
	const owner = tags?.find((tag) => tag.Key === clusterTagKey)?.Value;
	return owner === undefined && conventionalName ? 'delete' : 'another cluster';
}

type Inventory = {
	cluster?: Cluster;
	groups: Array<{group: SecurityGroup; verdict: Verdict}>;
	roles: Array<{name: string; role?: Role; verdict?: Verdict}>;
};

/** Everything teardown would consider, found from the cluster and from the conventional names. */
async function inventory(options: TeardownOptions): Promise<Inventory> {
	const {clients, clusterId} = options;
	const cluster = await findCluster(clients, clusterId);
	const clusterIsOurs = cluster !== undefined && isManagedByUs(cluster.Tags);
	// Only an own cluster's attachments are followed: someone else's cluster is no guide.
	const groupIds = clusterIsOurs ? (cluster.VpcSecurityGroups ?? []).map((group) => group.VpcSecurityGroupId!).filter(Boolean) : [];
	const roleNames = new Set([options.roleName, ...(clusterIsOurs ? (cluster.IamRoles ?? []).map((role) => roleNameOf(role.IamRoleArn ?? '')).filter(Boolean) : [])]);
	const groups = (await findGroups(clients, groupIds, options.groupName)).map((group) => ({group, verdict: verdict(group.Tags, clusterId, group.GroupName === options.groupName)}));
	const roles = await Promise.all(
		[...roleNames].map(async (name) => {
			const role = await findRole(clients, name);
			return {name, ...(role ? {role, verdict: verdict(role.Tags, clusterId, name === options.roleName)} : {})};
		}),
	);
	return {...(cluster ? {cluster} : {}), groups, roles};
}

const leftAloneWhy = (verdict: Verdict | undefined) =>
	verdict === 'another cluster' ? 'made by sparkify-dwh for another cluster: left alone' : 'not made by sparkify-dwh: left alone';

function snapshotName(clusterId: string, now: Date): string {
	return `${clusterId}-final-${now.toISOString().replace(/[-:T]/g, '').slice(0, 12)}`;
}

export const teardownStep: Step<TeardownOptions, TeardownResult> = {
	id: 'teardown',
	title: 'Delete everything this tool made in AWS',
	async plan(_ctx, options) {
		const found = await inventory(options);
		const actions: PlannedAction[] = [];
		const clusterName = `Redshift cluster ${options.clusterId}`;
		if (!found.cluster) actions.push({action: 'read', resource: clusterName, detail: 'already gone'});
		else if (!isManagedByUs(found.cluster.Tags)) actions.push({action: 'read', resource: clusterName, detail: leftAloneWhy('not ours')});
		else
			actions.push({
				action: 'delete',
				resource: clusterName,
				detail: options.snapshot ? 'after a final snapshot (kept, billed as storage)' : 'no final snapshot: its data is lost',
			});
		if (found.groups.length === 0) actions.push({action: 'read', resource: `security group ${options.groupName}`, detail: 'already gone'});
		for (const {group, verdict: whose} of found.groups) {
			const resource = `security group ${group.GroupName} (${group.GroupId})`;
			actions.push(whose === 'delete' ? {action: 'delete', resource, detail: 'and its inbound rules'} : {action: 'read', resource, detail: leftAloneWhy(whose)});
		}
		for (const {name, role, verdict: whose} of found.roles) {
			const resource = `IAM role ${name}`;
			if (!role) actions.push({action: 'read', resource, detail: 'already gone'});
			else actions.push(whose === 'delete' ? {action: 'delete', resource, detail: `and its policy ${rolePolicyName}`} : {action: 'read', resource, detail: leftAloneWhy(whose)});
		}
		return {destructive: true, actions};
	},
	async run(ctx, options, report, signal) {
		const deleted: string[] = [];
		try {
			return await tearDown(ctx, options, report, signal, deleted);
		} catch (error) {
			// Part-way: say what is already gone, so the user knows what a re-run has left to do.
			if (deleted.length > 0 && isUserError(error)) {
				throw new UserError(`${error.message.replace(/\.$/, '')}. Already deleted: ${deleted.join(', ')}.`, {
					...(error.hint ? {hint: error.hint} : {}),
					code: error.code,
					cause: error,
				});
			}
			throw error;
		}
	},
};

async function tearDown(ctx: Parameters<typeof teardownStep.run>[0], options: TeardownOptions, report: Report, signal: AbortSignal, deleted: string[]): Promise<TeardownResult> {
	const alreadyGone: string[] = [];
	const leftAlone: string[] = [];
	const note = (message: string) => report({type: 'log', step: 'teardown', level: 'info', message});
	let snapshotId: string | undefined;
	const found = await inventory(options);

	// 1. The cluster, and wait until it is gone: its network interface holds the group.
	const clusterName = `Redshift cluster ${options.clusterId}`;
	if (!found.cluster) alreadyGone.push(clusterName);
	else if (!isManagedByUs(found.cluster.Tags)) leftAlone.push(clusterName);
	else {
		if (found.cluster.ClusterStatus !== 'deleting') {
			snapshotId = options.snapshot ? snapshotName(options.clusterId, new Date((options.now ?? Date.now)())) : undefined;
			await deleteCluster(options, snapshotId, note, signal);
		}
		await waitUntilClusterGone(options, report, signal);
		deleted.push(clusterName);
		ctx.log.write('info', `teardown: cluster ${options.clusterId} deleted`);
	}

	// 2. The cluster's own security groups (their rules go with them).
	if (found.groups.length === 0) alreadyGone.push(`security group ${options.groupName}`);
	for (const {group, verdict: whose} of found.groups) {
		const name = `security group ${group.GroupName} (${group.GroupId})`;
		if (whose !== 'delete') {
			leftAlone.push(name);
			continue;
		}
		if (await deleteGroup(options, group.GroupId!, signal)) deleted.push(name);
		else alreadyGone.push(name);
	}

	// 3. The cluster's own roles: the inline policy, then the role.
	for (const {name, role, verdict: whose} of found.roles) {
		const roleName = `IAM role ${name}`;
		if (!role) {
			alreadyGone.push(roleName);
			continue;
		}
		if (whose !== 'delete') {
			leftAlone.push(roleName);
			continue;
		}
		try {
			await options.clients.iam.send(new DeleteRolePolicyCommand({RoleName: name, PolicyName: rolePolicyName}));
		} catch (error) {
			if (!gone(error, 'NoSuchEntityException', 'NoSuchEntity')) throw translateAwsError(error, `removing the policy of ${name}`);
		}
		try {
			await options.clients.iam.send(new DeleteRoleCommand({RoleName: name}));
			deleted.push(roleName);
		} catch (error) {
			if (gone(error, 'NoSuchEntityException', 'NoSuchEntity')) alreadyGone.push(roleName);
			else if (awsErrorName(error) === 'DeleteConflictException') {
				throw new UserError(`The IAM role ${name} still has other policies attached, added outside this tool.`, {
					hint: 'Detach them in the IAM console, then run teardown again.',
					code: 'role_in_use',
					cause: error,
				});
			} else throw translateAwsError(error, `deleting the IAM role ${name}`);
		}
	}
	return {deleted: [...deleted], alreadyGone, leftAlone, ...(snapshotId ? {snapshotId} : {})};
}

async function deleteCluster(options: TeardownOptions, snapshotId: string | undefined, note: (message: string) => void, signal: AbortSignal) {
	const sleep = options.sleep ?? realSleep;
	const now = options.now ?? Date.now;
	const giveUpAt = now() + (options.maxWaitMs ?? 45 * 60_000);
	for (;;) {
		try {
			await options.clients.redshift.send(
				new DeleteClusterCommand({
					ClusterIdentifier: options.clusterId,
					...(snapshotId ? {SkipFinalClusterSnapshot: false, FinalClusterSnapshotIdentifier: snapshotId} : {SkipFinalClusterSnapshot: true}),
				}),
			);
			note(`Deleting the cluster ${options.clusterId}${snapshotId ? ` (final snapshot ${snapshotId})` : ''}`);
			return;
		} catch (error) {
			if (gone(error, 'ClusterNotFoundFault')) return;
			// A cluster still being created or modified cannot be deleted yet: wait for it.
			if (awsErrorName(error) === 'InvalidClusterStateFault' && now() < giveUpAt) {
				note(`The cluster ${options.clusterId} is busy; waiting to delete it`);
				await sleep(options.pollMs ?? 10_000, signal).catch(
					cancelledAs(() => new CancelledError(`Stopped before deleting the cluster ${options.clusterId}: it still exists, and is billed. Run \`sparkify-dwh teardown\` again.`)),
				);
				continue;
			}
			throw translateAwsError(error, `deleting the cluster ${options.clusterId}`);
		}
	}
}

async function waitUntilClusterGone(options: TeardownOptions, report: Report, signal: AbortSignal) {
	const sleep = options.sleep ?? realSleep;
	const now = options.now ?? Date.now;
	const startedAt = now();
	const progress = trackProgress(report, 'teardown', options.clusterId, 'seconds', {intervalMs: 0, now});
	const stopped = () => {
		progress.finish('failed');
		return new CancelledError(`Stopped watching. AWS goes on deleting the cluster ${options.clusterId}; run \`sparkify-dwh teardown\` again to remove the rest.`);
	};
	for (;;) {
		const cluster = await findCluster(options.clients, options.clusterId);
		const elapsed = now() - startedAt;
		if (!cluster) {
			progress.finish('done', {seconds: {done: Math.round(elapsed / 1000), total: Math.round(elapsed / 1000)}});
			return;
		}
		if (signal.aborted) throw stopped();
		if (elapsed > (options.maxWaitMs ?? 45 * 60_000)) {
			progress.finish('failed');
			throw new UserError(`The cluster ${options.clusterId} is still "${cluster.ClusterStatus}" after waiting.`, {hint: 'Run teardown again later.', code: 'teardown_timeout'});
		}
		progress.update({seconds: {done: Math.round(elapsed / 1000), total: null}});
		await sleep(options.pollMs ?? 10_000, signal).catch(cancelledAs(stopped));
	}
}

/** True when it deleted the group, false when it was already gone. */
async function deleteGroup(options: TeardownOptions, groupId: string, signal: AbortSignal): Promise<boolean> {
	const sleep = options.sleep ?? realSleep;
	// The deleted cluster's network interface lingers for a minute or two.
	for (let attempt = 0; ; attempt++) {
		try {
			await options.clients.ec2.send(new DeleteSecurityGroupCommand({GroupId: groupId}));
			return true;
		} catch (error) {
			if (gone(error, 'InvalidGroup.NotFound', 'InvalidGroupId.NotFound')) return false;
			if (awsErrorName(error) === 'DependencyViolation' && attempt < 12) {
				await sleep(options.pollMs ?? 10_000, signal).catch(
					cancelledAs(() => new CancelledError(`Stopped before deleting the security group ${groupId}: run \`sparkify-dwh teardown\` again to remove it.`)),
				);
				continue;
			}
			if (awsErrorName(error) === 'DependencyViolation') {
				throw new UserError(`The security group ${groupId} is still in use by something else.`, {
					hint: 'See which network interfaces use it in the EC2 console; run teardown again once they are gone.',
					code: 'group_in_use',
					cause: error,
				});
			}
			throw translateAwsError(error, `deleting the security group ${groupId}`);
		}
	}
}
