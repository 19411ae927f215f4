// Teardown: deletes what this tool made and nothing else, in an order AWS accepts — the
// cluster (no final snapshot unless asked), waiting until it is gone; then its inbound rule
// and security group; then the role's policy and the role. Anything already gone counts
// as done, so it is safe to run again after a failure or a Ctrl-C; anything of the same
// name that this tool did not make is left alone and said so.

import {DeleteClusterCommand, DescribeClustersCommand, type Cluster} from '@aws-sdk/client-redshift';
import {DeleteSecurityGroupCommand, DescribeSecurityGroupsCommand, RevokeSecurityGroupIngressCommand, type SecurityGroup} from '@aws-sdk/client-ec2';
import {DeleteRoleCommand, DeleteRolePolicyCommand, GetRoleCommand, type Role} from '@aws-sdk/client-iam';
import type {AwsClients} from '../aws/clients.js';
import {awsErrorName, translateAwsError} from '../aws/errors.js';
import {isManagedByUs} from '../aws/tags.js';
import {CancelledError, UserError} from '../core/errors.js';
import type {Report} from '../core/events.js';
import {trackProgress} from '../core/progress.js';
import type {PlannedAction, Step} from '../core/step.js';
import {delay, type Waiting} from '../core/waiting.js';
import {rolePolicyName} from './role.js';

export type TeardownOptions = Waiting & {
	readonly clients: AwsClients;
	readonly clusterId: string;
	readonly roleName: string;
	/** The security group's name (found by name when its id is not known). */
	readonly groupName: string;
	readonly securityGroupId?: string;
	readonly ingressRuleId?: string;
	/** Keep a final snapshot of the cluster (it is billed as storage until deleted). */
	readonly snapshot?: boolean;
};

export type TeardownResult = {
	readonly deleted: readonly string[];
	readonly alreadyGone: readonly string[];
	/** Things of the same name that this tool did not make. */
	readonly leftAlone: readonly string[];
	readonly snapshotId?: string;
};

const gone = (error: unknown, ...names: string[]) => names.includes(awsErrorName(error));

async function findCluster(clients: AwsClients, clusterId: string): Promise<Cluster | undefined> {
	try {
		return (await clients.redshift.send(new DescribeClustersCommand({ClusterIdentifier: clusterId}))).Clusters?.[0];
	} catch (error) {
		if (gone(error, 'ClusterNotFoundFault')) return undefined;
		throw translateAwsError(error, `looking for the cluster ${clusterId}`);
	}
}

async function findGroup(clients: AwsClients, options: TeardownOptions): Promise<SecurityGroup | undefined> {
	try {
		const {SecurityGroups} = await clients.ec2.send(
			new DescribeSecurityGroupsCommand(
				options.securityGroupId ? {GroupIds: [options.securityGroupId]} : {Filters: [{Name: 'group-name', Values: [options.groupName]}]},
			),
		);
		return SecurityGroups?.[0];
	} catch (error) {
		if (gone(error, 'InvalidGroup.NotFound', 'InvalidGroupId.NotFound')) return undefined;
		throw translateAwsError(error, `looking for the security group ${options.groupName}`);
	}
}

async function findRole(clients: AwsClients, roleName: string): Promise<Role | undefined> {
	try {
		return (await clients.iam.send(new GetRoleCommand({RoleName: roleName}))).Role;
	} catch (error) {
		if (gone(error, 'NoSuchEntityException', 'NoSuchEntity')) return undefined;
		throw translateAwsError(error, `looking for the IAM role ${roleName}`);
	}
}

function snapshotName(clusterId: string, now: Date): string {
	return `${clusterId}-final-${now.toISOString().replace(/[-:T]/g, '').slice(0, 12)}`;
}

