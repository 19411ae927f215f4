import assert from 'node:assert/strict';
import {afterEach, describe, test} from 'node:test';
import {AuthorizeSecurityGroupIngressCommand, CreateSecurityGroupCommand, DescribeSecurityGroupRulesCommand, DescribeSecurityGroupsCommand, DescribeVpcsCommand, EC2Client} from '@aws-sdk/client-ec2';
import {mockClient} from 'aws-sdk-client-mock';
import {awsClients} from '../../../source/aws/clients.js';
import {callerPublicIp, defaultVpcId, ensureSecurityGroup, validateCidr} from '../../../source/aws/network.js';
import {UserError} from '../../../source/core/errors.js';
import {noLog} from '../../../source/core/log.js';
import {homePaths} from '../../../source/core/paths.js';
import {networkStep} from '../../../source/steps/network.js';

const ctx = {paths: homePaths({SPARKIFY_DWH_HOME: '/tmp/unused'}), log: noLog, env: {}};
const signal = new AbortController().signal;
const clients = () => awsClients({region: 'us-west-2', env: {}});

describe('network', () => {
	const ec2 = mockClient(EC2Client);
	afterEach(() => ec2.reset());

	test('the port is opened to this machine only, /32, with a tagged rule', async () => {
		ec2.on(DescribeSecurityGroupRulesCommand).resolves({SecurityGroupRules: []});
		ec2.on(AuthorizeSecurityGroupIngressCommand).resolves({Return: true, SecurityGroupRules: [{SecurityGroupRuleId: 'sgr-1'}]});
		const result = await networkStep.run(ctx, {clients: clients(), groupId: 'sg-1', port: 5439, publicIp: async () => '203.0.113.7'}, () => {}, signal);
		assert.deepEqual(result, {groupId: 'sg-1', ruleId: 'sgr-1', cidr: '203.0.113.7/32', created: true});
		const input = ec2.commandCalls(AuthorizeSecurityGroupIngressCommand)[0]!.args[0].input;
		assert.equal(input.GroupId, 'sg-1');
		assert.deepEqual(input.IpPermissions?.[0]?.IpRanges?.map((range) => range.CidrIp), ['203.0.113.7/32']);
		assert.deepEqual([input.IpPermissions?.[0]?.IpProtocol, input.IpPermissions?.[0]?.FromPort, input.IpPermissions?.[0]?.ToPort], ['tcp', 5439, 5439]);
		assert.deepEqual(input.TagSpecifications?.[0]?.Tags, [{Key: 'managed-by', Value: 'sparkify-dwh'}]);
	});

	test('an identical rule already there is done; a duplicate reported by EC2 is too', async () => {
		ec2.on(DescribeSecurityGroupRulesCommand).resolves({SecurityGroupRules: [{SecurityGroupRuleId: 'sgr-old', IsEgress: false, IpProtocol: 'tcp', FromPort: 5439, ToPort: 5439, CidrIpv4: '10.0.0.0/16'}]});
		const existing = await networkStep.run(ctx, {clients: clients(), groupId: 'sg-1', port: 5439, cidr: '10.0.0.0/16'}, () => {}, signal);
		assert.deepEqual(existing, {groupId: 'sg-1', ruleId: 'sgr-old', cidr: '10.0.0.0/16', created: false});
		assert.equal(ec2.commandCalls(AuthorizeSecurityGroupIngressCommand).length, 0);

		ec2.reset();
		ec2.on(DescribeSecurityGroupRulesCommand)
			.resolvesOnce({SecurityGroupRules: []})
			.resolves({SecurityGroupRules: [{SecurityGroupRuleId: 'sgr-race', IsEgress: false, IpProtocol: 'tcp', FromPort: 5439, ToPort: 5439, CidrIpv4: '10.0.0.0/16'}]});
		ec2.on(AuthorizeSecurityGroupIngressCommand).rejects(Object.assign(new Error('already exists'), {name: 'InvalidPermission.Duplicate'}));
		const raced = await networkStep.run(ctx, {clients: clients(), groupId: 'sg-1', port: 5439, cidr: '10.0.0.0/16'}, () => {}, signal);
		assert.equal(raced.ruleId, 'sgr-race');
	});

	test('0.0.0.0/0 needs allowWorld, and the plan says so loudly', async () => {
		await assert.rejects(networkStep.run(ctx, {clients: clients(), groupId: 'sg-1', port: 5439, cidr: '0.0.0.0/0'}, () => {}, signal), (error: unknown) => error instanceof UserError && error.code === 'world_not_allowed');
		assert.equal(ec2.commandCalls(AuthorizeSecurityGroupIngressCommand).length, 0);
		const plan = await networkStep.plan(ctx, {clients: clients(), groupId: 'sg-1', port: 5439, cidr: '0.0.0.0/0'});
		assert.match(plan.actions[0]!.detail!, /THE WHOLE INTERNET/);
	});

	test('CIDRs and the public IP lookup are validated', async () => {
		assert.equal(validateCidr('203.0.113.7/32'), undefined);
		for (const bad of ['203.0.113.7', '300.1.1.1/32', '1.2.3.4/33', 'x/8']) assert.match(validateCidr(bad)!, /not an IPv4 CIDR/);
		assert.equal(await callerPublicIp(async () => '198.51.100.4\n'), '198.51.100.4');
		await assert.rejects(callerPublicIp(async () => '<html>'), /not an IPv4 address/);
		await assert.rejects(callerPublicIp(async () => Promise.reject(new Error('offline'))), (error: unknown) => error instanceof UserError && /--cidr/.test(error.hint ?? ''));
	});

	test('the default VPC and the tool\'s own security group', async () => {
		ec2.on(DescribeVpcsCommand).resolves({Vpcs: [{VpcId: 'vpc-9'}]});
		assert.equal(await defaultVpcId(clients(), 'us-west-2'), 'vpc-9');
		ec2.on(DescribeSecurityGroupsCommand).resolves({SecurityGroups: []});
		ec2.on(CreateSecurityGroupCommand).resolves({GroupId: 'sg-new'});
		assert.deepEqual(await ensureSecurityGroup(clients(), 'vpc-9', 'sparkify-dwh-cluster'), {groupId: 'sg-new', created: true});
		const create = ec2.commandCalls(CreateSecurityGroupCommand)[0]!.args[0].input;
		assert.equal(create.VpcId, 'vpc-9');
		assert.deepEqual(create.TagSpecifications?.[0]?.Tags?.[0], {Key: 'managed-by', Value: 'sparkify-dwh'});
		ec2.on(DescribeSecurityGroupsCommand).resolves({SecurityGroups: [{GroupId: 'sg-theirs', Tags: []}]});
		await assert.rejects(ensureSecurityGroup(clients(), 'vpc-9', 'sparkify-dwh-cluster'), /did not make it/);
		ec2.on(DescribeVpcsCommand).resolves({Vpcs: []});
		await assert.rejects(defaultVpcId(clients(), 'us-west-2'), /no default VPC in us-west-2/);
	});
});
