// The AWS commands: credentials, sizing, role, cluster, network, teardown, and status.
// Each resolves its inputs (flags, then remembered settings, then defaults), runs its step,
// remembers what it made, and describes the outcome. Glue only: the work is in the steps.

import {DescribeClustersCommand} from '@aws-sdk/client-redshift';
import type {ParsedCommandLine} from '../cli/args.js';
import {defaultVpcId, ensureSecurityGroup} from '../aws/network.js';
import {awsErrorName} from '../aws/errors.js';
import {openSettings, type SettingsStore} from '../config/settings.js';
import type {Context} from '../core/context.js';
import {UserError} from '../core/errors.js';
import type {FrontEnd} from '../core/front-end.js';
import {runStep} from '../core/step.js';
import {parseS3Uri} from '../etl/s3-source.js';
import {clusterStep} from '../steps/cluster.js';
import {credentialsStep} from '../steps/credentials.js';
import {networkStep} from '../steps/network.js';
import {roleStep} from '../steps/role.js';
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
	const clients = clientsFor(choices, ctx);
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
	const clients = clientsFor(choices, ctx);
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
	const clients = clientsFor(choices, ctx);
	const options = {clients, roleName: choices.roleName, source: parseS3Uri(choices.source)};
	const result = await runStep(roleStep, ctx, options, frontEnd.report, signal, (made) => `${made.created ? 'created' : 'reused'} ${made.roleArn}`);
	rememberAws(store, {roleName: result.roleName, roleArn: result.roleArn});
	store.update((settings) => ({...settings, source: choices.source}));
	frontEnd.outcome({command: 'role', ok: true, data: {...result}, summary: [`${result.created ? 'created' : 'already there'}: ${result.roleArn}`, `reads: ${choices.source} (list and get only)`]});
	return exitCodes.ok;
};

const cluster: Command = async (values, choices, store, ctx, frontEnd, signal) => {
	const clients = clientsFor(choices, ctx);
	const roleArn = choices.remembered.roleArn;
	if (!roleArn) throw new UserError('The cluster needs the IAM role that lets it read S3.', {hint: 'Run `sparkify-dwh role` first.', code: 'role_missing'});
	// The size is checked against what the region offers before anything is created.
	const sized = await sizingStep.run(ctx, {clients, region: choices.region, nodeType: choices.nodeType ?? 'ra3.large', nodes: choices.nodes ?? 1}, frontEnd.report, signal);
	const {nodeType, nodes} = sized.choice!;
	const costPerHour = costOf(sized.offers.find((offer) => offer.nodeType === nodeType), nodes).dollarsPerHour;
	const groupOptions = {clients, clusterId: choices.clusterId, nodeType, nodes, roleArn, securityGroupId: choices.remembered.securityGroupId ?? '(its own security group)', publiclyAccessible: choices.publiclyAccessible, ...(costPerHour === undefined ? {} : {costPerHour})};
	const plan = await clusterStep.plan(ctx, groupOptions);
	if (plan.actions.some((action) => action.action === 'create') && !(await frontEnd.confirm(`Create the cluster ${choices.clusterId}? It is billed by the hour until you run teardown.`, plan, '--yes'))) {
		frontEnd.outcome({command: 'cluster', ok: false, data: {declined: true}, summary: ['Nothing was created.']});
		return exitCodes.declined;
	}
	const vpcId = await defaultVpcId(clients, choices.region);
	const group = await ensureSecurityGroup(clients, vpcId, choices.groupName);
	rememberAws(store, {clusterId: choices.clusterId, region: choices.region, nodeType, nodes, securityGroupId: group.groupId, publiclyAccessible: choices.publiclyAccessible});
	const result = await runStep(clusterStep, ctx, {...groupOptions, securityGroupId: group.groupId}, frontEnd.report, signal, (made) => `${made.created ? 'created' : 'ready'}: ${made.address}`);
	rememberAws(store, {databaseName: result.databaseName, masterUsername: result.masterUsername});
	frontEnd.outcome({
		command: 'cluster',
		ok: true,
		data: {...result, nodeType, nodes, securityGroupId: group.groupId, ...(costPerHour === undefined ? {} : {costPerHour})},
		summary: [
			`${result.created ? 'created' : 'already there'}: ${result.clusterId} (${nodes} × ${nodeType}) at ${result.address}:${result.port}`,
			...(costPerHour === undefined ? [] : [`billed: about $${costPerHour.toFixed(3)} per hour until \`sparkify-dwh teardown\``]),
			...(choices.publiclyAccessible ? ['next: `sparkify-dwh network` opens its port to this machine'] : ['private: reachable only from inside its VPC']),
		],
	});
	return exitCodes.ok;
};

