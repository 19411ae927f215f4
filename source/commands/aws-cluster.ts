// What can be done with the cluster once it exists: connect a client of one's own to it,
// pause and resume it (a paused cluster is not billed for compute), and resize it (offered by
// `cluster` when asked for another size). Only ever on a cluster this tool made.

import type {Cluster} from '@aws-sdk/client-redshift';
import type {AwsClients} from '../aws/clients.js';
import {temporaryCredentials} from '../aws/redshift-connect.js';
import {tableDollarsPerHour} from '../aws/running-cost.js';
import type {SettingsStore} from '../config/settings.js';
import type {Context} from '../core/context.js';
import {UserError} from '../core/errors.js';
import {formatDuration} from '../core/format.js';
import type {FrontEnd} from '../core/front-end.js';
import {runStep} from '../core/step.js';
import {pauseStep, resizeStep, resumeStep, sizeOf, type ClusterSize, type ClusterStateResult} from '../steps/cluster-state.js';
import type {SizingResult} from '../steps/sizing.js';
import {costOf} from '../steps/sizing-rules.js';
import {clientsFor, mustBeOurs, ownCluster, prepareAws, rememberAws, type AwsChoices, type AwsFlags} from './aws-choices.js';
import {exitCodes} from './exit-codes.js';
import type {CommandIo} from './registry.js';

type AwsOutcome = Record<string, unknown>;

/** Where the CA bundle is for clients that cannot use the system's roots (psql before 16). */
const caBundleUrl = 'https://s3.amazonaws.com/redshift-downloads/amazon-trust-ca-bundle.crt';

export async function connect(input: AwsFlags & {readonly printPassword?: boolean}, io: CommandIo<AwsOutcome>): Promise<number> {
	const {ctx, signal} = io;
	const {choices} = prepareAws(input, ctx, true);
	const clients = clientsFor(choices, ctx, signal);
	const found = await ownCluster(clients, choices.clusterId, 'nothing is said about connecting to it');
	const host = found.Endpoint?.Address;
	if (!host)
		throw new UserError(`The cluster ${choices.clusterId} has no endpoint yet (it is "${found.ClusterStatus}").`, {
			hint: 'Run `sparkify-dwh cluster` to wait for it.',
			code: 'cluster_not_ready',
		});
	const port = found.Endpoint?.Port ?? 5439;
	const database = found.DBName ?? 'dev';
	const dbUser = found.MasterUsername ?? 'sparkify';
	const fetched = input.printPassword ? await temporaryCredentials(clients, choices.clusterId, dbUser, database) : undefined;
	// GetClusterCredentials hands back the name to log in as: the user with "IAM:" before it.
	const user = fetched?.DbUser ?? `IAM:${dbUser}`;
	const psql = `psql "host=${host} port=${port} dbname=${database} user=${user} sslmode=verify-full sslrootcert=system"`;
	const getPassword = [
		'aws redshift get-cluster-credentials',
		`--cluster-identifier ${choices.clusterId} --db-user ${dbUser} --db-name ${database} --duration-seconds 3600`,
		`--region ${choices.region}${choices.profile ? ` --profile ${choices.profile}` : ''}`,
		'--query DbPassword --output text',
	].join(' ');
	const status = found.ClusterStatus ?? 'unknown';
	const expires = fetched?.Expiration?.toISOString();
	const summary = [
		`endpoint: ${host}:${port}`,
		`database: ${database}`,
		`user: ${user} (the admin ${dbUser}, signed in with a temporary password)`,
		`psql: ${psql}`,
		`  (sslrootcert=system needs psql 16 or newer; with an older one download ${caBundleUrl} and pass sslrootcert=<that file>)`,
		`password, valid 1 hour: ${getPassword}`,
		...(status === 'paused' ? ['it is paused: `sparkify-dwh resume` before connecting'] : status === 'available' ? [] : [`it is "${status}" now`]),
		...(found.PubliclyAccessible === false ? ['it is private: reachable only from inside its VPC'] : ['its port opens to this machine with `sparkify-dwh network`']),
		...(fetched ? [`temporary password for ${user}, valid until ${expires?.slice(11, 16) ?? 'an hour from now'} UTC (printed once below; never saved or logged):`] : []),
	];
	io.outcome({
		ok: true,
		data: {
			clusterId: choices.clusterId,
			status,
			host,
			port,
			database,
			user,
			dbUser,
			psql,
			getPassword,
			...(fetched ? {password: fetched.DbPassword, ...(expires ? {expires} : {})} : {}),
		},
		summary,
	});
	// Alone on the last line of stdout, so `| tail -1` takes it; --json has it in its result instead.
	if (fetched && !io.json) io.write(`${fetched.DbPassword}\n`);
	return exitCodes.ok;
}

