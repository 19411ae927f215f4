// One finder for each AWS resource the tool looks for before it acts (every step first
// looks at what exists): the resource, or undefined (an empty list) when it is not there.
// "Not there" is AWS's own not-found answer; any other failure is told in words
// (translateAwsError), so no caller mistakes a refused request for a missing resource.

import {DescribeSecurityGroupsCommand, type SecurityGroup} from '@aws-sdk/client-ec2';
import {GetRoleCommand, type Role} from '@aws-sdk/client-iam';
import {DescribeClustersCommand, type Cluster} from '@aws-sdk/client-redshift';
import type {AwsClients} from './clients.js';
import {awsErrorName, translateAwsError} from './errors.js';

/** Each service's answer for "no such thing". */
const notFound = {
	cluster: ['ClusterNotFoundFault'],
	role: ['NoSuchEntityException', 'NoSuchEntity'],
	group: ['InvalidGroup.NotFound', 'InvalidGroupId.NotFound'],
} as const;

async function orNothing<T>(ask: () => Promise<T>, missing: readonly string[], nothing: T, doing: string): Promise<T> {
	try {
		return await ask();
	} catch (error) {
		if (missing.includes(awsErrorName(error))) return nothing;
		throw translateAwsError(error, doing);
	}
}

/** The Redshift cluster `clusterId` in the clients' region. */
export function findCluster(clients: AwsClients, clusterId: string): Promise<Cluster | undefined> {
	return orNothing(
		async () => (await clients.redshift.send(new DescribeClustersCommand({ClusterIdentifier: clusterId}))).Clusters?.[0],
		notFound.cluster,
		undefined,
		`looking for the cluster ${clusterId}`,
	);
}

/** The IAM role `roleName` (IAM is global: no region). */
export function findRole(clients: AwsClients, roleName: string): Promise<Role | undefined> {
	return orNothing(async () => (await clients.iam.send(new GetRoleCommand({RoleName: roleName}))).Role, notFound.role, undefined, `looking for the IAM role ${roleName}`);
}

/** The security groups with these ids; none when any of them no longer exists (EC2 answers all or nothing). */
export function findGroupsById(clients: AwsClients, ids: readonly string[]): Promise<SecurityGroup[]> {
	if (ids.length === 0) return Promise.resolve([]);
	return orNothing(
		async () => (await clients.ec2.send(new DescribeSecurityGroupsCommand({GroupIds: [...ids]}))).SecurityGroups ?? [],
		notFound.group,
		[],
		`looking for the security groups ${ids.join(', ')}`,
	);
}

/** The security groups named `groupName`, in one VPC or (without `vpcId`) in any, whoever made them. */
export function findGroupsByName(clients: AwsClients, groupName: string, vpcId?: string): Promise<SecurityGroup[]> {
	const filters = [{Name: 'group-name', Values: [groupName]}, ...(vpcId ? [{Name: 'vpc-id', Values: [vpcId]}] : [])];
	return orNothing(
		async () => (await clients.ec2.send(new DescribeSecurityGroupsCommand({Filters: filters}))).SecurityGroups ?? [],
		notFound.group,
		[],
		`looking for the security group ${groupName}`,
	);
}
