// The IAM role Redshift assumes to read the source bucket: trusted by
// redshift.amazonaws.com only, allowed only to list and read the source's prefixes and the
// JSONPaths object, tagged as made by sparkify-dwh for one cluster. Re-running finds and reuses it (and
// repairs its trust and policy); a role of the same name that this tool did not make is
// left alone.

import {CreateRoleCommand, PutRolePolicyCommand, TagRoleCommand, UpdateAssumeRolePolicyCommand, type Role} from '@aws-sdk/client-iam';
import type {AwsClients} from '../aws/clients.js';
import {awsErrorName, translateAwsError} from '../aws/errors.js';
import {findRole} from '../aws/find.js';
import {UserError} from '../core/errors.js';
import type {Step} from '../core/step.js';
import type {S3Location} from '../etl/s3-location.js';
import {belongsTo, clusterTag, clusterTagKey, isManagedByUs, tagsFor} from '../aws/tags.js';

export const rolePolicyName = 'sparkify-dwh-read-source';

export type RoleOptions = {
	readonly clients: AwsClients;
	readonly roleName: string;
	/** The cluster the role is for: it is tagged with it, and teardown of that cluster deletes it. */
	readonly clusterId: string;
	/** The bucket and prefix the data lives under (song_data/, log_data/, log_json_path.json). */
	readonly source: S3Location;
};

export type RoleResult = {
	readonly roleName: string;
	readonly roleArn: string;
	readonly created: boolean;
};

const roleNamePattern = /^[\w+=,.@-]{1,64}$/;

function validateRoleName(name: string): string | undefined {
	return roleNamePattern.test(name) ? undefined : 'A role name is 1–64 letters, digits or + = , . @ _ -';
}

export function trustPolicy(): string {
	return JSON.stringify({
		Version: '2012-10-17',
		Statement: [{Effect: 'Allow', Principal: {Service: 'redshift.amazonaws.com'}, Action: 'sts:AssumeRole'}],
	});
}

/**
 * Least privilege for COPY: list the bucket only under the source's prefixes, read only
 * those objects. COPY paths are key prefixes ('log_data' also matches 'log_data_old/'), so
 * the conditions use the same prefixes with a wildcard, no more.
 */
function readSourcePolicy(source: S3Location): string {
	const prefixes = [`${source.prefix}log_data*`, `${source.prefix}song_data*`, `${source.prefix}log_json_path.json`];
	return JSON.stringify({
		Version: '2012-10-17',
		Statement: [
			{Sid: 'ListSourcePrefixes', Effect: 'Allow', Action: 's3:ListBucket', Resource: `arn:aws:s3:::${source.bucket}`, Condition: {StringLike: {'s3:prefix': prefixes}}},
			{Sid: 'ReadSourceObjects', Effect: 'Allow', Action: 's3:GetObject', Resource: prefixes.map((prefix) => `arn:aws:s3:::${source.bucket}/${prefix}`)},
		],
	});
}

function trustsRedshift(role: Role): boolean {
	try {
		const document = JSON.parse(decodeURIComponent(role.AssumeRolePolicyDocument ?? '')) as {
			Statement?: Array<{Effect?: string; Principal?: {Service?: string | string[]}; Action?: string | string[]}>;
		};
		return (document.Statement ?? []).some((statement) => {
			const services = [statement.Principal?.Service ?? []].flat();
			const actions = [statement.Action ?? []].flat();
			return statement.Effect === 'Allow' && services.includes('redshift.amazonaws.com') && actions.includes('sts:AssumeRole');
		});
	} catch {
		return false;
	}
}

// Until commands/aws.ts imports it from aws/find.ts (it is being rewritten meanwhile).

const madeByUs = (role: Role) => isManagedByUs(role.Tags);

export const roleStep: Step<RoleOptions, RoleResult> = {
	id: 'role',
	title: 'Create the IAM role that lets Redshift read the source',
	async plan(_ctx, {clients, roleName, source}) {
		const role = await findRole(clients, roleName);
		return {
			destructive: false,
			actions: [
				role
					? {action: 'reuse', resource: `IAM role ${roleName}`, detail: role.Arn}
					: {action: 'create', resource: `IAM role ${roleName}`, detail: 'trusted by redshift.amazonaws.com'},
				{
					action: role ? 'modify' : 'create',
					resource: `inline policy ${rolePolicyName}`,
					detail: `list and read s3://${source.bucket}/${source.prefix}{log_data,song_data}*, log_json_path.json`,
				},
			],
		};
	},
	async run(ctx, {clients, roleName, clusterId, source}, report) {
		const problem = validateRoleName(roleName);
		if (problem) throw new UserError(problem, {code: 'usage'});
		let role = await findRole(clients, roleName);
		let created = false;
		try {
			if (!role) {
				try {
					role = (
						await clients.iam.send(
							new CreateRoleCommand({
								RoleName: roleName,
								AssumeRolePolicyDocument: trustPolicy(),
								Description: 'Lets Amazon Redshift read the Sparkify source data (made by sparkify-dwh).',
								Tags: tagsFor(clusterId),
							}),
						)
					).Role;
					created = true;
				} catch (error) {
					// Made meanwhile by another run: take the one that exists.
					if (awsErrorName(error) !== 'EntityAlreadyExistsException') throw error;
					role = await findRole(clients, roleName);
				}
			}
			if (!role?.Arn) throw new Error(`IAM returned no role ${roleName}`);
			if (!created && !madeByUs(role)) {
				throw new UserError(`An IAM role named ${roleName} exists, and sparkify-dwh did not make it.`, {
					hint: 'Choose another cluster name with --cluster-id (the role is named after it); the tool only changes roles it made.',
					wizardHint: 'Choose another name in Settings → Cluster name (the role is named after it); the tool only changes roles it made.',
					code: 'role_not_ours',
				});
			}
			const owner = role.Tags?.find((tag) => tag.Key === clusterTagKey)?.Value;
			if (!created && owner !== undefined && owner !== clusterId) {
				throw new UserError(`The IAM role ${roleName} belongs to the cluster ${owner}, not ${clusterId}.`, {
					hint: 'Choose another cluster name with --cluster-id; each cluster has a role of its own.',
					wizardHint: 'Choose another name in Settings → Cluster name; each cluster has a role of its own.',
					code: 'role_not_ours',
				});
			}
			if (!created && !belongsTo(role.Tags, clusterId)) {
				// Made by an earlier version, before roles carried their cluster's name.
				await clients.iam.send(new TagRoleCommand({RoleName: roleName, Tags: [clusterTag(clusterId)]}));
			}
			if (!created) {
				report({type: 'log', step: 'role', level: 'info', message: `IAM role ${roleName} already there`});
				if (!trustsRedshift(role)) {
					await clients.iam.send(new UpdateAssumeRolePolicyCommand({RoleName: roleName, PolicyDocument: trustPolicy()}));
				}
			}
			// Written every time: the same document again is harmless, a changed source is applied.
			await clients.iam.send(new PutRolePolicyCommand({RoleName: roleName, PolicyName: rolePolicyName, PolicyDocument: readSourcePolicy(source)}));
		} catch (error) {
			throw translateAwsError(error, `setting up the IAM role ${roleName}`);
		}
		ctx.log.write('info', `role: ${created ? 'created' : 'reused'} ${role.Arn}`);
		return {roleName, roleArn: role.Arn, created};
	},
};
