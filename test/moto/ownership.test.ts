// Each cluster owns its resources, against moto: two clusters side by side, torn down one at
// a time, each teardown touching only its own cluster, group and role; and things of the
// same names that someone else made (untagged) left alone and reported as such.

import assert from 'node:assert/strict';
import {after, before, describe, test} from 'node:test';
import {CreateSecurityGroupCommand, DescribeSecurityGroupsCommand, DescribeVpcsCommand} from '@aws-sdk/client-ec2';
import {CreateRoleCommand, GetRoleCommand} from '@aws-sdk/client-iam';
import {CreateClusterCommand, DescribeClustersCommand} from '@aws-sdk/client-redshift';
import {awsClients} from '../../source/aws/clients.js';
import type {CommandName} from '../../source/commands/registry.js';
import {runAws} from '../support/command.js';
import {UserError} from '../../source/core/errors.js';
import type {Plan} from '../../source/core/step.js';
import {planFrom, type LazyPlan} from '../../source/core/front-end.js';
import {noLog} from '../../source/core/log.js';
import {homePaths} from '../../source/core/paths.js';
import {trustPolicy} from '../../source/steps/role.js';
import {recordingFrontEnd} from '../support/front-end.js';
import {startMoto, type Moto} from '../support/moto.js';
import {makeTempDir} from '../support/tmp.js';

describe('each cluster owns its resources (moto)', () => {
	let moto: Moto;
	let home: string;
	const signal = new AbortController().signal;
	before(async () => {
		moto = await startMoto();
		home = makeTempDir('aws-moto-owners');
	});
	after(() => moto?.stop());

	const run = async (command: CommandName, argv: string[] = [], frontEnd = recordingFrontEnd()) => {
		const ctx = {paths: homePaths({SPARKIFY_DWH_HOME: home}), log: noLog, env: moto.env};
		const code = await runAws([command, ...argv], ctx, frontEnd, signal);
		return {code, outcome: frontEnd.outcomes.at(-1)!};
	};
	const clients = () => awsClients({region: 'us-west-2', env: moto.env});
	const clusterExists = async (id: string) => {
		try {
			return ((await clients().redshift.send(new DescribeClustersCommand({ClusterIdentifier: id}))).Clusters ?? []).length > 0;
		} catch {
			return false;
		}
	};
	const roleExists = async (name: string) => {
		try {
			return Boolean((await clients().iam.send(new GetRoleCommand({RoleName: name}))).Role);
		} catch {
			return false;
		}
	};
	const groupExists = async (name: string) =>
		((await clients().ec2.send(new DescribeSecurityGroupsCommand({Filters: [{Name: 'group-name', Values: [name]}]}))).SecurityGroups ?? []).length > 0;

	test('two clusters side by side, torn down one at a time: each teardown deletes only its own', async () => {
		for (const id of ['sparkify-dwh', 'beta']) {
			for (const command of ['role', 'cluster', 'network'] as const) {
				const {code} = await run(command, ['--cluster-id', id, '--yes', ...(command === 'network' ? ['--cidr', '198.51.100.23/32'] : [])]);
				assert.equal(code, 0, `${command} ${id}`);
			}
		}
		const teardown = await run('teardown', ['--cluster-id', 'sparkify-dwh', '--confirm', 'sparkify-dwh']);
		assert.equal(teardown.code, 0);
		const deleted = (teardown.outcome.data.deleted as string[]).join('; ');
		assert.doesNotMatch(deleted, /beta/, 'nothing of beta in what was deleted');
		assert.deepEqual([await clusterExists('sparkify-dwh'), await groupExists('sparkify-dwh-access'), await roleExists('sparkify-dwh-s3-read')], [false, false, false]);
		assert.deepEqual([await clusterExists('beta'), await groupExists('beta-access'), await roleExists('beta-s3-read')], [true, true, true], 'beta keeps all it had');

		const second = await run('teardown', ['--cluster-id', 'beta', '--confirm', 'beta']);
		assert.equal(second.code, 0);
		assert.deepEqual([await clusterExists('beta'), await groupExists('beta-access'), await roleExists('beta-s3-read')], [false, false, false]);
	});

	test('`cluster` before `role`: the role is in the plan, and nothing at all is made until it is confirmed', async () => {
		const plans: Plan[] = [];
		const declining = {
			...recordingFrontEnd({confirm: false}),
			confirm: async (_question: string, plan: LazyPlan) => {
				plans.push(await planFrom(plan));
				return false;
			},
		};
		const declined = await run('cluster', ['--cluster-id', 'gamma'], declining);
		assert.equal(declined.code, 4, 'declining is not an interruption');
		assert.deepEqual(
			plans[0]!.actions.map((action) => `${action.action} ${action.resource}`),
			['create IAM role gamma-s3-read', 'create inline policy sparkify-dwh-read-source', 'create security group gamma-access', 'create Redshift cluster gamma'],
		);
		assert.deepEqual([await roleExists('gamma-s3-read'), await groupExists('gamma-access'), await clusterExists('gamma')], [false, false, false]);
		assert.equal((await run('cluster', ['--cluster-id', 'gamma', '--yes'])).code, 0);
		assert.deepEqual([await roleExists('gamma-s3-read'), await groupExists('gamma-access'), await clusterExists('gamma')], [true, true, true]);
		assert.equal((await run('teardown', ['--cluster-id', 'gamma', '--confirm', 'gamma'])).code, 0);
	});

	test("someone else's cluster, group and role of the same names are left alone, and said so", async () => {
		const {Vpcs} = await clients().ec2.send(new DescribeVpcsCommand({Filters: [{Name: 'is-default', Values: ['true']}]}));
		await clients().ec2.send(new CreateSecurityGroupCommand({GroupName: 'other-access', Description: 'not ours', VpcId: Vpcs![0]!.VpcId!}));
		await clients().iam.send(new CreateRoleCommand({RoleName: 'other-s3-read', AssumeRolePolicyDocument: trustPolicy()}));
		await clients().redshift.send(
			new CreateClusterCommand({ClusterIdentifier: 'other', NodeType: 'ra3.large', ClusterType: 'single-node', MasterUsername: 'admin', MasterUserPassword: 'Password123'}),
		);

		const plan = await run('teardown', ['--cluster-id', 'other', '--confirm', 'other']);
		assert.equal(plan.code, 0);
		assert.deepEqual(plan.outcome.data.deleted, []);
		assert.deepEqual(plan.outcome.data.alreadyGone, []);
		assert.equal((plan.outcome.data.leftAlone as string[]).length, 3, JSON.stringify(plan.outcome.data));
		assert.doesNotMatch(plan.outcome.summary.join('\n'), /already gone/);
		assert.match(plan.outcome.summary.join('\n'), /left alone \(not made by sparkify-dwh for other\): IAM role other-s3-read/);
		assert.deepEqual([await clusterExists('other'), await groupExists('other-access'), await roleExists('other-s3-read')], [true, true, true]);

		await assert.rejects(run('role', ['--cluster-id', 'other']), (error: unknown) => error instanceof UserError && error.code === 'role_not_ours');
		await assert.rejects(
			run('network', ['--cluster-id', 'other', '--cidr', '198.51.100.23/32']),
			(error: unknown) => error instanceof UserError && error.code === 'cluster_not_ours',
		);
	});
});
