// The AWS commands: credentials, sizing, role, cluster, network, teardown, and status.
// Each resolves its inputs (flags, then remembered settings, then defaults), runs its step,
// remembers what it made, and describes the outcome. Glue only: the work is in the steps.

import {DescribeClustersCommand, type Cluster} from '@aws-sdk/client-redshift';
import type {ParsedCommandLine} from '../cli/args.js';
import {callerPublicIp, clusterOwnGroup, publicIpUrl} from '../aws/network.js';
import {awsErrorName, translateAwsError} from '../aws/errors.js';
import {portProbe} from '../aws/redshift-connect.js';
import {isManagedByUs} from '../aws/tags.js';
import type {AwsClients} from '../aws/clients.js';
import {openSettings, type SettingsStore} from '../config/settings.js';
import type {Context} from '../core/context.js';
import {UserError} from '../core/errors.js';
import type {FrontEnd} from '../core/front-end.js';
import {runStep} from '../core/step.js';
import {parseS3Uri} from '../etl/s3-source.js';
import {clusterStep} from '../steps/cluster.js';
import {credentialsStep} from '../steps/credentials.js';
import {isTooWide, networkStep} from '../steps/network.js';
import {findRole, roleStep} from '../steps/role.js';
import {costOf, sizingStep} from '../steps/sizing.js';
import {teardownStep} from '../steps/teardown.js';
import {awsChoices, clientsFor, forgetAwsResources, rememberAws, type AwsChoices} from './aws-choices.js';
import {sizingLines, teardownLines} from './aws-summary.js';
import {exitCodes} from './target.js';
import {worldState} from './world-state.js';

export type AwsCommandName = 'credentials' | 'sizing' | 'role' | 'cluster' | 'network' | 'teardown' | 'status';

type Values = ParsedCommandLine['values'];
type Command = (values: Values, choices: AwsChoices, store: SettingsStore, ctx: Context, frontEnd: FrontEnd, signal: AbortSignal) => Promise<number>;

export async function awsCommand(name: AwsCommandName, values: Values, ctx: Context, frontEnd: FrontEnd, signal: AbortSignal): Promise<number> {
	const store = openSettings(ctx.paths);
	const choices = awsChoices(values, store.get(), ctx.env);
	// A cluster named on the command line is the one every later step means.
	if (values.clusterId && name !== 'teardown' && name !== 'status') rememberAws(store, {clusterId: choices.clusterId});
	return commands[name](values, choices, store, ctx, frontEnd, signal);
}

const credentials: Command = async (_values, choices, store, ctx, frontEnd, signal) => {
	const clients = clientsFor(choices, ctx, signal);
	const identity = await runStep(credentialsStep, ctx, {clients, region: choices.region, ...(choices.profile ? {profile: choices.profile} : {})}, frontEnd.report, signal, (id) => id.arn);
	rememberAws(store, {region: choices.region, ...(choices.profile ? {profile: choices.profile} : {})});
	frontEnd.outcome({
		command: 'credentials',
		ok: true,
		data: {...identity},
		summary: [`account: ${identity.account}`, `identity: ${identity.arn}`, `region: ${identity.region}${identity.profile ? `, profile ${identity.profile}` : ''}`],
	});
	return exitCodes.ok;
};

const sizing: Command = async (values, choices, store, ctx, frontEnd, signal) => {
	const clients = clientsFor(choices, ctx, signal);
	const chosen = values.nodeType !== undefined || values.nodes !== undefined;
	const result = await runStep(
		sizingStep,
		ctx,
		{clients, region: choices.region, ...(chosen ? {nodeType: choices.nodeType, nodes: choices.nodes} : {})},
		frontEnd.report,
		signal,
		(sized) => (sized.choice ? `${sized.choice.nodes} × ${sized.choice.nodeType}` : `${sized.offers.length} node types offered`),
	);
	if (result.choice) rememberAws(store, {region: choices.region, nodeType: result.choice.nodeType, nodes: result.choice.nodes});
	frontEnd.outcome({command: 'sizing', ok: true, data: {...result}, summary: sizingLines(result)});
	return exitCodes.ok;
};

