// The AWS commands end to end over mocked AWS: each remembers what it made, the next one
// picks it up without flags, and teardown removes exactly what was remembered.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import {afterEach, describe, test} from 'node:test';
import {AuthorizeSecurityGroupIngressCommand, CreateSecurityGroupCommand, DeleteSecurityGroupCommand, DescribeSecurityGroupRulesCommand, DescribeSecurityGroupsCommand, DescribeVpcsCommand, EC2Client, RevokeSecurityGroupIngressCommand} from '@aws-sdk/client-ec2';
import {CreateRoleCommand, DeleteRoleCommand, DeleteRolePolicyCommand, GetRoleCommand, IAMClient, PutRolePolicyCommand} from '@aws-sdk/client-iam';
import {GetProductsCommand, PricingClient} from '@aws-sdk/client-pricing';
import {CreateClusterCommand, DeleteClusterCommand, DescribeClustersCommand, DescribeOrderableClusterOptionsCommand, RedshiftClient, type Cluster} from '@aws-sdk/client-redshift';
import {GetCallerIdentityCommand, STSClient} from '@aws-sdk/client-sts';
import {mockClient} from 'aws-sdk-client-mock';
import {parseCommandLine} from '../../../source/cli/args.js';
import {awsCommand, type AwsCommandName} from '../../../source/commands/aws.js';
import {openSettings} from '../../../source/config/settings.js';
import {UserError} from '../../../source/core/errors.js';
import {noLog} from '../../../source/core/log.js';
import {homePaths} from '../../../source/core/paths.js';
import {jsonFrontEnd} from '../../../source/headless/json-front-end.js';
import {recordingFrontEnd} from '../../support/front-end.js';
import {makeTempDir} from '../../support/tmp.js';

const ours = [{Key: 'managed-by', Value: 'sparkify-dwh'}];
const signal = new AbortController().signal;
const notFound = (name: string) => Object.assign(new Error(name), {name});

