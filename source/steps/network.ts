// Opens the cluster's port in the cluster's own security group, and keeps exactly one rule
// there: to the caller's public address (/32, looked up again on every run, since home and
// office addresses change) by default, or to a given CIDR. Rules it made before that no
// longer apply are removed, so old and wide ones never pile up. Anything wider than a /16
// (65,536 addresses) needs an explicit allowWorld, and the plan says how wide it is.
// Afterwards it knocks on the port, saying why it waits, because this is the first step
// after which the cluster can be reached at all.

import {AuthorizeSecurityGroupIngressCommand, DescribeSecurityGroupRulesCommand, RevokeSecurityGroupIngressCommand, type SecurityGroupRule} from '@aws-sdk/client-ec2';
import type {AwsClients} from '../aws/clients.js';
import {awsErrorName, translateAwsError} from '../aws/errors.js';
import {callerPublicIp} from '../aws/network.js';
import {validateCidr} from '../aws/validate.js';
import {isManagedByUs, tagsFor} from '../aws/tags.js';
import {CancelledError, UserError} from '../core/errors.js';
import type {Report} from '../core/events.js';
import type {PlannedAction, Step} from '../core/step.js';
import {cancelledAs, sleep as realSleep} from '../core/sleep.js';
import type {Waiting} from '../core/waiting.js';

export type NetworkOptions = Waiting & {
	readonly clients: AwsClients;
	readonly clusterId: string;
	readonly groupId: string;
	readonly port: number;
	/** The range to allow; the caller's public IP/32 when absent. */
	readonly cidr?: string;
	/** Must be true for anything wider than a /16. */
	readonly allowWorld?: boolean;
	readonly publicIp?: () => Promise<string>;
	/** The cluster's host, to check that the port answers once the rule is in. */
	readonly host?: string;
	/** Whether host:port accepts a connection; 'unresolved' when the name does not resolve here. */
	readonly probe?: (host: string, port: number, signal: AbortSignal) => Promise<boolean | 'unresolved'>;
};

export type NetworkResult = {
	readonly groupId: string;
	readonly ruleId: string;
	readonly cidr: string;
	readonly created: boolean;
	/** Earlier rules of ours that no longer apply, removed. */
	readonly removed: readonly string[];
	/** Whether the port answered from here afterwards ('unknown' when it could not be checked). */
	readonly reachable: boolean | 'unknown';
};

/** The widest range allowed without --allow-world: a /16 is 65,536 addresses. */
const widestWithoutConsent = 16;

/** How many addresses a CIDR block covers, for the warning. */
function addressCount(cidr: string): number {
	return 2 ** (32 - Number(cidr.split('/')[1]));
}

export function isTooWide(cidr: string): boolean {
	return Number(cidr.split('/')[1]) < widestWithoutConsent;
}

/** The intended range, checked: a valid block, and not wider than a /16 without consent. */
export async function chosenCidr(options: Pick<NetworkOptions, 'cidr' | 'allowWorld' | 'port' | 'publicIp'>): Promise<string> {
	const cidr = options.cidr?.trim() ?? `${await (options.publicIp ?? callerPublicIp)()}/32`;
	const problem = validateCidr(cidr);
	if (problem)
		throw new UserError(problem, {
			hint: 'Give a block like 203.0.113.7/32, or leave --cidr out to allow only this machine.',
			wizardHint: 'Give a block like 203.0.113.7/32, or leave the range empty to allow only this machine.',
			code: 'usage',
		});
	if (isTooWide(cidr) && !options.allowWorld) {
		throw new UserError(`Opening port ${options.port} to ${cidr} lets ${addressCount(cidr).toLocaleString('en-US')} addresses try to log in to the cluster.`, {
			hint: 'Leave --cidr out to allow only this machine, give a /16 or narrower, or pass --allow-world if you really mean it.',
			wizardHint: 'Leave the range empty to allow only this machine, or give a /16 or narrower.',
			code: 'world_not_allowed',
		});
	}
	return cidr;
}

function wideWarning(cidr: string): string {
	return cidr.endsWith('/0') ? `${cidr} — THE WHOLE INTERNET` : `${cidr} — ${addressCount(cidr).toLocaleString('en-US')} addresses, wider than a /16`;
}

async function inboundRules(clients: AwsClients, groupId: string): Promise<SecurityGroupRule[]> {
	const {SecurityGroupRules} = await clients.ec2.send(new DescribeSecurityGroupRulesCommand({Filters: [{Name: 'group-id', Values: [groupId]}]}));
	return (SecurityGroupRules ?? []).filter((rule) => !rule.IsEgress);
}

const onPort = (rule: SecurityGroupRule, port: number) => rule.IpProtocol === 'tcp' && rule.FromPort === port && rule.ToPort === port;
/** A rule this tool added (tagged; the description too, for emulators that drop rule tags). */
const madeByUs = (rule: SecurityGroupRule) => isManagedByUs(rule.Tags) || (rule.Description ?? '').startsWith('sparkify-dwh:');

