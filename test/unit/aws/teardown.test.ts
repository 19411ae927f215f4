import assert from 'node:assert/strict';
import {afterEach, describe, test} from 'node:test';
import {DeleteSecurityGroupCommand, DescribeSecurityGroupsCommand, EC2Client, RevokeSecurityGroupIngressCommand} from '@aws-sdk/client-ec2';
import {DeleteRoleCommand, DeleteRolePolicyCommand, GetRoleCommand, IAMClient} from '@aws-sdk/client-iam';
import {DeleteClusterCommand, DescribeClustersCommand, RedshiftClient} from '@aws-sdk/client-redshift';
import {mockClient} from 'aws-sdk-client-mock';
import {awsClients} from '../../../source/aws/clients.js';
import {CancelledError, UserError} from '../../../source/core/errors.js';
import {noLog} from '../../../source/core/log.js';
import {homePaths} from '../../../source/core/paths.js';
import {teardownStep, type TeardownOptions} from '../../../source/steps/teardown.js';

const ctx = {paths: homePaths({SPARKIFY_DWH_HOME: '/tmp/unused'}), log: noLog, env: {}};
const ours = [
	{Key: 'managed-by', Value: 'sparkify-dwh'},
	{Key: 'sparkify-dwh:cluster', Value: 'sparkify'},
];
const beta = [
	{Key: 'managed-by', Value: 'sparkify-dwh'},
	{Key: 'sparkify-dwh:cluster', Value: 'beta'},
];
const attached = {VpcSecurityGroups: [{VpcSecurityGroupId: 'sg-1'}], IamRoles: [{IamRoleArn: 'arn:aws:iam::1:role/sparkify-s3-read'}]};
const named = (name: string, message = name) => Object.assign(new Error(message), {name});

function options(overrides: Partial<TeardownOptions> = {}): TeardownOptions {
	let time = 0;
	return {
		clients: awsClients({region: 'us-west-2', env: {}}),
		clusterId: 'sparkify',
		roleName: 'sparkify-s3-read',
		groupName: 'sparkify-access',
		pollMs: 1000,
		now: () => time,
		sleep: async (ms) => void (time += ms),
		...overrides,
	};
}