describe('the AWS commands, one after another', () => {
	const sts = mockClient(STSClient);
	const redshift = mockClient(RedshiftClient);
	const iam = mockClient(IAMClient);
	const ec2 = mockClient(EC2Client);
	const pricing = mockClient(PricingClient);
	afterEach(() => [sts, redshift, iam, ec2, pricing].forEach((mock) => mock.reset()));

	test('credentials → sizing → role → cluster → network → status → teardown', async () => {
		const home = makeTempDir('aws-commands');
		const ctx = {paths: homePaths({SPARKIFY_DWH_HOME: home}), log: noLog, env: {}};
		const run = async (command: AwsCommandName, argv: string[] = [], frontEnd = recordingFrontEnd()) => {
			const code = await awsCommand(command, parseCommandLine([command, ...argv], {}).values, ctx, frontEnd, signal);
			return {code, frontEnd};
		};

		sts.on(GetCallerIdentityCommand).resolves({Account: '123456789012', Arn: 'arn:aws:iam::123456789012:user/dana'});
		const who = await run('credentials', ['--region', 'us-west-2']);
		assert.equal(who.code, 0);
		assert.deepEqual(who.frontEnd.outcomes[0]!.summary.slice(0, 2), ['account: 123456789012', 'identity: arn:aws:iam::123456789012:user/dana']);

		redshift.on(DescribeOrderableClusterOptionsCommand).resolves({OrderableClusterOptions: [{NodeType: 'ra3.large', ClusterType: 'single-node'}, {NodeType: 'ra3.large', ClusterType: 'multi-node'}]});
		pricing.on(GetProductsCommand).rejects(notFound('AccessDeniedException'));
		assert.equal((await run('sizing', ['--node-type', 'ra3.large', '--nodes', '2'])).code, 0);

		iam.on(GetRoleCommand).rejectsOnce(notFound('NoSuchEntityException'));
		iam.on(CreateRoleCommand).resolves({Role: {RoleName: 'sparkify-dwh-s3-read', Arn: 'arn:aws:iam::123456789012:role/sparkify-dwh-s3-read', Path: '/', RoleId: 'r', CreateDate: new Date(), Tags: ours}});
		assert.equal((await run('role')).code, 0);
		const policy = JSON.parse(iam.commandCalls(PutRolePolicyCommand)[0]!.args[0].input.PolicyDocument!) as {Statement: Array<{Resource: string | string[]}>};
		assert.equal(policy.Statement[0]!.Resource, 'arn:aws:s3:::udacity-dend', 'the public bucket by default');

		const available: Cluster = {ClusterIdentifier: 'sparkify-dwh', ClusterStatus: 'available', Tags: ours, DBName: 'dev', MasterUsername: 'sparkify', PubliclyAccessible: false, IamRoles: [{ApplyStatus: 'in-sync'}], Endpoint: {Address: 'sparkify-dwh.x.us-west-2.redshift.amazonaws.com', Port: 5439}};
		redshift.on(DescribeClustersCommand).rejectsOnce(notFound('ClusterNotFoundFault')).rejectsOnce(notFound('ClusterNotFoundFault')).resolves({Clusters: [available]});
		redshift.on(CreateClusterCommand).resolves({Cluster: {...available, ClusterStatus: 'creating'}});
		ec2.on(DescribeVpcsCommand).resolves({Vpcs: [{VpcId: 'vpc-1'}]});
		ec2.on(DescribeSecurityGroupsCommand).resolvesOnce({SecurityGroups: []}).resolves({SecurityGroups: [{GroupId: 'sg-9', GroupName: 'sparkify-dwh-access', Tags: ours}]});
		ec2.on(CreateSecurityGroupCommand).resolves({GroupId: 'sg-9'});
		const created = await run('cluster', ['--private', '--yes']);
		assert.equal(created.code, 0);
		const request = redshift.commandCalls(CreateClusterCommand)[0]!.args[0].input;
		assert.deepEqual([request.NodeType, request.NumberOfNodes, request.ClusterType], ['ra3.large', 2, 'multi-node'], 'the size chosen in sizing');
		assert.deepEqual(request.IamRoles, ['arn:aws:iam::123456789012:role/sparkify-dwh-s3-read'], 'the role made by role');
		assert.deepEqual(request.VpcSecurityGroupIds, ['sg-9']);
		assert.equal(request.PubliclyAccessible, false);

		ec2.on(DescribeSecurityGroupRulesCommand).resolves({SecurityGroupRules: []});
		ec2.on(AuthorizeSecurityGroupIngressCommand).resolves({SecurityGroupRules: [{SecurityGroupRuleId: 'sgr-5'}]});
		assert.equal((await run('network', ['--cidr', '198.51.100.4/32'])).code, 0);
		await assert.rejects(run('network', ['--cidr', '0.0.0.0/0']), (error: unknown) => error instanceof UserError && error.code === 'world_not_allowed');

		const remembered = openSettings(ctx.paths).get();
		assert.deepEqual(remembered.aws, {
			region: 'us-west-2', nodeType: 'ra3.large', nodes: 2, roleName: 'sparkify-dwh-s3-read', roleArn: 'arn:aws:iam::123456789012:role/sparkify-dwh-s3-read',
			clusterId: 'sparkify-dwh', securityGroupId: 'sg-9', publiclyAccessible: false, databaseName: 'dev', masterUsername: 'sparkify', ingressRuleId: 'sgr-5', cidr: '198.51.100.4/32',
		});
		assert.ok(!fs.readFileSync(openSettings(ctx.paths).path, 'utf8').match(/password|secret/i));

		const status = await run('status');
		assert.ok(status.frontEnd.outcomes[0]!.summary.includes('cluster sparkify-dwh in us-west-2: available'));

		iam.on(GetRoleCommand).resolves({Role: {RoleName: 'sparkify-dwh-s3-read', Arn: 'arn', Path: '/', RoleId: 'r', CreateDate: new Date(), Tags: ours}});
		// Teardown without a terminal: --yes is not consent, a wrong name is refused, the right one goes ahead.
		const lines: string[] = [];
		const out = {write: (text: string) => lines.push(text)} as unknown as NodeJS.WritableStream;
		await assert.rejects(run('teardown', ['--yes'], jsonFrontEnd({yes: true, streamEvents: true, out}) as never), (error: unknown) => error instanceof UserError && error.code === 'confirmation_required' && /--confirm sparkify-dwh/.test(error.hint ?? ''));
		await assert.rejects(run('teardown', ['--confirm', 'other'], jsonFrontEnd({yes: true, streamEvents: true, out}) as never), (error: unknown) => error instanceof UserError && error.code === 'confirmation_mismatch');
		assert.equal(redshift.commandCalls(DeleteClusterCommand).length, 0);

		let clusterDeleted = false;
		redshift.on(DescribeClustersCommand).callsFake(() => {
			if (clusterDeleted) throw notFound('ClusterNotFoundFault');
			return {Clusters: [available]};
		});
		redshift.on(DeleteClusterCommand).callsFake(() => {
			clusterDeleted = true;
			return {};
		});
		ec2.on(RevokeSecurityGroupIngressCommand).resolves({Return: true});
		ec2.on(DeleteSecurityGroupCommand).resolves({});
		iam.on(DeleteRolePolicyCommand).resolves({});
		iam.on(DeleteRoleCommand).resolves({});
		const gone = await run('teardown', ['--confirm', 'sparkify-dwh'], jsonFrontEnd({yes: false, streamEvents: true, out}) as never);
		assert.equal(gone.code, 0);
		assert.deepEqual(ec2.commandCalls(RevokeSecurityGroupIngressCommand)[0]!.args[0].input, {GroupId: 'sg-9', SecurityGroupRuleIds: ['sgr-5']});
		const after = openSettings(ctx.paths).get().aws!;
		assert.equal(after.roleArn, undefined);
		assert.equal(after.securityGroupId, undefined);
		assert.equal(after.ingressRuleId, undefined);
		const result = JSON.parse(lines.at(-1)!) as {type: string; deleted: string[]};
		assert.equal(result.type, 'result');
		assert.equal(result.deleted.length, 3, lines.at(-1));
	});
});