const role: Command = async (_values, choices, store, ctx, frontEnd, signal) => {
	const clients = clientsFor(choices, ctx, signal);
	const options = {clients, roleName: choices.roleName, clusterId: choices.clusterId, source: parseS3Uri(choices.source)};
	const result = await runStep(roleStep, ctx, options, frontEnd.report, signal, (made) => `${made.created ? 'created' : 'reused'} ${made.roleArn}`);
	rememberAws(store, {roleName: result.roleName, roleArn: result.roleArn});
	store.update((settings) => ({...settings, source: choices.source}));
	frontEnd.outcome({command: 'role', ok: true, data: {...result}, summary: [`${result.created ? 'created' : 'already there'}: ${result.roleArn}`, `reads: ${choices.source} (list and get only)`]});
	return exitCodes.ok;
};

const cluster: Command = async (_values, choices, store, ctx, frontEnd, signal) => {
	const clients = clientsFor(choices, ctx, signal);
	// This cluster's own role, found by the name it is made under — never another cluster's.
	// When it is not there yet it is part of this plan, and made only once the plan is confirmed.
	const roleOptions = {clients, roleName: choices.roleName, clusterId: choices.clusterId, source: parseS3Uri(choices.source)};
	const existingRole = await findRole(clients, choices.roleName);
	if (existingRole && !isManagedByUs(existingRole.Tags)) {
		throw new UserError(`An IAM role named ${choices.roleName} exists, and sparkify-dwh did not make it.`, {
			hint: 'Choose another cluster name with --cluster-id (the role is named after it); the tool only changes roles it made.',
			code: 'role_not_ours',
		});
	}
	// The size is checked against what the region offers before anything is created.
	const sized = await sizingStep.run(ctx, {clients, region: choices.region, nodeType: choices.nodeType ?? 'ra3.large', nodes: choices.nodes ?? 1}, frontEnd.report, signal);
	const {nodeType, nodes} = sized.choice!;
	const costPerHour = costOf(sized.offers.find((offer) => offer.nodeType === nodeType), nodes).dollarsPerHour;
	const options = {clients, clusterId: choices.clusterId, nodeType, nodes, roleArn: existingRole?.Arn ?? '', groupName: choices.groupName, publiclyAccessible: choices.publiclyAccessible, ...(costPerHour === undefined ? {} : {costPerHour})};
	const clusterPlan = await clusterStep.plan(ctx, options);
	const plan = existingRole ? clusterPlan : {...clusterPlan, actions: [...(await roleStep.plan(ctx, roleOptions)).actions, ...clusterPlan.actions]};
	if (plan.actions.some((action) => action.action === 'create') && !(await frontEnd.confirm(`Create the cluster ${choices.clusterId}? It is billed by the hour until you run teardown.`, plan, '--yes'))) {
		frontEnd.outcome({command: 'cluster', ok: false, data: {declined: true}, summary: ['Nothing was created.']});
		return exitCodes.declined;
	}
	const role = existingRole?.Arn
		? {roleArn: existingRole.Arn}
		: await runStep(roleStep, ctx, roleOptions, frontEnd.report, signal, (made) => `${made.created ? 'created' : 'reused'} ${made.roleArn}`);
	const result = await runStep(clusterStep, ctx, {...options, roleArn: role.roleArn}, frontEnd.report, signal, (made) => `${made.created ? 'created' : 'ready'}: ${made.address}`);
	// What AWS holds is remembered, not what was asked.
	rememberAws(store, {
		clusterId: choices.clusterId,
		region: choices.region,
		nodeType: result.nodeType,
		nodes: result.nodes,
		roleName: choices.roleName,
		roleArn: role.roleArn,
		securityGroupId: result.securityGroupId,
		publiclyAccessible: choices.publiclyAccessible,
		databaseName: result.databaseName,
		masterUsername: result.masterUsername,
	});
	frontEnd.outcome({
		command: 'cluster',
		ok: true,
		data: {...result, ...(costPerHour === undefined || result.sizeDiffers ? {} : {costPerHour})},
		summary: [
			`${result.created ? 'created' : 'already there'}: ${result.clusterId} (${result.nodes} × ${result.nodeType}) at ${result.address}:${result.port}`,
			...(result.sizeDiffers ? [`not resized: ${nodes} × ${nodeType} was asked for; this tool does not resize a cluster`] : []),
			...(costPerHour === undefined || result.sizeDiffers ? [] : [`billed: about $${costPerHour.toFixed(3)} per hour until \`sparkify-dwh teardown\``]),
			...(choices.publiclyAccessible ? ['next: `sparkify-dwh network` opens its port to this machine'] : ['private: reachable only from inside its VPC']),
		],
	});
	return exitCodes.ok;
};

