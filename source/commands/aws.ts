// The AWS commands: credentials, sizing, role, cluster, network, teardown, and status.
// Each resolves its inputs (flags, then remembered settings, then defaults), runs its step,
// remembers what it made, and describes the outcome. Glue only: the work is in the steps.

import {findCluster, findRole} from '../aws/find.js';
import {callerPublicIp, clusterOwnGroup, publicIpUrl} from '../aws/network.js';
import {portProbe} from '../aws/redshift-connect.js';
import {runningCostLines} from '../aws/running-cost.js';
import {isManagedByUs} from '../aws/tags.js';
import type {SettingsStore} from '../config/settings.js';
import {UserError} from '../core/errors.js';
import {formatDuration, formatLocalTime} from '../core/format.js';
import {runStep} from '../core/step.js';
import {parseS3Uri} from '../etl/s3-location.js';
import {clusterStep} from '../steps/cluster.js';
import {sizeOf} from '../steps/cluster-state.js';
import {credentialsStep} from '../steps/credentials.js';
import {isTooWide, networkStep} from '../steps/network.js';
import {roleStep} from '../steps/role.js';
import {sizingStep, type SizingResult} from '../steps/sizing.js';
import {costOf} from '../steps/sizing-rules.js';
import {teardownStep} from '../steps/teardown.js';
import {clientsFor, forgetAwsResources, ownCluster, prepareAws, rememberAws, type AwsFlags} from './aws-choices.js';
import {offerResize} from './aws-cluster.js';
import {sizingLines, teardownLines} from './aws-summary.js';
import {exitCodes} from './exit-codes.js';
import type {CommandIo} from './registry.js';
import {worldState} from './world-state.js';

/** What an AWS command may be told on its command line; awsChoices fills in the rest. */
type AwsInput = AwsFlags & {readonly allowWorld?: boolean; readonly snapshot?: boolean; readonly confirm?: string | undefined};
type AwsOutcome = Record<string, unknown>;

export async function credentials(input: AwsInput, io: CommandIo<AwsOutcome>): Promise<number> {
	const {ctx, frontEnd, signal} = io;
	const {store, choices} = prepareAws(input, ctx, true);
	const clients = clientsFor(choices, ctx, signal);
	const identity = await runStep(
		credentialsStep,
		ctx,
		{clients, region: choices.region, ...(choices.profile ? {profile: choices.profile} : {})},
		frontEnd.report,
		signal,
		(id) => id.arn,
	);
	rememberAws(store, {region: choices.region, ...(choices.profile ? {profile: choices.profile} : {})});
	io.outcome({
		ok: true,
		data: {...identity},
		summary: [`account: ${identity.account}`, `identity: ${identity.arn}`, `region: ${identity.region}${identity.profile ? `, profile ${identity.profile}` : ''}`],
	});
	return exitCodes.ok;
}

export async function sizing(input: AwsInput, io: CommandIo<SizingResult>): Promise<number> {
	const {ctx, frontEnd, signal} = io;
	const {store, choices} = prepareAws(input, ctx, true);
	const clients = clientsFor(choices, ctx, signal);
	const chosen = input.nodeType !== undefined || input.nodes !== undefined;
	const result = await runStep(
		sizingStep,
		ctx,
		{clients, region: choices.region, ...(chosen ? {nodeType: choices.nodeType, nodes: choices.nodes} : {})},
		frontEnd.report,
		signal,
		(sized) => (sized.choice ? `${sized.choice.nodes} × ${sized.choice.nodeType}` : `${sized.offers.length} node types offered`),
	);
	if (result.choice) rememberAws(store, {region: choices.region, nodeType: result.choice.nodeType, nodes: result.choice.nodes});
	io.outcome({ok: true, data: {...result}, summary: sizingLines(result)});
	return exitCodes.ok;
}

export async function role(input: AwsInput, io: CommandIo<AwsOutcome>): Promise<number> {
	const {ctx, frontEnd, signal} = io;
	const {store, choices} = prepareAws(input, ctx, true);
	const clients = clientsFor(choices, ctx, signal);
	const options = {clients, roleName: choices.roleName, clusterId: choices.clusterId, source: parseS3Uri(choices.source)};
	const result = await runStep(roleStep, ctx, options, frontEnd.report, signal, (made) => `${made.created ? 'created' : 'reused'} ${made.roleArn}`);
	rememberAws(store, {roleName: result.roleName, roleArn: result.roleArn});
	store.update((settings) => ({...settings, source: choices.source}));
	io.outcome({ok: true, data: {...result}, summary: [`${result.created ? 'created' : 'already there'}: ${result.roleArn}`, `reads: ${choices.source} (list and get only)`]});
	return exitCodes.ok;
}

