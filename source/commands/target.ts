// Which warehouse a command works on, and the exit codes every command shares.

import {openSettings} from '../config/settings.js';
import type {Context} from '../core/context.js';
import {UserError} from '../core/errors.js';
import type {FrontEnd} from '../core/front-end.js';
import {runStep} from '../core/step.js';
import {openWarehouse, type Warehouse, type WarehouseTarget} from '../warehouse/connection.js';

/** Which warehouse: the embedded one, a URL, or the cluster (whose region, profile and id are remembered). */
export type TargetArgs = {
	readonly target: string;
	readonly databaseUrl: string | undefined;
	/** Redshift only; remembered from the AWS steps when absent. */
	readonly region?: string | undefined;
	readonly profile?: string | undefined;
	readonly clusterId?: string | undefined;
};

/** The target for local and URL warehouses (Redshift needs resolveTarget: it asks AWS). */
function warehouseTarget(args: TargetArgs): WarehouseTarget {
	if (args.databaseUrl) return {kind: 'url', url: args.databaseUrl};
	switch (args.target) {
		case 'local':
			return {kind: 'local'};
		case 'postgres':
			// The example is spelled so that redaction (which hides what follows "user:") leaves it readable.
			throw new UserError('--target postgres needs --database-url.', {hint: 'Pass --database-url postgres:// then user:password@host:port/database.', code: 'usage'});
		case 'redshift':
			throw new UserError('The Redshift target is resolved through the AWS settings.', {
				hint: 'Run the AWS steps first (sparkify-dwh credentials, sizing, role, cluster, network).',
				code: 'usage',
			});
		default:
			throw new UserError(`Unknown --target "${args.target}".`, {hint: 'Use --target local or redshift, or --database-url for any PostgreSQL.', code: 'usage'});
	}
}

/** The cluster the AWS steps made (or --cluster-id), with a temporary password from IAM. */
async function redshiftFromSettings(args: TargetArgs, ctx: Context): Promise<WarehouseTarget> {
	const aws = openSettings(ctx.paths).get().aws ?? {};
	const clusterId = args.clusterId ?? aws.clusterId;
	const region = args.region ?? aws.region;
	if (!clusterId || !region) {
		throw new UserError('No Redshift cluster is set up yet.', {
			hint: 'Run the AWS steps first (sparkify-dwh credentials, sizing, role, cluster, network), or pass --cluster-id and --region.',
			wizardHint: 'Choose "Set up Amazon Redshift" in the menu first, or name the cluster and region in Settings.',
			code: 'cluster_missing',
		});
	}
	const profile = args.profile ?? aws.profile;
	const [{awsClients}, {redshiftTarget}] = await Promise.all([import('../aws/clients.js'), import('../aws/redshift-connect.js')]);
	const clients = awsClients({region, env: ctx.env, ...(profile ? {profile} : {})});
	return redshiftTarget({clients, clusterId, ...(aws.databaseName ? {databaseName: aws.databaseName} : {}), ...(aws.masterUsername ? {dbUser: aws.masterUsername} : {})});
}

export async function resolveTarget(args: TargetArgs, ctx: Context): Promise<WarehouseTarget> {
	if (!args.databaseUrl && args.target === 'redshift') return redshiftFromSettings(args, ctx);
	return warehouseTarget(args);
}

/** Starting the embedded PostgreSQL, as a step on screen: a first run sets it up, which takes seconds. */
export const embeddedStartStep = {id: 'warehouse', title: 'Start the embedded PostgreSQL'} as const;

/** True when the command works on the embedded PostgreSQL (which it starts itself). */
export const isEmbedded = (args: TargetArgs) => !args.databaseUrl && args.target === 'local';

/**
 * Opens the chosen warehouse for the length of `work`, and closes it whatever happens.
 * `asStep`: the embedded server's start is reported as a step (run lists it among its steps).
 */
export async function withWarehouse<T>(
	args: TargetArgs,
	ctx: Context,
	frontEnd: FrontEnd,
	signal: AbortSignal,
	work: (warehouse: Warehouse) => Promise<T>,
	options: {asStep?: boolean} = {},
): Promise<T> {
	const target = await resolveTarget(args, ctx);
	const open = () => openWarehouse(ctx, target, {signal, onNotice: frontEnd.notice});
	const warehouse =
		options.asStep && target.kind === 'local'
			? await runStep({...embeddedStartStep, plan: async () => ({actions: [], destructive: false}), run: open}, ctx, undefined, frontEnd.report, signal, (opened) =>
					opened.label.replace(/^embedded PostgreSQL \((.*)\)$/, '$1'),
				)
			: await open();
	try {
		return await work(warehouse);
	} finally {
		await warehouse.close();
	}
}