describe('teardown', () => {
	const redshift = mockClient(RedshiftClient);
	const ec2 = mockClient(EC2Client);
	const iam = mockClient(IAMClient);
	afterEach(() => {
		redshift.reset();
		ec2.reset();
		iam.reset();
	});

	test('deletes cluster → waits until gone → group (with its rules) → policy and role, in that order', async () => {
		const order: string[] = [];
		redshift
			.on(DescribeClustersCommand)
			.resolvesOnce({Clusters: [{ClusterIdentifier: 'sparkify', ClusterStatus: 'available', Tags: ours, ...attached}]})
			.resolvesOnce({Clusters: [{ClusterIdentifier: 'sparkify', ClusterStatus: 'deleting', Tags: ours}]})
			.rejects(named('ClusterNotFoundFault'));
		redshift.on(DeleteClusterCommand).callsFake(() => void order.push('cluster'));
		ec2.on(DescribeSecurityGroupsCommand).resolves({SecurityGroups: [{GroupId: 'sg-1', GroupName: 'sparkify-access', Tags: ours}]});
		ec2.on(RevokeSecurityGroupIngressCommand).callsFake(() => void order.push('rule'));
		// The cluster's network interface lingers a little after the cluster is gone.
		ec2
			.on(DeleteSecurityGroupCommand)
			.rejectsOnce(named('DependencyViolation'))
			.callsFake(() => void order.push('group'));
		iam
			.on(GetRoleCommand)
			.resolves({Role: {RoleName: 'sparkify-s3-read', Arn: 'arn:aws:iam::1:role/sparkify-s3-read', Path: '/', RoleId: 'r', CreateDate: new Date(), Tags: ours}});
		iam.on(DeleteRolePolicyCommand).callsFake(() => void order.push('policy'));
		iam.on(DeleteRoleCommand).callsFake(() => void order.push('role'));

		const result = await teardownStep.run(ctx, options(), () => {}, new AbortController().signal);
		assert.deepEqual(order, ['cluster', 'group', 'policy', 'role']);
		assert.deepEqual(redshift.commandCalls(DeleteClusterCommand)[0]!.args[0].input, {ClusterIdentifier: 'sparkify', SkipFinalClusterSnapshot: true});
		assert.equal(ec2.commandCalls(RevokeSecurityGroupIngressCommand).length, 0, 'the rules go with the group');
		assert.deepEqual(iam.commandCalls(DeleteRolePolicyCommand)[0]!.args[0].input, {RoleName: 'sparkify-s3-read', PolicyName: 'sparkify-dwh-read-source'});
		assert.deepEqual(result.deleted, ['Redshift cluster sparkify', 'security group sparkify-access (sg-1)', 'IAM role sparkify-s3-read']);
		assert.deepEqual(result.alreadyGone, []);
	});

	test("another cluster's role and group are never touched, even when this cluster uses them", async () => {
		// beta's group and role attached to this cluster (as settings once carried them across).
		// Every look at the cluster (before and after the delete) finds it with beta's group and role.
		redshift.on(DescribeClustersCommand).resolves({
			Clusters: [
				{
					ClusterIdentifier: 'sparkify',
					ClusterStatus: 'available',
					Tags: ours,
					VpcSecurityGroups: [{VpcSecurityGroupId: 'sg-beta'}],
					IamRoles: [{IamRoleArn: 'arn:aws:iam::1:role/beta-s3-read'}],
				},
			],
		});
		ec2.on(DescribeSecurityGroupsCommand, {GroupIds: ['sg-beta']}).resolves({SecurityGroups: [{GroupId: 'sg-beta', GroupName: 'beta-access', Tags: beta}]});
		ec2.on(DescribeSecurityGroupsCommand, {Filters: [{Name: 'group-name', Values: ['sparkify-access']}]}).resolves({SecurityGroups: []});
		iam
			.on(GetRoleCommand, {RoleName: 'beta-s3-read'})
			.resolves({Role: {RoleName: 'beta-s3-read', Arn: 'arn:aws:iam::1:role/beta-s3-read', Path: '/', RoleId: 'b', CreateDate: new Date(), Tags: beta}});
		iam.on(GetRoleCommand, {RoleName: 'sparkify-s3-read'}).rejects(named('NoSuchEntityException'));
		const plan = await teardownStep.plan(ctx, options());
		assert.deepEqual(
			plan.actions.filter((action) => action.action === 'delete').map((action) => action.resource),
			['Redshift cluster sparkify'],
			'the plan names exactly what goes',
		);
		assert.ok(plan.actions.some((action) => action.resource === 'IAM role beta-s3-read' && /for another cluster: left alone/.test(action.detail ?? '')));
	});

	test('AccessDenied part-way says what was already deleted', async () => {
		redshift
			.on(DescribeClustersCommand)
			.resolvesOnce({Clusters: [{ClusterIdentifier: 'sparkify', ClusterStatus: 'available', Tags: ours, ...attached}]})
			.rejects(named('ClusterNotFoundFault'));
		ec2.on(DescribeSecurityGroupsCommand).resolves({SecurityGroups: [{GroupId: 'sg-1', GroupName: 'sparkify-access', Tags: ours}]});
		ec2.on(DeleteSecurityGroupCommand).rejects(named('UnauthorizedOperation', 'You are not authorized to perform this operation.'));
		iam.on(GetRoleCommand).rejects(named('NoSuchEntityException'));
		await assert.rejects(
			teardownStep.run(ctx, options(), () => {}, new AbortController().signal),
			(error: unknown) => {
				return (
					error instanceof UserError &&
					/^AWS denied the request while deleting the security group sg-1.*Already deleted: Redshift cluster sparkify\.$/.test(error.message) &&
					Boolean(error.hint)
				);
			},
		);
	});

	test('a final snapshot only when asked, named after the cluster and the time', async () => {
		redshift
			.on(DescribeClustersCommand)
			.resolvesOnce({Clusters: [{ClusterIdentifier: 'sparkify', ClusterStatus: 'available', Tags: ours}]})
			.rejects(named('ClusterNotFoundFault'));
		ec2.on(DescribeSecurityGroupsCommand).resolves({SecurityGroups: []});
		iam.on(GetRoleCommand).rejects(named('NoSuchEntityException'));
		const at = Date.parse('2026-11-25T14:30:00Z');
		const result = await teardownStep.run(ctx, options({snapshot: true, now: () => at}), () => {}, new AbortController().signal);
		assert.deepEqual(redshift.commandCalls(DeleteClusterCommand)[0]!.args[0].input, {
			ClusterIdentifier: 'sparkify',
			SkipFinalClusterSnapshot: false,
			FinalClusterSnapshotIdentifier: 'sparkify-final-202611251430',
		});
		assert.equal(result.snapshotId, 'sparkify-final-202611251430');
	});

	test('safe to re-run: whatever is already gone counts as done, and nothing is deleted twice', async () => {
		redshift.on(DescribeClustersCommand).rejects(named('ClusterNotFoundFault'));
		ec2.on(DescribeSecurityGroupsCommand).rejects(named('InvalidGroup.NotFound'));
		iam.on(GetRoleCommand).resolves({Role: {RoleName: 'sparkify-s3-read', Arn: 'arn', Path: '/', RoleId: 'r', CreateDate: new Date(), Tags: ours}});
		iam.on(DeleteRolePolicyCommand).rejects(named('NoSuchEntityException'));
		const result = await teardownStep.run(ctx, options(), () => {}, new AbortController().signal);
		assert.equal(redshift.commandCalls(DeleteClusterCommand).length, 0);
		assert.equal(ec2.commandCalls(DeleteSecurityGroupCommand).length, 0);
		assert.equal(iam.commandCalls(DeleteRoleCommand).length, 1);
		assert.deepEqual(result.alreadyGone, ['Redshift cluster sparkify', 'security group sparkify-access']);
		assert.deepEqual(result.deleted, ['IAM role sparkify-s3-read']);
	});

	test('things of the same name that the tool did not make are left alone', async () => {
		redshift.on(DescribeClustersCommand).resolves({Clusters: [{ClusterIdentifier: 'sparkify', ClusterStatus: 'available', Tags: [{Key: 'team', Value: 'finance'}]}]});
		ec2.on(DescribeSecurityGroupsCommand).resolves({SecurityGroups: [{GroupId: 'sg-1', GroupName: 'sparkify-access', Tags: []}]});
		iam.on(GetRoleCommand).resolves({Role: {RoleName: 'sparkify-s3-read', Arn: 'arn', Path: '/', RoleId: 'r', CreateDate: new Date()}});
		const plan = await teardownStep.plan(ctx, options());
		assert.ok(
			plan.actions.every((action) => action.action !== 'delete'),
			JSON.stringify(plan.actions),
		);
		const result = await teardownStep.run(ctx, options(), () => {}, new AbortController().signal);
		assert.equal(redshift.commandCalls(DeleteClusterCommand).length + ec2.commandCalls(DeleteSecurityGroupCommand).length + iam.commandCalls(DeleteRoleCommand).length, 0);
		assert.equal(result.leftAlone.length, 3);
	});

	test('a cluster still being created is deleted once AWS allows it', async () => {
		redshift
			.on(DescribeClustersCommand)
			.resolvesOnce({Clusters: [{ClusterIdentifier: 'sparkify', ClusterStatus: 'creating', Tags: ours}]})
			.rejects(named('ClusterNotFoundFault'));
		redshift.on(DeleteClusterCommand).rejectsOnce(named('InvalidClusterStateFault')).resolves({});
		ec2.on(DescribeSecurityGroupsCommand).resolves({SecurityGroups: []});
		iam.on(GetRoleCommand).rejects(named('NoSuchEntityException'));
		const result = await teardownStep.run(ctx, options(), () => {}, new AbortController().signal);
		assert.equal(redshift.commandCalls(DeleteClusterCommand).length, 2);
		assert.deepEqual(result.deleted, ['Redshift cluster sparkify']);
	});

	test('cancelled while AWS deletes the cluster: says the deletion goes on, and stops there', async () => {
		const controller = new AbortController();
		redshift.on(DescribeClustersCommand).resolves({Clusters: [{ClusterIdentifier: 'sparkify', ClusterStatus: 'deleting', Tags: ours}]});
		ec2.on(DescribeSecurityGroupsCommand).resolves({SecurityGroups: []});
		iam.on(GetRoleCommand).rejects(named('NoSuchEntityException'));
		let sleeps = 0;
		const sleep = async () => {
			if (++sleeps === 2) controller.abort();
		};
		await assert.rejects(
			teardownStep.run(ctx, options({sleep}), () => {}, controller.signal),
			(error: unknown) => error instanceof CancelledError && /goes on deleting the cluster sparkify/.test(error.message),
		);
		assert.equal(redshift.commandCalls(DeleteClusterCommand).length, 0, 'a cluster already deleting is not deleted again');
		assert.equal(ec2.commandCalls(DeleteSecurityGroupCommand).length, 0);
	});
});