const network: Command = async (values, choices, store, ctx, frontEnd, signal) => {
	const clients = clientsFor(choices, ctx);
	const groupId = choices.remembered.securityGroupId;
	if (!groupId) throw new UserError('There is no cluster security group to open yet.', {hint: 'Run `sparkify-dwh cluster` first.', code: 'group_missing'});
	const port = await clusterPort(choices, ctx);
	const options = {clients, groupId, port, ...(choices.cidr ? {cidr: choices.cidr} : {}), allowWorld: values.allowWorld};
	if (choices.cidr?.trim().endsWith('/0')) {
		const plan = await networkStep.plan(ctx, options);
		if (!values.allowWorld) throw new UserError(`Opening port ${port} to ${choices.cidr} lets the whole internet try to log in to the cluster.`, {hint: 'Leave --cidr out to allow only this machine, or add --allow-world if you really mean everyone.', code: 'world_not_allowed'});
		if (!(await frontEnd.confirm(`Open port ${port} to the WHOLE INTERNET?`, plan, '--yes'))) return exitCodes.declined;
	}
	const result = await runStep(networkStep, ctx, options, frontEnd.report, signal, (opened) => `${opened.cidr} (${opened.ruleId})`);
	rememberAws(store, {ingressRuleId: result.ruleId, cidr: result.cidr});
	frontEnd.outcome({command: 'network', ok: true, data: {...result, port}, summary: [`${result.created ? 'opened' : 'already open'}: tcp/${port} from ${result.cidr} (rule ${result.ruleId})`]});
	return exitCodes.ok;
};

async function clusterPort(choices: AwsChoices, ctx: Context): Promise<number> {
	try {
		const found = await clientsFor(choices, ctx).redshift.send(new DescribeClustersCommand({ClusterIdentifier: choices.clusterId}));
		return found.Clusters?.[0]?.Endpoint?.Port ?? 5439;
	} catch (error) {
		if (awsErrorName(error) === 'ClusterNotFoundFault') return 5439;
		throw error;
	}
}

const teardown: Command = async (values, choices, store, ctx, frontEnd, signal) => {
	const clients = clientsFor(choices, ctx);
	const options = {
		clients,
		clusterId: choices.clusterId,
		roleName: choices.roleName,
		groupName: choices.groupName,
		snapshot: values.snapshot,
		...(choices.remembered.securityGroupId ? {securityGroupId: choices.remembered.securityGroupId} : {}),
		...(choices.remembered.ingressRuleId ? {ingressRuleId: choices.remembered.ingressRuleId} : {}),
	};
	const plan = await teardownStep.plan(ctx, options);
	if (!plan.actions.some((action) => action.action === 'delete')) {
		forgetAwsResources(store);
		frontEnd.outcome({command: 'teardown', ok: true, data: {deleted: [], alreadyGone: plan.actions.map((action) => action.resource), leftAlone: []}, summary: ['Nothing of sparkify-dwh is left in AWS.']});
		return exitCodes.ok;
	}
	if (!(await frontEnd.confirmByTyping(`Delete the cluster ${choices.clusterId} and everything listed?`, choices.clusterId, plan, values.confirm))) {
		frontEnd.outcome({command: 'teardown', ok: false, data: {declined: true}, summary: ['Nothing was deleted.']});
		return exitCodes.declined;
	}
	const startedAt = Date.now();
	const result = await runStep(teardownStep, ctx, options, frontEnd.report, signal, (done) => `${done.deleted.length} deleted, ${done.alreadyGone.length} already gone`);
	forgetAwsResources(store);
	frontEnd.outcome({command: 'teardown', ok: true, data: {...result}, summary: teardownLines(result, Date.now() - startedAt)});
	return exitCodes.ok;
};

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