/** The cluster the command means, which must exist and be this tool's. */
async function ownCluster(clients: AwsClients, clusterId: string): Promise<Cluster> {
	let found: Cluster | undefined;
	try {
		found = (await clients.redshift.send(new DescribeClustersCommand({ClusterIdentifier: clusterId}))).Clusters?.[0];
	} catch (error) {
		if (awsErrorName(error) !== 'ClusterNotFoundFault') throw translateAwsError(error, `looking for the cluster ${clusterId}`);
	}
	if (!found) throw new UserError(`There is no cluster ${clusterId} in this region yet.`, {hint: 'Run `sparkify-dwh cluster` first (or check --cluster-id and --region).', code: 'cluster_missing'});
	if (!isManagedByUs(found.Tags)) {
		throw new UserError(`The cluster ${clusterId} was not made by sparkify-dwh, so its network is left alone.`, {hint: 'Pass the --cluster-id of a cluster this tool made.', code: 'cluster_not_ours'});
	}
	return found;
}

const network: Command = async (values, choices, store, ctx, frontEnd, signal) => {
	const clients = clientsFor(choices, ctx, signal);
	// The group comes from the cluster itself: its own VPC security group, tagged with its name.
	const found = await ownCluster(clients, choices.clusterId);
	const group = await clusterOwnGroup(clients, found, choices.clusterId);
	if (!group?.GroupId) {
		throw new UserError(`The cluster ${choices.clusterId} has no security group made by sparkify-dwh.`, {
			hint: 'Open its port in the EC2 console, or tear it down and create it again with `sparkify-dwh cluster`.',
			code: 'group_missing',
		});
	}
	const port = found.Endpoint?.Port ?? 5439;
	const options = {
		clients,
		clusterId: choices.clusterId,
		groupId: group.GroupId,
		port,
		...(choices.cidr ? {cidr: choices.cidr} : {}),
		allowWorld: values.allowWorld,
		publicIp: () => callerPublicIp(async (url) => (await fetch(url, {signal: AbortSignal.any([signal, AbortSignal.timeout(5000)])})).text(), publicIpUrl(ctx.env)),
		...(found.Endpoint?.Address ? {host: found.Endpoint.Address} : {}),
		probe: portProbe,
	};
	if (choices.cidr && isTooWide(choices.cidr.trim()) && values.allowWorld) {
		const plan = await networkStep.plan(ctx, options);
		if (!(await frontEnd.confirm(`Open port ${port} to ${choices.cidr}, far more than this machine?`, plan, '--yes'))) {
			frontEnd.outcome({command: 'network', ok: false, data: {declined: true}, summary: ['Nothing was opened.']});
			return exitCodes.declined;
		}
	}
	const result = await runStep(networkStep, ctx, options, frontEnd.report, signal, (opened) => `${opened.cidr} (${opened.ruleId})`);
	rememberAws(store, {ingressRuleId: result.ruleId, cidr: result.cidr, securityGroupId: result.groupId});
	frontEnd.outcome({
		command: 'network',
		ok: true,
		data: {...result, port},
		summary: [
			`${result.created ? 'opened' : 'already open'}: tcp/${port} from ${result.cidr} (rule ${result.ruleId})`,
			...result.removed.map((cidr) => `removed: the earlier rule for ${cidr}`),
			result.reachable === true ? 'the port answers from here' : result.reachable === false ? 'the port does not answer from here yet' : 'the port could not be checked from here',
		],
	});
	return exitCodes.ok;
};