export const networkStep: Step<NetworkOptions, NetworkResult> = {
	id: 'network',
	title: 'Open the cluster port to this machine',
	async plan(_ctx, options) {
		const cidr = await chosenCidr({...options, allowWorld: true});
		let rules: SecurityGroupRule[];
		try {
			rules = await inboundRules(options.clients, options.groupId);
		} catch (error) {
			throw translateAwsError(error, `reading the rules of ${options.groupId}`);
		}
		const actions: PlannedAction[] = [];
		const kept = rules.find((rule) => onPort(rule, options.port) && rule.CidrIpv4 === cidr);
		actions.push(
			kept
				? {action: 'reuse', resource: `inbound rule tcp/${options.port} in ${options.groupId}`, detail: cidr}
				: {action: 'create', resource: `inbound rule tcp/${options.port} in ${options.groupId}`, detail: isTooWide(cidr) ? wideWarning(cidr) : cidr},
		);
		for (const rule of rules.filter((candidate) => madeByUs(candidate) && candidate !== kept)) {
			actions.push({action: 'delete', resource: `inbound rule ${rule.SecurityGroupRuleId}`, detail: `${rule.CidrIpv4 ?? rule.CidrIpv6 ?? ''} (made earlier, no longer wanted)`});
		}
		return {destructive: false, actions};
	},
	async run(ctx, options, report, signal) {
		const {clients, groupId, port} = options;
		const cidr = await chosenCidr(options);
		if (isTooWide(cidr)) report({type: 'log', step: 'network', level: 'warn', message: `Opening port ${port} to ${wideWarning(cidr)}, as --allow-world asked.`});
		let ruleId: string | undefined;
		let created = false;
		const removed: string[] = [];
		try {
			const rules = await inboundRules(clients, groupId);
			ruleId = rules.find((rule) => onPort(rule, port) && rule.CidrIpv4 === cidr)?.SecurityGroupRuleId;
			if (!ruleId) {
				try {
					const {SecurityGroupRules} = await clients.ec2.send(
						new AuthorizeSecurityGroupIngressCommand({
							GroupId: groupId,
							IpPermissions: [{IpProtocol: 'tcp', FromPort: port, ToPort: port, IpRanges: [{CidrIp: cidr, Description: 'sparkify-dwh: Redshift from this machine'}]}],
							TagSpecifications: [{ResourceType: 'security-group-rule', Tags: tagsFor(options.clusterId)}],
						}),
					);
					ruleId = SecurityGroupRules?.[0]?.SecurityGroupRuleId;
					created = true;
				} catch (error) {
					// Added meanwhile, or the same range in another spelling: the rule is there.
					if (awsErrorName(error) !== 'InvalidPermission.Duplicate') throw error;
				}
				ruleId ??= (await inboundRules(clients, groupId)).find((rule) => onPort(rule, port) && rule.CidrIpv4 === cidr)?.SecurityGroupRuleId;
				if (!ruleId) throw new Error(`EC2 holds no rule for ${cidr} in ${groupId} after adding it`);
				ctx.log.write('info', `network: opened tcp/${port} to ${cidr} (${ruleId})`);
			}
			// Exactly one rule of ours: the ones for an old address (or a wider range) go.
			const stale = rules.filter((rule) => madeByUs(rule) && rule.SecurityGroupRuleId && rule.SecurityGroupRuleId !== ruleId);
			if (stale.length > 0) {
				await clients.ec2.send(new RevokeSecurityGroupIngressCommand({GroupId: groupId, SecurityGroupRuleIds: stale.map((rule) => rule.SecurityGroupRuleId!)}));
				for (const rule of stale) {
					removed.push(`${rule.CidrIpv4 ?? rule.CidrIpv6 ?? rule.SecurityGroupRuleId}`);
					report({type: 'log', step: 'network', level: 'info', message: `Removed the earlier rule for ${rule.CidrIpv4 ?? rule.CidrIpv6} (${rule.SecurityGroupRuleId})`});
				}
			}
		} catch (error) {
			throw translateAwsError(error, `opening port ${port} in ${groupId}`);
		}
		const reachable = options.host ? await waitForPort(options, options.host, report, signal) : 'unknown';
		return {groupId, ruleId, cidr, created, removed, reachable};
	},
};

/**
 * A new rule takes a few seconds to apply. Knocks until the port answers, saying why it waits;
 * never fails the step: a proxy or NAT with another address can hide a working rule. Ctrl-C
 * ends the wait at once, and the step as cancelled (the rule stays in place).
 */
async function waitForPort(options: NetworkOptions, host: string, report: Report, signal: AbortSignal): Promise<boolean | 'unknown'> {
	if (!options.probe) return 'unknown';
	const sleep = options.sleep ?? realSleep;
	const now = options.now ?? Date.now;
	const giveUpAt = now() + (options.maxWaitMs ?? 60_000);
	let said = false;
	for (;;) {
		const answer = await options.probe(host, options.port, signal);
		if (answer === true) {
			report({type: 'log', step: 'network', level: 'info', message: `Port ${options.port} of ${host} answers from here.`});
			return true;
		}
		if (answer === 'unresolved') {
			report({type: 'log', step: 'network', level: 'warn', message: `The cluster's host name ${host} does not resolve from here, so its port could not be checked.`});
			return 'unknown';
		}
		if (now() >= giveUpAt) {
			report({
				type: 'log',
				step: 'network',
				level: 'warn',
				message: `Port ${options.port} of ${host} does not answer yet: a proxy or NAT may give this machine another address than the rule allows (pass --cidr).`,
			});
			return false;
		}
		if (!said) report({type: 'log', step: 'network', level: 'info', message: `Waiting for port ${options.port} to answer: a new rule takes a few seconds to apply.`});
		said = true;
		await sleep(options.pollMs ?? 3000, signal).catch(
			cancelledAs(
				() => new CancelledError(`Stopped waiting for port ${options.port} of ${host} to answer; the rule that opens it is in place (\`sparkify-dwh network\` checks it again).`),
			),
		);
	}
}