export async function cluster(input: AwsInput, io: CommandIo<AwsOutcome>): Promise<number> {
	const {ctx, frontEnd, signal} = io;
	const {store, choices} = prepareAws(input, ctx, true);
	const clients = clientsFor(choices, ctx, signal);
	// This cluster's own role, found by the name it is made under — never another cluster's.
	// When it is not there yet it is part of this plan, and made only once the plan is confirmed.
	const roleOptions = {clients, roleName: choices.roleName, clusterId: choices.clusterId, source: parseS3Uri(choices.source)};
	const existingRole = await findRole(clients, choices.roleName);
	if (existingRole && !isManagedByUs(existingRole.Tags)) {
		throw new UserError(`An IAM role named ${choices.roleName} exists, and sparkify-dwh did not make it.`, {
			hint: 'Choose another cluster name with --cluster-id (the role is named after it); the tool only changes roles it made.',
			wizardHint: 'Choose another name in Settings → Cluster name (the role is named after it); the tool only changes roles it made.',
			code: 'role_not_ours',
		});
	}
	// The size is checked against what the region offers before anything is created.
	const sized = await sizingStep.run(ctx, {clients, region: choices.region, nodeType: choices.nodeType ?? 'ra3.large', nodes: choices.nodes ?? 1}, frontEnd.report, signal);
	const {nodeType, nodes} = sized.choice!;
	const costPerHour = costOf(
		sized.offers.find((offer) => offer.nodeType === nodeType),
		nodes,
	).dollarsPerHour;
	// A cluster of ours at another size is offered a resize (its own plan and confirmation) before anything else.
	const existing = await findCluster(clients, choices.clusterId);
	const resized = existing ? await offerResize({ctx, frontEnd, signal, clients, store, clusterId: choices.clusterId}, existing, {nodeType, nodes}, sized) : undefined;
	if (resized === 'declined') {
		const held = sizeOf(existing!);
		io.outcome({
			ok: false,
			data: {declined: true, nodeType: held.nodeType, nodes: held.nodes},
			summary: [`Nothing was changed: ${choices.clusterId} stays ${held.nodes} × ${held.nodeType}.`],
		});
		return exitCodes.declined;
	}
	const options = {
		clients,
		clusterId: choices.clusterId,
		nodeType,
		nodes,
		roleArn: existingRole?.Arn ?? '',
		groupName: choices.groupName,
		publiclyAccessible: choices.publiclyAccessible,
		...(costPerHour === undefined ? {} : {costPerHour}),
	};
	const clusterPlan = await clusterStep.plan(ctx, options);
	const plan = existingRole ? clusterPlan : {...clusterPlan, actions: [...(await roleStep.plan(ctx, roleOptions)).actions, ...clusterPlan.actions]};
	if (
		plan.actions.some((action) => action.action === 'create') &&
		!(await frontEnd.confirm(`Create the cluster ${choices.clusterId}? It is billed by the hour until you run teardown.`, plan, '--yes'))
	) {
		io.outcome({ok: false, data: {declined: true}, summary: ['Nothing was created.']});
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
	io.outcome({
		ok: true,
		data: {...result, ...(costPerHour === undefined || result.sizeDiffers ? {} : {costPerHour}), ...(resized ? {resizedFrom: sizeOf(existing!)} : {})},
		summary: [
			`${result.created ? 'created' : 'already there'}: ${result.clusterId} (${result.nodes} × ${result.nodeType}) at ${result.address}:${result.port}`,
			...(resized ? [`resized: from ${sizeOf(existing!).nodes} × ${sizeOf(existing!).nodeType}${resized.already ? '' : ` in ${formatDuration(resized.elapsedMs)}`}`] : []),
			...(result.sizeDiffers ? [`not resized: ${nodes} × ${nodeType} was asked for; this tool does not resize a cluster`] : []),
			...(costPerHour === undefined || result.sizeDiffers ? [] : [`billed: about $${costPerHour.toFixed(3)} per hour until \`sparkify-dwh teardown\``]),
			...(choices.publiclyAccessible ? ['next: `sparkify-dwh network` opens its port to this machine'] : ['private: reachable only from inside its VPC']),
		],
	});
	return exitCodes.ok;
}

export async function network(input: AwsInput, io: CommandIo<AwsOutcome>): Promise<number> {
	const {ctx, frontEnd, signal} = io;
	const {store, choices} = prepareAws(input, ctx, true);
	const clients = clientsFor(choices, ctx, signal);
	// The group comes from the cluster itself: its own VPC security group, tagged with its name.
	const found = await ownCluster(clients, choices.clusterId, 'its network is left alone');
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
		allowWorld: input.allowWorld,
		publicIp: () => callerPublicIp(async (url) => (await fetch(url, {signal: AbortSignal.any([signal, AbortSignal.timeout(5000)])})).text(), publicIpUrl(ctx.env)),
		...(found.Endpoint?.Address ? {host: found.Endpoint.Address} : {}),
		probe: portProbe,
	};
	if (choices.cidr && isTooWide(choices.cidr.trim()) && input.allowWorld) {
		const plan = await networkStep.plan(ctx, options);
		if (!(await frontEnd.confirm(`Open port ${port} to ${choices.cidr}, far more than this machine?`, plan, '--yes'))) {
			io.outcome({ok: false, data: {declined: true}, summary: ['Nothing was opened.']});
			return exitCodes.declined;
		}
	}
	const result = await runStep(networkStep, ctx, options, frontEnd.report, signal, (opened) => `${opened.cidr} (${opened.ruleId})`);
	rememberAws(store, {ingressRuleId: result.ruleId, cidr: result.cidr, securityGroupId: result.groupId});
	io.outcome({
		ok: true,
		data: {...result, port},
		summary: [
			`${result.created ? 'opened' : 'already open'}: tcp/${port} from ${result.cidr} (rule ${result.ruleId})`,
			...result.removed.map((cidr) => `removed: the earlier rule for ${cidr}`),
			result.reachable === true ? 'the port answers from here' : result.reachable === false ? 'the port does not answer from here yet' : 'the port could not be checked from here',
		],
	});
	return exitCodes.ok;
}

