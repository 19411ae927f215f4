// What the AWS commands act on: each value from its flag, else (for the profile and region)
// from AWS_PROFILE / AWS_REGION, else from what the settings remember, else a sensible
// default — so `sparkify-dwh cluster` after `sizing` and `role` needs no flags at all. The
// role and security group are named after the cluster, never carried over from another one.

import type {Cluster} from '@aws-sdk/client-redshift';
import {awsClients, type AwsClients} from '../aws/clients.js';
import {findCluster} from '../aws/find.js';
import {isManagedByUs} from '../aws/tags.js';
import {validateClusterId, validateRegion} from '../aws/validate.js';
import type {Context} from '../core/context.js';
import {UserError} from '../core/errors.js';
import {openSettings, type AwsSettings, type Settings, type SettingsStore} from '../config/settings.js';

import {publicSource, publicSourceRegion} from '../aws/public-source.js';

export type AwsChoices = {
	readonly profile: string | undefined;
	readonly region: string;
	readonly clusterId: string;
	readonly nodeType: string | undefined;
	readonly nodes: number | undefined;
	readonly roleName: string;
	readonly groupName: string;
	readonly source: string;
	/** The region COPY reads the bucket in. */
	readonly sourceRegion: string;
	readonly publiclyAccessible: boolean;
	readonly cidr: string | undefined;
	readonly remembered: AwsSettings;
};

/** The AWS flags a command may have been given (each command takes some of them). */
export type AwsFlags = {
	readonly region?: string | undefined;
	readonly profile?: string | undefined;
	readonly clusterId?: string | undefined;
	readonly nodeType?: string | undefined;
	readonly nodes?: number | undefined;
	readonly source?: string | undefined;
	readonly private?: boolean;
	readonly cidr?: string | undefined;
};

export function awsChoices(values: AwsFlags, settings: Settings, env: NodeJS.ProcessEnv): AwsChoices {
	const remembered = settings.aws ?? {};
	// The environment says what this shell means now; a remembered answer is older.
	const region = values.region ?? (env.AWS_REGION?.trim() || env.AWS_DEFAULT_REGION?.trim() || remembered.region || publicSourceRegion);
	const regionProblem = validateRegion(region);
	if (regionProblem)
		throw new UserError(regionProblem, {hint: 'Pass --region, e.g. --region us-west-2.', wizardHint: 'Choose a region in Settings → AWS region, e.g. us-west-2.', code: 'usage'});
	const clusterId = (values.clusterId ?? remembered.clusterId ?? 'sparkify-dwh').toLowerCase();
	const idProblem = validateClusterId(clusterId);
	if (idProblem) throw new UserError(idProblem, {hint: 'Pass another --cluster-id.', wizardHint: 'Choose another name in Settings → Cluster name.', code: 'usage'});
	const source = values.source?.startsWith('s3://') ? values.source : settings.source?.startsWith('s3://') ? settings.source : publicSource;
	return {
		profile: values.profile ?? (env.AWS_PROFILE?.trim() || remembered.profile),
		region,
		clusterId,
		nodeType: values.nodeType ?? remembered.nodeType,
		nodes: values.nodes ?? remembered.nodes,
		roleName: `${clusterId}-s3-read`,
		groupName: `${clusterId}-access`,
		source,
		// The public bucket lives in us-west-2; a bucket of the user's own is taken to be in the cluster's region.
		sourceRegion: source.startsWith(publicSource) ? publicSourceRegion : region,
		publiclyAccessible: values.private ? false : (remembered.publiclyAccessible ?? true),
		// Never the remembered one: the public IP is looked up again on every run.
		cidr: values.cidr,
		remembered,
	};
}

/** The settings, and what the command acts on. A cluster named on the command line is the one every later step means. */
export function prepareAws(input: AwsFlags, ctx: Context, rememberCluster: boolean): {store: SettingsStore; choices: AwsChoices} {
	const store = openSettings(ctx.paths);
	const choices = awsChoices(input, store.get(), ctx.env);
	if (rememberCluster && input.clusterId) rememberAws(store, {clusterId: choices.clusterId});
	return {store, choices};
}

/** Refuses a cluster this tool did not make; `leftAlone` says what is then not done ("its network is left alone"). */
export function mustBeOurs(cluster: Cluster, clusterId: string, leftAlone: string): Cluster {
	if (!isManagedByUs(cluster.Tags)) {
		throw new UserError(`The cluster ${clusterId} was not made by sparkify-dwh, so ${leftAlone}.`, {
			hint: 'Pass the --cluster-id of a cluster this tool made.',
			wizardHint: 'Choose the name of a cluster this tool made in Settings → Cluster name.',
			code: 'cluster_not_ours',
		});
	}
	return cluster;
}

/** The cluster the command means, which must exist and be this tool's. */
export async function ownCluster(clients: AwsClients, clusterId: string, leftAlone: string): Promise<Cluster> {
	const found = await findCluster(clients, clusterId);
	if (!found)
		throw new UserError(`There is no cluster ${clusterId} in this region yet.`, {
			hint: 'Run `sparkify-dwh cluster` first (or check --cluster-id and --region).',
			wizardHint: "Run the menu's Cluster first, or check Settings → Cluster name and AWS region.",
			code: 'cluster_missing',
		});
	return mustBeOurs(found, clusterId, leftAlone);
}

/** Clients whose every request is cancelled with the signal (Ctrl-C, or the UI quitting). */
export function clientsFor(choices: AwsChoices, ctx: Context, signal?: AbortSignal): AwsClients {
	return awsClients({region: choices.region, env: ctx.env, ...(choices.profile ? {profile: choices.profile} : {}), ...(signal ? {signal} : {})});
}

/** Remembers AWS answers; the store refuses anything secret-looking by itself. */
export function rememberAws(store: SettingsStore | undefined, change: Partial<AwsSettings>): void {
	store?.update((settings) => {
		// When this tool paused and resumed a cluster belongs to that cluster, not to the next one named.
		const {pausedAt: _paused, resumedAt: _resumed, ...others} = settings.aws ?? {};
		const kept = change.clusterId === undefined || change.clusterId === settings.aws?.clusterId ? settings.aws : others;
		return {...settings, aws: {...kept, ...change}};
	});
}

/** The steps whose outcome teardown undoes: the menu must not show them as done after it. */
const undoneByTeardown = ['role', 'cluster', 'resize', 'network'] as const;

/** Forgets the ids of things that no longer exist, and the outcomes that made them (after teardown). */
export function forgetAwsResources(store: SettingsStore | undefined): void {
	store?.update((settings) => {
		const {
			roleArn: _roleArn,
			roleName: _roleName,
			securityGroupId: _group,
			ingressRuleId: _rule,
			cidr: _cidr,
			pausedAt: _paused,
			resumedAt: _resumed,
			...kept
		} = settings.aws ?? {};
		const steps = Object.fromEntries(Object.entries(settings.steps).filter(([step]) => !(undoneByTeardown as readonly string[]).includes(step)));
		return {...settings, aws: kept, steps};
	});
}