export const teardownStep: Step<TeardownOptions, TeardownResult> = {
	id: 'teardown',
	title: 'Delete everything this tool made in AWS',
	async plan(_ctx, options) {
		const [cluster, group, role] = await Promise.all([
			findCluster(options.clients, options.clusterId),
			findGroup(options.clients, options),
			findRole(options.clients, options.roleName),
		]);
		const actions: PlannedAction[] = [];
		const describe = (found: {Tags?: Array<{Key?: string; Value?: string}>} | undefined, resource: string, detail: string) => {
			if (!found) actions.push({action: 'read', resource, detail: 'already gone'});
			else if (!isManagedByUs(found.Tags)) actions.push({action: 'read', resource, detail: 'not made by sparkify-dwh: left alone'});
			else actions.push({action: 'delete', resource, detail});
		};
		describe(cluster, `Redshift cluster ${options.clusterId}`, options.snapshot ? 'after a final snapshot (kept, billed as storage)' : 'no final snapshot: its data is lost');
		describe(group, `security group ${options.groupName}`, `${group?.GroupId ?? ''} and its inbound rule`.trim());
		describe(role, `IAM role ${options.roleName}`, `and its policy ${rolePolicyName}`);
		return {destructive: true, actions};
	},
	async run(ctx, options, report, signal) {
		const deleted: string[] = [];
		const alreadyGone: string[] = [];
		const leftAlone: string[] = [];
		const note = (message: string) => report({type: 'log', step: 'teardown', level: 'info', message});
		let snapshotId: string | undefined;

		// 1. The cluster, and wait until it is gone: its network interface holds the group.
		const cluster = await findCluster(options.clients, options.clusterId);
		const clusterName = `Redshift cluster ${options.clusterId}`;
		if (!cluster) alreadyGone.push(clusterName);
		else if (!isManagedByUs(cluster.Tags)) leftAlone.push(clusterName);
		else {
			if (cluster.ClusterStatus !== 'deleting') {
				snapshotId = options.snapshot ? snapshotName(options.clusterId, new Date((options.now ?? Date.now)())) : undefined;
				await deleteCluster(options, snapshotId, note, signal);
			}
			await waitUntilClusterGone(options, report, signal);
			deleted.push(clusterName);
			ctx.log.write('info', `teardown: cluster ${options.clusterId} deleted`);
		}

		// 2. The inbound rule, then the group (only ours).
		const group = await findGroup(options.clients, options);
		const groupName = `security group ${options.groupName}`;
		if (!group?.GroupId) alreadyGone.push(groupName);
		else if (!isManagedByUs(group.Tags)) leftAlone.push(groupName);
		else {
			if (options.ingressRuleId) {
				try {
					await options.clients.ec2.send(new RevokeSecurityGroupIngressCommand({GroupId: group.GroupId, SecurityGroupRuleIds: [options.ingressRuleId]}));
				} catch (error) {
					if (!gone(error, 'InvalidPermission.NotFound', 'InvalidSecurityGroupRuleId.NotFound', 'InvalidGroup.NotFound')) {
						throw translateAwsError(error, `removing the inbound rule ${options.ingressRuleId}`);
					}
				}
			}
			await deleteGroup(options, group.GroupId, signal);
			deleted.push(groupName);
		}

		// 3. The role's policy, then the role (only ours).
		const role = await findRole(options.clients, options.roleName);
		const roleName = `IAM role ${options.roleName}`;
		if (!role) alreadyGone.push(roleName);
		else if (!isManagedByUs(role.Tags)) leftAlone.push(roleName);
		else {
			try {
				await options.clients.iam.send(new DeleteRolePolicyCommand({RoleName: options.roleName, PolicyName: rolePolicyName}));
			} catch (error) {
				if (!gone(error, 'NoSuchEntityException', 'NoSuchEntity')) throw translateAwsError(error, `removing the policy of ${options.roleName}`);
			}
			try {
				await options.clients.iam.send(new DeleteRoleCommand({RoleName: options.roleName}));
				deleted.push(roleName);
			} catch (error) {
				if (gone(error, 'NoSuchEntityException', 'NoSuchEntity')) alreadyGone.push(roleName);
				else if (awsErrorName(error) === 'DeleteConflictException') {
					throw new UserError(`The IAM role ${options.roleName} still has other policies attached, added outside this tool.`, {
						hint: 'Detach them in the IAM console, then run teardown again.',
						code: 'role_in_use',
						cause: error,
					});
				} else throw translateAwsError(error, `deleting the IAM role ${options.roleName}`);
			}
		}
		return {deleted, alreadyGone, leftAlone, ...(snapshotId ? {snapshotId} : {})};
	},
};

async function deleteCluster(options: TeardownOptions, snapshotId: string | undefined, note: (message: string) => void, signal: AbortSignal) {
	const sleep = options.sleep ?? delay;
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
				if (signal.aborted) throw new CancelledError(`Stopped before deleting the cluster ${options.clusterId}: it still exists, and is billed. Run \`sparkify-dwh teardown\` again.`);
				await sleep(options.pollMs ?? 10_000);
				continue;
			}
			throw translateAwsError(error, `deleting the cluster ${options.clusterId}`);
		}
	}
}

async function waitUntilClusterGone(options: TeardownOptions, report: Report, signal: AbortSignal) {
	const sleep = options.sleep ?? delay;
	const now = options.now ?? Date.now;
	const startedAt = now();
	const progress = trackProgress(report, 'teardown', options.clusterId, 'seconds', {intervalMs: 0, now});
	for (;;) {
		const cluster = await findCluster(options.clients, options.clusterId);
		const elapsed = now() - startedAt;
		if (!cluster) {
			progress.finish('done', {seconds: {done: Math.round(elapsed / 1000), total: Math.round(elapsed / 1000)}});
			return;
		}
		if (signal.aborted) {
			progress.finish('failed');
			throw new CancelledError(`Stopped watching. AWS goes on deleting the cluster ${options.clusterId}; run \`sparkify-dwh teardown\` again to remove the rest.`);
		}
		if (elapsed > (options.maxWaitMs ?? 45 * 60_000)) {
			progress.finish('failed');
			throw new UserError(`The cluster ${options.clusterId} is still "${cluster.ClusterStatus}" after waiting.`, {hint: 'Run teardown again later.', code: 'teardown_timeout'});
		}
		progress.update({seconds: {done: Math.round(elapsed / 1000), total: null}});
		await sleep(options.pollMs ?? 10_000);
	}
}

async function deleteGroup(options: TeardownOptions, groupId: string, signal: AbortSignal) {
	const sleep = options.sleep ?? delay;
	// The deleted cluster's network interface lingers for a minute or two.
	for (let attempt = 0; ; attempt++) {
		try {
			await options.clients.ec2.send(new DeleteSecurityGroupCommand({GroupId: groupId}));
			return;
		} catch (error) {
			if (gone(error, 'InvalidGroup.NotFound', 'InvalidGroupId.NotFound')) return;
			if (awsErrorName(error) === 'DependencyViolation' && attempt < 12 && !signal.aborted) {
				await sleep(options.pollMs ?? 10_000);
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
