import assert from 'node:assert/strict';
import {afterEach, describe, test} from 'node:test';
import {
	AuthorizeSecurityGroupIngressCommand,
	CreateSecurityGroupCommand,
	RevokeSecurityGroupIngressCommand,
	DescribeSecurityGroupRulesCommand,
	DescribeSecurityGroupsCommand,
	DescribeVpcsCommand,
	EC2Client,
} from '@aws-sdk/client-ec2';
import {mockClient} from 'aws-sdk-client-mock';
import {awsClients} from '../../../source/aws/clients.js';
import {callerPublicIp, defaultVpcId, ensureSecurityGroup} from '../../../source/aws/network.js';
import {validateCidr} from '../../../source/aws/validate.js';
import {UserError} from '../../../source/core/errors.js';
import {noLog} from '../../../source/core/log.js';
import {homePaths} from '../../../source/core/paths.js';
import type {StepEvent} from '../../../source/core/events.js';
import {chosenCidr, networkStep} from '../../../source/steps/network.js';

const ctx = {paths: homePaths({SPARKIFY_DWH_HOME: '/tmp/unused'}), log: noLog, env: {}};
const signal = new AbortController().signal;
const clients = () => awsClients({region: 'us-west-2', env: {}});
const base = {clusterId: 'sparkify', groupId: 'sg-1', port: 5439};
const ourTags = [
	{Key: 'managed-by', Value: 'sparkify-dwh'},
	{Key: 'sparkify-dwh:cluster', Value: 'sparkify'},
];
const rule = (id: string, cidr: string, extra: object = {}) => ({
	SecurityGroupRuleId: id,
	IsEgress: false,
	IpProtocol: 'tcp',
	FromPort: 5439,
	ToPort: 5439,
	CidrIpv4: cidr,
	...extra,
});