async function toggle(
	which: 'pause' | 'resume',
	input: AwsFlags,
	io: CommandIo<AwsOutcome>,
	lines: (result: ClusterStateResult, cluster: Cluster, choices: AwsChoices) => string[],
): Promise<number> {
	const {ctx, frontEnd, signal} = io;
	const {store, choices} = prepareAws(input, ctx, true);
	const clients = clientsFor(choices, ctx, signal);
	const cluster = await ownCluster(clients, choices.clusterId, `it is not ${which}d`);
	const step = which === 'pause' ? pauseStep : resumeStep;
	const result = await runStep(step, ctx, {clients, clusterId: choices.clusterId}, frontEnd.report, signal, (done) =>
		done.already ? `already ${done.status}` : `${done.status} after ${formatDuration(done.elapsedMs)}`,
	);
	if (!result.already) rememberAws(store, {clusterId: choices.clusterId, [which === 'pause' ? 'pausedAt' : 'resumedAt']: new Date().toISOString()});
	io.outcome({ok: true, data: {...result}, summary: lines(result, cluster, choices)});
	return exitCodes.ok;
}

export function pause(input: AwsFlags, io: CommandIo<AwsOutcome>): Promise<number> {
	return toggle('pause', input, io, (result) => [
		result.already ? `already paused: ${result.clusterId}` : `paused: ${result.clusterId}, after ${formatDuration(result.elapsedMs)}`,
		'billed: no compute while it is paused; its storage still is',
		'next: `sparkify-dwh resume` when you need it again (`sparkify-dwh teardown` stops all billing)',
	]);
}

export function resume(input: AwsFlags, io: CommandIo<AwsOutcome>): Promise<number> {
	return toggle('resume', input, io, (result, cluster) => {
		const {nodeType, nodes} = sizeOf(cluster);
		const perHour = tableDollarsPerHour(nodeType, nodes);
		return [
			result.already ? `already available: ${result.clusterId}` : `available again: ${result.clusterId}, after ${formatDuration(result.elapsedMs)}`,
			`billed: ${perHour === undefined ? 'by the hour' : `about $${perHour.toFixed(3)} per hour (${nodes} × ${nodeType})`} until \`sparkify-dwh pause\` or \`sparkify-dwh teardown\``,
		];
	});
}

/**
 * `cluster` asked for another size than the cluster has: a plan (old → new size and cost),
 * a confirmation, then an elastic resize, watched until the cluster is available at its new
 * size. Undefined when the size already matches; 'declined' when the user said no.
 */
export async function offerResize(
	options: {
		readonly ctx: Context;
		readonly frontEnd: FrontEnd;
		readonly signal: AbortSignal;
		readonly clients: AwsClients;
		readonly store: SettingsStore;
		readonly clusterId: string;
	},
	cluster: Cluster,
	to: ClusterSize,
	sized: SizingResult,
): Promise<ClusterStateResult | 'declined' | undefined> {
	const from = sizeOf(cluster);
	if (from.nodeType === to.nodeType && from.nodes === to.nodes) return undefined;
	const {ctx, frontEnd, signal, clients, store, clusterId} = options;
	mustBeOurs(cluster, clusterId, 'it is not resized');
	const price = (size: ClusterSize) =>
		costOf(
			sized.offers.find((offer) => offer.nodeType === size.nodeType),
			size.nodes,
		).dollarsPerHour;
	const [before, after] = [price(from), price(to)];
	const resizeOptions = {clients, clusterId, from, to, ...(after === undefined ? {} : {costPerHour: after})};
	const plan = await resizeStep.plan(ctx, resizeOptions);
	const cost = after === undefined ? '' : ` It is then billed about $${after.toFixed(3)} per hour${before === undefined ? '' : ` (now $${before.toFixed(3)})`}.`;
	if (!(await frontEnd.confirm(`Resize the cluster ${clusterId} from ${from.nodes} × ${from.nodeType} to ${to.nodes} × ${to.nodeType}?${cost}`, plan, '--yes'))) return 'declined';
	const result = await runStep(
		resizeStep,
		ctx,
		resizeOptions,
		frontEnd.report,
		signal,
		(done) => `${done.nodes} × ${done.nodeType}${done.already ? '' : ` after ${formatDuration(done.elapsedMs)}`}`,
	);
	rememberAws(store, {clusterId, ...(result.nodeType ? {nodeType: result.nodeType} : {}), ...(result.nodes ? {nodes: result.nodes} : {})});
	return result;
}