const teardown: Command = async (values, choices, store, ctx, frontEnd, signal) => {
	const clients = clientsFor(choices, ctx, signal);
	const options = {clients, clusterId: choices.clusterId, roleName: choices.roleName, groupName: choices.groupName, snapshot: values.snapshot};
	const plan = await teardownStep.plan(ctx, options);
	if (!plan.actions.some((action) => action.action === 'delete')) {
		const alreadyGone = plan.actions.filter((action) => action.detail === 'already gone').map((action) => action.resource);
		const leftAlone = plan.actions.filter((action) => action.detail?.endsWith('left alone')).map((action) => action.resource);
		if (isCurrentCluster(store, choices.clusterId)) forgetAwsResources(store);
		frontEnd.outcome({
			command: 'teardown',
			ok: true,
			data: {deleted: [], alreadyGone, leftAlone},
			summary: [
				`Nothing sparkify-dwh made for ${choices.clusterId} is left in AWS.`,
				...leftAlone.map((name) => `left alone (not made by sparkify-dwh for ${choices.clusterId}): ${name}`),
			],
		});
		return exitCodes.ok;
	}
	if (!(await frontEnd.confirmByTyping(`Delete the cluster ${choices.clusterId} and everything listed?`, choices.clusterId, plan, values.confirm))) {
		frontEnd.outcome({command: 'teardown', ok: false, data: {declined: true}, summary: ['Nothing was deleted.']});
		return exitCodes.declined;
	}
	const startedAt = Date.now();
	const result = await runStep(teardownStep, ctx, options, frontEnd.report, signal, (done) => `${done.deleted.length} deleted, ${done.alreadyGone.length} already gone`);
	if (isCurrentCluster(store, choices.clusterId)) forgetAwsResources(store);
	frontEnd.outcome({command: 'teardown', ok: true, data: {...result}, summary: teardownLines(result, Date.now() - startedAt)});
	return exitCodes.ok;
};

/** Settings describe one cluster: tearing down another leaves them as they are. */
function isCurrentCluster(store: SettingsStore, clusterId: string): boolean {
	const remembered = store.get().aws?.clusterId;
	return remembered === undefined || remembered === clusterId;
}

const status: Command = async (_values, choices, store, ctx, frontEnd) => {
	const settings = store.get();
	const steps = Object.entries(settings.steps).map(([step, record]) => ({step, ...record}));
	// Checked against the world: the local warehouse counted, the cluster asked of AWS.
	const world = await worldState(ctx, settings);
	frontEnd.outcome({
		command: 'status',
		ok: true,
		data: {settings: store.path, target: settings.target ?? 'local', steps, aws: settings.aws ?? {}, ...world},
		summary: [
			`settings: ${store.path}`,
			...steps.map((record) => `${record.status === 'done' ? '✔' : record.status === 'failed' ? '✖' : '○'} ${record.step.padEnd(12)} ${record.status} ${record.at.slice(0, 16).replace('T', ' ')}${record.detail ? `  ${record.detail}` : ''}`),
			...(world.warehouse ? [`local warehouse: ${world.warehouse}`] : []),
			...(settings.aws?.clusterId ? [`cluster ${choices.clusterId} in ${choices.region}: ${world.cluster ?? 'unknown'}`] : ['no cluster yet (AWS steps: credentials, sizing, role, cluster, network)']),
		],
	});
	return exitCodes.ok;
};

const commands: Record<AwsCommandName, Command> = {credentials, sizing, role, cluster, network, teardown, status};
