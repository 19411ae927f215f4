// What the AWS commands act on: each value from its flag, else from what the settings
// remember, else a sensible default — so `sparkify-dwh cluster` after `sizing` and `role`
// needs no flags at all, and every answer is remembered for the next step.

import type {ParsedCommandLine} from '../cli/args.js';
import {awsClients, validateRegion, type AwsClients} from '../aws/clients.js';
import type {Context} from '../core/context.js';
import {UserError} from '../core/errors.js';
import type {AwsSettings, Settings, SettingsStore} from '../config/settings.js';
import {validateClusterId} from '../steps/cluster.js';

export {publicSource, publicSourceRegion} from '../aws/public-source.js';
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

export function awsChoices(values: ParsedCommandLine['values'], settings: Settings, env: NodeJS.ProcessEnv): AwsChoices {
	const remembered = settings.aws ?? {};
	const region = values.region ?? remembered.region ?? (env.AWS_REGION?.trim() || env.AWS_DEFAULT_REGION?.trim() || publicSourceRegion);
	const regionProblem = validateRegion(region);
	if (regionProblem) throw new UserError(regionProblem, {hint: 'Pass --region, e.g. --region us-west-2.', code: 'usage'});
	const clusterId = (values.clusterId ?? remembered.clusterId ?? 'sparkify-dwh').toLowerCase();
	const idProblem = validateClusterId(clusterId);
	if (idProblem) throw new UserError(idProblem, {hint: 'Pass another --cluster-id.', code: 'usage'});
	const source = values.source?.startsWith('s3://') ? values.source : settings.source?.startsWith('s3://') ? settings.source : publicSource;
	return {
		profile: values.profile ?? remembered.profile,
		region,
		clusterId,
		nodeType: values.nodeType ?? remembered.nodeType,
		nodes: values.nodes ?? remembered.nodes,
		roleName: remembered.roleName ?? `${clusterId}-s3-read`,
		groupName: `${clusterId}-access`,
		source,
		// The public bucket lives in us-west-2; a bucket of the user's own is taken to be in the cluster's region.
		sourceRegion: source.startsWith(publicSource) ? publicSourceRegion : region,
		publiclyAccessible: values.private ? false : (remembered.publiclyAccessible ?? true),
		cidr: values.cidr ?? remembered.cidr,
		remembered,
	};
}

export function clientsFor(choices: AwsChoices, ctx: Context): AwsClients {
	return awsClients({region: choices.region, env: ctx.env, ...(choices.profile ? {profile: choices.profile} : {})});
}

/** Remembers AWS answers; the store refuses anything secret-looking by itself. */
export function rememberAws(store: SettingsStore | undefined, change: Partial<AwsSettings>): void {
	store?.update((settings) => ({...settings, aws: {...settings.aws, ...change}}));
}

/** Forgets the ids of things that no longer exist (after teardown). */
export function forgetAwsResources(store: SettingsStore | undefined): void {
	store?.update((settings) => {
		const {roleArn: _roleArn, securityGroupId: _group, ingressRuleId: _rule, ...kept} = settings.aws ?? {};
		return {...settings, aws: kept};
	});
}
