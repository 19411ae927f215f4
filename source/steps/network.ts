// Opens the cluster's port in the tool's own security group: to the caller's public
// address (/32) by default, to a given CIDR when asked, and to the whole internet only with
// an explicit allowWorld (the plan warns). An identical rule already there counts as done.
// The rule's id is returned so teardown can remove exactly it.

import {AuthorizeSecurityGroupIngressCommand, DescribeSecurityGroupRulesCommand} from '@aws-sdk/client-ec2';
import type {AwsClients} from '../aws/clients.js';
import {awsErrorName, translateAwsError} from '../aws/errors.js';
import {callerPublicIp, validateCidr} from '../aws/network.js';
import {managedByTag} from '../aws/tags.js';
import {UserError} from '../core/errors.js';
import type {Step} from '../core/step.js';

export type NetworkOptions = {
	readonly clients: AwsClients;
	readonly groupId: string;
	readonly port: number;
	/** The range to allow; the caller's public IP/32 when absent. */
	readonly cidr?: string;
	/** Must be true for 0.0.0.0/0. */
	readonly allowWorld?: boolean;
	readonly publicIp?: () => Promise<string>;
};

export type NetworkResult = {
	readonly groupId: string;
	readonly ruleId: string;
	readonly cidr: string;
	readonly created: boolean;
};

async function chosenCidr(options: NetworkOptions): Promise<string> {
	const cidr = options.cidr?.trim() ?? `${await (options.publicIp ?? callerPublicIp)()}/32`;
	const problem = validateCidr(cidr);
	if (problem) throw new UserError(problem, {code: 'usage'});
	if (cidr.endsWith('/0') && !options.allowWorld) {
		throw new UserError(`Opening port ${options.port} to ${cidr} lets the whole internet try to log in to the cluster.`, {
			hint: 'Leave --cidr out to allow only this machine, or pass --allow-world if you really mean everyone.',
			code: 'world_not_allowed',
		});
	}
	return cidr;
}

async function findRule(clients: AwsClients, groupId: string, port: number, cidr: string): Promise<string | undefined> {
	const {SecurityGroupRules} = await clients.ec2.send(new DescribeSecurityGroupRulesCommand({Filters: [{Name: 'group-id', Values: [groupId]}]}));
	return SecurityGroupRules?.find(
		(rule) => !rule.IsEgress && rule.IpProtocol === 'tcp' && rule.FromPort === port && rule.ToPort === port && rule.CidrIpv4 === cidr,
	)?.SecurityGroupRuleId;
}

export const networkStep: Step<NetworkOptions, NetworkResult> = {
	id: 'network',
	title: 'Open the cluster port to this machine',
	async plan(_ctx, options) {
		const cidr = await chosenCidr({...options, allowWorld: true});
		return {
			destructive: false,
			actions: [{action: 'create', resource: `inbound rule tcp/${options.port} in ${options.groupId}`, detail: cidr.endsWith('/0') ? `${cidr} — THE WHOLE INTERNET` : cidr}],
		};
	},
	async run(ctx, options) {
		const {clients, groupId, port} = options;
		const cidr = await chosenCidr(options);
		try {
			const existing = await findRule(clients, groupId, port, cidr);
			if (existing) return {groupId, ruleId: existing, cidr, created: false};
			try {
				const {SecurityGroupRules} = await clients.ec2.send(
					new AuthorizeSecurityGroupIngressCommand({
						GroupId: groupId,
						IpPermissions: [{IpProtocol: 'tcp', FromPort: port, ToPort: port, IpRanges: [{CidrIp: cidr, Description: 'sparkify-dwh: Redshift from this machine'}]}],
						TagSpecifications: [{ResourceType: 'security-group-rule', Tags: [managedByTag]}],
					}),
				);
				const ruleId = SecurityGroupRules?.[0]?.SecurityGroupRuleId;
				if (!ruleId) throw new Error('EC2 returned no rule id');
				ctx.log.write('info', `network: opened tcp/${port} to ${cidr} (${ruleId})`);
				return {groupId, ruleId, cidr, created: true};
			} catch (error) {
				// Added meanwhile, or the same range in another spelling: the rule is there.
				if (awsErrorName(error) !== 'InvalidPermission.Duplicate') throw error;
				const ruleId = await findRule(clients, groupId, port, cidr);
				if (!ruleId) throw error;
				return {groupId, ruleId, cidr, created: false};
			}
		} catch (error) {
			throw translateAwsError(error, `opening port ${port} in ${groupId}`);
		}
	},
};