describe('network', () => {
	const ec2 = mockClient(EC2Client);
	afterEach(() => ec2.reset());

	test('the port is opened to this machine only, /32, with a tagged rule', async () => {
		ec2.on(DescribeSecurityGroupRulesCommand).resolves({SecurityGroupRules: []});
		ec2.on(AuthorizeSecurityGroupIngressCommand).resolves({Return: true, SecurityGroupRules: [{SecurityGroupRuleId: 'sgr-1'}]});
		const result = await networkStep.run(ctx, {clients: clients(), ...base, publicIp: async () => '203.0.113.7'}, () => {}, signal);
		assert.deepEqual(result, {groupId: 'sg-1', ruleId: 'sgr-1', cidr: '203.0.113.7/32', created: true, removed: [], reachable: 'unknown'});
		const input = ec2.commandCalls(AuthorizeSecurityGroupIngressCommand)[0]!.args[0].input;
		assert.equal(input.GroupId, 'sg-1');
		assert.deepEqual(
			input.IpPermissions?.[0]?.IpRanges?.map((range) => range.CidrIp),
			['203.0.113.7/32'],
		);
		assert.deepEqual([input.IpPermissions?.[0]?.IpProtocol, input.IpPermissions?.[0]?.FromPort, input.IpPermissions?.[0]?.ToPort], ['tcp', 5439, 5439]);
		assert.deepEqual(input.TagSpecifications?.[0]?.Tags, ourTags);
	});

	test('an identical rule already there is done; a duplicate reported by EC2 is too', async () => {
		ec2
			.on(DescribeSecurityGroupRulesCommand)
			.resolves({SecurityGroupRules: [{SecurityGroupRuleId: 'sgr-old', IsEgress: false, IpProtocol: 'tcp', FromPort: 5439, ToPort: 5439, CidrIpv4: '10.0.0.0/16'}]});
		const existing = await networkStep.run(ctx, {clients: clients(), ...base, cidr: '10.0.0.0/16'}, () => {}, signal);
		assert.deepEqual(existing, {groupId: 'sg-1', ruleId: 'sgr-old', cidr: '10.0.0.0/16', created: false, removed: [], reachable: 'unknown'});
		assert.equal(ec2.commandCalls(AuthorizeSecurityGroupIngressCommand).length, 0);

		ec2.reset();
		ec2
			.on(DescribeSecurityGroupRulesCommand)
			.resolvesOnce({SecurityGroupRules: []})
			.resolves({SecurityGroupRules: [{SecurityGroupRuleId: 'sgr-race', IsEgress: false, IpProtocol: 'tcp', FromPort: 5439, ToPort: 5439, CidrIpv4: '10.0.0.0/16'}]});
		ec2.on(AuthorizeSecurityGroupIngressCommand).rejects(Object.assign(new Error('already exists'), {name: 'InvalidPermission.Duplicate'}));
		const raced = await networkStep.run(ctx, {clients: clients(), ...base, cidr: '10.0.0.0/16'}, () => {}, signal);
		assert.equal(raced.ruleId, 'sgr-race');
	});

	test('anything wider than a /16 needs allowWorld (halves of the internet too), and the plan says how wide', async () => {
		for (const wide of ['0.0.0.0/0', '0.0.0.0/1', '128.0.0.0/1', '10.0.0.0/8', '172.16.0.0/15']) {
			await assert.rejects(
				networkStep.run(ctx, {clients: clients(), ...base, cidr: wide}, () => {}, signal),
				(error: unknown) => error instanceof UserError && error.code === 'world_not_allowed',
				wide,
			);
		}
		assert.equal(ec2.commandCalls(AuthorizeSecurityGroupIngressCommand).length, 0);
		assert.equal(await chosenCidr({port: 5439, cidr: '10.1.0.0/16'}), '10.1.0.0/16', 'a /16 is allowed');
		assert.equal(await chosenCidr({port: 5439, cidr: '0.0.0.0/1', allowWorld: true}), '0.0.0.0/1');
		ec2.on(DescribeSecurityGroupRulesCommand).resolves({SecurityGroupRules: []});
		const plan = await networkStep.plan(ctx, {clients: clients(), ...base, cidr: '0.0.0.0/0'});
		assert.match(plan.actions[0]!.detail!, /THE WHOLE INTERNET/);
		const half = await networkStep.plan(ctx, {clients: clients(), ...base, cidr: '128.0.0.0/1'});
		assert.match(half.actions[0]!.detail!, /2,147,483,648 addresses, wider than a \/16/);
	});

	test('rules it made before that no longer apply are removed; a rule someone else added stays', async () => {
		ec2.on(DescribeSecurityGroupRulesCommand).resolves({
			SecurityGroupRules: [
				rule('sgr-world', '0.0.0.0/0', {Tags: ourTags}),
				rule('sgr-old-ip', '198.51.100.23/32', {Description: 'sparkify-dwh: Redshift from this machine'}),
				rule('sgr-theirs', '10.9.0.0/16'),
			],
		});
		ec2.on(AuthorizeSecurityGroupIngressCommand).resolves({SecurityGroupRules: [{SecurityGroupRuleId: 'sgr-new'}]});
		ec2.on(RevokeSecurityGroupIngressCommand).resolves({Return: true});
		const plan = await networkStep.plan(ctx, {clients: clients(), ...base, publicIp: async () => '203.0.113.9'});
		assert.deepEqual(
			plan.actions.map((action) => `${action.action} ${action.detail}`),
			['create 203.0.113.9/32', 'delete 0.0.0.0/0 (made earlier, no longer wanted)', 'delete 198.51.100.23/32 (made earlier, no longer wanted)'],
		);
		const result = await networkStep.run(ctx, {clients: clients(), ...base, publicIp: async () => '203.0.113.9'}, () => {}, signal);
		assert.deepEqual(result.removed, ['0.0.0.0/0', '198.51.100.23/32']);
		assert.deepEqual(ec2.commandCalls(RevokeSecurityGroupIngressCommand)[0]!.args[0].input.SecurityGroupRuleIds, ['sgr-world', 'sgr-old-ip']);
	});

	test('afterwards it knocks on the port, saying why it waits, and never fails for a port that stays shut', async () => {
		ec2.on(DescribeSecurityGroupRulesCommand).resolves({SecurityGroupRules: [rule('sgr-1', '203.0.113.7/32', {Tags: ourTags})]});
		let time = 0;
		const waiting = {now: () => time, sleep: async (ms: number) => void (time += ms), maxWaitMs: 10_000, pollMs: 1000};
		const events: StepEvent[] = [];
		let knocks = 0;
		const opened = await networkStep.run(
			ctx,
			{clients: clients(), ...base, cidr: '203.0.113.7/32', host: 'h', probe: async () => ++knocks >= 3, ...waiting},
			(event) => events.push(event),
			signal,
		);
		assert.equal(opened.reachable, true);
		const said = events.map((event) => (event.type === 'log' ? event.message : ''));
		assert.ok(said.some((message) => /Waiting for port 5439 to answer: a new rule takes a few seconds/.test(message)));
		time = 0;
		const shut = await networkStep.run(ctx, {clients: clients(), ...base, cidr: '203.0.113.7/32', host: 'h', probe: async () => false, ...waiting}, () => {}, signal);
		assert.equal(shut.reachable, false);
		const unresolved = await networkStep.run(ctx, {clients: clients(), ...base, cidr: '203.0.113.7/32', host: 'h', probe: async () => 'unresolved', ...waiting}, () => {}, signal);
		assert.equal(unresolved.reachable, 'unknown');
	});

	test('CIDRs and the public IP lookup are validated', async () => {
		assert.equal(validateCidr('203.0.113.7/32'), undefined);
		for (const bad of ['203.0.113.7', '300.1.1.1/32', '1.2.3.4/33', 'x/8']) assert.match(validateCidr(bad)!, /not an IPv4 CIDR/);
		assert.equal(await callerPublicIp(async () => '198.51.100.4\n'), '198.51.100.4');
		await assert.rejects(
			callerPublicIp(async () => '<html>'),
			/not an IPv4 address/,
		);
		await assert.rejects(
			callerPublicIp(async () => Promise.reject(new Error('offline'))),
			(error: unknown) => error instanceof UserError && /--cidr/.test(error.hint ?? ''),
		);
	});

	test("the default VPC and the tool's own security group", async () => {
		ec2.on(DescribeVpcsCommand).resolves({Vpcs: [{VpcId: 'vpc-9'}]});
		assert.equal(await defaultVpcId(clients(), 'us-west-2'), 'vpc-9');
		ec2.on(DescribeSecurityGroupsCommand).resolves({SecurityGroups: []});
		ec2.on(CreateSecurityGroupCommand).resolves({GroupId: 'sg-new'});
		assert.deepEqual(await ensureSecurityGroup(clients(), 'vpc-9', 'sparkify-dwh-cluster', 'sparkify'), {groupId: 'sg-new', created: true});
		const create = ec2.commandCalls(CreateSecurityGroupCommand)[0]!.args[0].input;
		assert.equal(create.VpcId, 'vpc-9');
		assert.deepEqual(create.TagSpecifications?.[0]?.Tags?.[0], {Key: 'managed-by', Value: 'sparkify-dwh'});
		ec2.on(DescribeSecurityGroupsCommand).resolves({SecurityGroups: [{GroupId: 'sg-theirs', Tags: []}]});
		await assert.rejects(ensureSecurityGroup(clients(), 'vpc-9', 'sparkify-dwh-cluster', 'sparkify'), /did not make it/);
		ec2.on(DescribeSecurityGroupsCommand).resolves({
			SecurityGroups: [
				{
					GroupId: 'sg-beta',
					Tags: [
						{Key: 'managed-by', Value: 'sparkify-dwh'},
						{Key: 'sparkify-dwh:cluster', Value: 'beta'},
					],
				},
			],
		});
		await assert.rejects(ensureSecurityGroup(clients(), 'vpc-9', 'sparkify-dwh-cluster', 'sparkify'), /belongs to the cluster beta/);
		ec2.on(DescribeVpcsCommand).resolves({Vpcs: []});
		await assert.rejects(defaultVpcId(clients(), 'us-west-2'), /no default VPC in us-west-2/);
	});
});
