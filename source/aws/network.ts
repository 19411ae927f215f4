// EC2 pieces the cluster needs: the default VPC, a security group of the tool's own for each
// cluster (so opening the port never touches a group anything else uses), found again from
// the cluster itself, and the caller's public IP.

import {CreateSecurityGroupCommand, CreateTagsCommand, DescribeVpcsCommand, type SecurityGroup} from '@aws-sdk/client-ec2';
import type {Cluster} from '@aws-sdk/client-redshift';
import {UserError} from '../core/errors.js';
import type {AwsClients} from './clients.js';
import {awsErrorName, translateAwsError} from './errors.js';
import {findGroupsById, findGroupsByName} from './find.js';
import {ipv4} from './validate.js';

import {belongsTo, clusterTag, clusterTagKey, isManagedByUs, tagsFor} from './tags.js';

export async function defaultVpcId(clients: AwsClients, region: string): Promise<string> {
	try {
		const {Vpcs} = await clients.ec2.send(new DescribeVpcsCommand({Filters: [{Name: 'is-default', Values: ['true']}]}));
		const id = Vpcs?.[0]?.VpcId;
		if (!id) {
			throw new UserError(`The account has no default VPC in ${region}.`, {
				hint: 'Create one (aws ec2 create-default-vpc), or choose a region that has one.',
				code: 'no_default_vpc',
			});
		}
		return id;
	} catch (error) {
		throw translateAwsError(error, 'looking for the default VPC');
	}
}

/** The tool's security group for a cluster, found by name in the VPC or created (no rules yet). */
export async function ensureSecurityGroup(clients: AwsClients, vpcId: string, groupName: string, clusterId: string): Promise<{groupId: string; created: boolean}> {
	const find = async () => (await findGroupsByName(clients, groupName, vpcId))[0];
	try {
		const existing = await find();
		if (existing?.GroupId) {
			if (!isManagedByUs(existing.Tags)) {
				throw new UserError(`A security group named ${groupName} exists in ${vpcId}, and sparkify-dwh did not make it.`, {
					hint: 'Choose another cluster name; the tool only changes groups it made.',
					code: 'group_not_ours',
				});
			}
			const owner = existing.Tags?.find((tag) => tag.Key === clusterTagKey)?.Value;
			if (owner !== undefined && owner !== clusterId) {
				throw new UserError(`The security group ${groupName} belongs to the cluster ${owner}, not ${clusterId}.`, {
					hint: 'Choose another cluster name with --cluster-id.',
					wizardHint: 'Choose another name in Settings → Cluster name.',
					code: 'group_not_ours',
				});
			}
			// Made by an earlier version, before groups carried their cluster's name.
			if (owner === undefined) await clients.ec2.send(new CreateTagsCommand({Resources: [existing.GroupId], Tags: [clusterTag(clusterId)]}));
			return {groupId: existing.GroupId, created: false};
		}
		try {
			const {GroupId} = await clients.ec2.send(
				new CreateSecurityGroupCommand({
					GroupName: groupName,
					Description: 'Redshift access for sparkify-dwh (made by sparkify-dwh)',
					VpcId: vpcId,
					TagSpecifications: [{ResourceType: 'security-group', Tags: [...tagsFor(clusterId), {Key: 'Name', Value: groupName}]}],
				}),
			);
			return {groupId: GroupId!, created: true};
		} catch (error) {
			if (awsErrorName(error) !== 'InvalidGroup.Duplicate') throw error;
			const raced = await find();
			return {groupId: raced!.GroupId!, created: false};
		}
	} catch (error) {
		throw translateAwsError(error, `setting up the security group ${groupName}`);
	}
}

/**
 * The security group this tool made for the cluster, found from the cluster itself (its VPC
 * security groups and their tags), never from what settings remember of another cluster.
 */
export async function clusterOwnGroup(clients: AwsClients, cluster: Cluster, clusterId: string): Promise<SecurityGroup | undefined> {
	const ids = (cluster.VpcSecurityGroups ?? []).map((group) => group.VpcSecurityGroupId).filter((id): id is string => Boolean(id));
	return (await findGroupsById(clients, ids)).find((group) => belongsTo(group.Tags, clusterId));
}

/** AWS's own echo service; SPARKIFY_DWH_PUBLIC_IP_URL points elsewhere (a proxy's, or a test's). */
export function publicIpUrl(env: NodeJS.ProcessEnv = process.env): string {
	return env.SPARKIFY_DWH_PUBLIC_IP_URL?.trim() || 'https://checkip.amazonaws.com';
}

/** The address the internet sees this machine as. */
export async function callerPublicIp(
	fetchText: (url: string) => Promise<string> = async (url) => (await fetch(url, {signal: AbortSignal.timeout(5000)})).text(),
	url = 'https://checkip.amazonaws.com',
): Promise<string> {
	let text: string;
	try {
		text = (await fetchText(url)).trim();
	} catch (error) {
		throw new UserError("Could not find this machine's public IP address.", {
			hint: 'Give the address range to allow with --cidr (e.g. 203.0.113.7/32).',
			wizardHint: 'Give the address range to allow when the wizard asks who may connect (e.g. 203.0.113.7/32).',
			code: 'no_public_ip',
			cause: error,
		});
	}
	if (!ipv4.test(text))
		throw new UserError(`The public IP lookup answered "${text.slice(0, 40)}", not an IPv4 address.`, {
			hint: 'Give the range with --cidr.',
			wizardHint: 'Give the range when the wizard asks who may connect.',
			code: 'no_public_ip',
		});
	return text;
}