export async function teardown(input: AwsInput, io: CommandIo<AwsOutcome>): Promise<number> {
	const {ctx, frontEnd, signal} = io;
	const {store, choices} = prepareAws(input, ctx, false);
	const clients = clientsFor(choices, ctx, signal);
	const options = {clients, clusterId: choices.clusterId, roleName: choices.roleName, groupName: choices.groupName, snapshot: input.snapshot};
	const plan = await teardownStep.plan(ctx, options);
	if (!plan.actions.some((action) => action.action === 'delete')) {
		const alreadyGone = plan.actions.filter((action) => action.detail === 'already gone').map((action) => action.resource);
		const leftAlone = plan.actions.filter((action) => action.detail?.endsWith('left alone')).map((action) => action.resource);
		if (isCurrentCluster(store, choices.clusterId)) forgetAwsResources(store);
		io.outcome({
			ok: true,
			data: {deleted: [], alreadyGone, leftAlone},
			summary: [
				`Nothing sparkify-dwh made for ${choices.clusterId} is left in AWS.`,
				...leftAlone.map((name) => `left alone (not made by sparkify-dwh for ${choices.clusterId}): ${name}`),
			],
		});
		return exitCodes.ok;
	}
	if (!(await frontEnd.confirmByTyping(`Delete the cluster ${choices.clusterId} and everything listed?`, choices.clusterId, plan, input.confirm))) {
		io.outcome({ok: false, data: {declined: true}, summary: ['Nothing was deleted.']});
		return exitCodes.declined;
	}
	const startedAt = Date.now();
	const result = await runStep(teardownStep, ctx, options, frontEnd.report, signal, (done) => `${done.deleted.length} deleted, ${done.alreadyGone.length} already gone`);
	if (isCurrentCluster(store, choices.clusterId)) forgetAwsResources(store);
	io.outcome({ok: true, data: {...result}, summary: teardownLines(result, Date.now() - startedAt)});
	return exitCodes.ok;
}

/** Settings describe one cluster: tearing down another leaves them as they are. */
function isCurrentCluster(store: SettingsStore, clusterId: string): boolean {
	const remembered = store.get().aws?.clusterId;
	return remembered === undefined || remembered === clusterId;
}

export async function status(input: AwsInput, io: CommandIo<AwsOutcome>): Promise<number> {
	const {ctx} = io;
	const {store, choices} = prepareAws(input, ctx, false);
	const settings = store.get();
	const steps = Object.entries(settings.steps).map(([step, record]) => ({step, ...record}));
	// Checked against the world: the local warehouse counted, the cluster asked of AWS.
	const world = await worldState(ctx, settings);
	io.outcome({
		ok: true,
		data: {settings: store.path, target: settings.target ?? 'local', steps, aws: settings.aws ?? {}, ...world},
		summary: [
			`settings: ${store.path}`,
			...steps.map(
				(record) =>
					`${record.status === 'done' ? '✔' : record.status === 'failed' ? '✖' : '○'} ${record.step.padEnd(12)} ${record.status} ${formatLocalTime(record.at)}${record.detail ? `  ${record.detail}` : ''}`,
			),
			...(world.warehouse ? [`local warehouse: ${world.warehouse}`] : []),
			...(settings.aws?.clusterId
				? [`cluster ${choices.clusterId} in ${choices.region}: ${world.cluster ?? 'unknown'}`]
				: ['no cluster yet (AWS steps: credentials, sizing, role, cluster, network)']),
			...(world.clusterCost ? runningCostLines(world.clusterCost).map((line) => `  ${line}`) : []),
		],
	});
	return exitCodes.ok;
}
