// How the tool reaches a Redshift cluster with pg: the endpoint from DescribeClusters,
// a temporary password from GetClusterCredentials (valid an hour, never stored or shown),
// TLS with the certificate checked, TCP keep-alive on (COPY can be silent for minutes and
// NAT boxes drop idle connections). Before connecting it says plainly what stands in the
// way: a paused or missing cluster, a private one, a closed port.

import dns from 'node:dns/promises';
import net from 'node:net';
import {GetClusterCredentialsCommand, type Cluster, type GetClusterCredentialsCommandOutput} from '@aws-sdk/client-redshift';
import {UserError} from '../core/errors.js';
import type {WarehouseTarget} from '../warehouse/connection.js';
import type {AwsClients} from './clients.js';
import {translateAwsError} from './errors.js';
import {findCluster} from './find.js';

export type RedshiftConnectOptions = {
	readonly clients: AwsClients;
	readonly clusterId: string;
	/** The database user the temporary password is for (the cluster's admin by default). */
	readonly dbUser?: string;
	readonly databaseName?: string;
	readonly probe?: (host: string, port: number) => Promise<boolean | 'unresolved'>;
};

function tcpProbe(host: string, port: number, timeoutMs = 5000): Promise<boolean> {
	return new Promise((resolve) => {
		const socket = net.connect({host, port, timeout: timeoutMs});
		const done = (open: boolean) => {
			socket.destroy();
			resolve(open);
		};
		socket.once('connect', () => done(true));
		socket.once('timeout', () => done(false));
		socket.once('error', () => done(false));
	});
}

/**
 * Whether host:port accepts a connection from here, or 'unresolved' when the host name does
 * not resolve (an emulator's clusters have names nobody serves). Bounded, and cancellable.
 */
export async function portProbe(host: string, port: number, signal?: AbortSignal): Promise<boolean | 'unresolved'> {
	try {
		await Promise.race([dns.lookup(host), new Promise((_resolve, reject) => setTimeout(() => reject(new Error('DNS lookup timed out')), 5000).unref())]);
	} catch {
		return 'unresolved';
	}
	if (signal?.aborted) return false;
	return tcpProbe(host, port, 3000);
}

/** Why a cluster cannot take connections from here, or undefined when nothing obvious stops it. */
function clusterObstacle(cluster: Cluster): UserError | undefined {
	const id = cluster.ClusterIdentifier ?? 'the cluster';
	const status = cluster.ClusterStatus ?? 'unknown';
	if (status === 'paused') return new UserError(`The cluster ${id} is paused.`, {hint: 'Resume it with `sparkify-dwh resume`, then try again.', code: 'cluster_paused'});
	if (!status.startsWith('available'))
		return new UserError(`The cluster ${id} is "${status}", not available yet.`, {hint: 'Run `sparkify-dwh cluster` to wait for it.', code: 'cluster_not_ready'});
	if (!cluster.Endpoint?.Address) return new UserError(`The cluster ${id} has no endpoint yet.`, {hint: 'Wait a minute and try again.', code: 'cluster_not_ready'});
	if (cluster.PubliclyAccessible === false) {
		return new UserError(`The cluster ${id} is not publicly accessible, so it cannot be reached from outside its VPC.`, {
			hint: 'Make it publicly accessible (aws redshift modify-cluster --publicly-accessible), or run the tool from inside the VPC.',
			code: 'cluster_private',
		});
	}
	return undefined;
}

/**
 * A database password valid for one hour, from GetClusterCredentials, for `dbUser` (which
 * must exist: AutoCreate is off). The user to log in as is the one it hands back ("IAM:sparkify").
 */
export async function temporaryCredentials(
	clients: AwsClients,
	clusterId: string,
	dbUser: string,
	database: string,
): Promise<{readonly DbUser: string; readonly DbPassword: string; readonly Expiration?: Date | undefined}> {
	let credentials: GetClusterCredentialsCommandOutput;
	try {
		credentials = await clients.redshift.send(
			new GetClusterCredentialsCommand({ClusterIdentifier: clusterId, DbUser: dbUser, DbName: database, DurationSeconds: 3600, AutoCreate: false}),
		);
	} catch (error) {
		throw translateAwsError(error, `getting a temporary database password for ${clusterId}`);
	}
	if (!credentials.DbUser || !credentials.DbPassword) throw new Error('GetClusterCredentials returned no credentials');
	return {DbUser: credentials.DbUser, DbPassword: credentials.DbPassword, Expiration: credentials.Expiration};
}

export async function redshiftTarget(options: RedshiftConnectOptions): Promise<WarehouseTarget> {
	const {clients, clusterId} = options;
	const cluster = await findCluster(clients, clusterId);
	if (!cluster)
		throw new UserError(`There is no cluster ${clusterId} in this region.`, {
			hint: 'Run `sparkify-dwh cluster` to create it, or check --region and --cluster-id.',
			wizardHint: "Run the menu's Cluster to create it, or check Settings → AWS region and Cluster name.",
			code: 'cluster_missing',
		});
	const obstacle = clusterObstacle(cluster);
	if (obstacle) throw obstacle;
	const host = cluster.Endpoint!.Address!;
	const port = cluster.Endpoint!.Port ?? 5439;
	const answer = await (options.probe ?? portProbe)(host, port);
	if (answer === 'unresolved') {
		throw new UserError(`The host name of the cluster ${clusterId} (${host}) does not resolve from this machine.`, {
			hint: "Check this machine's network and DNS; against an emulator (AWS_ENDPOINT_URL) the cluster has no real host, and loading needs Redshift itself.",
			code: 'cluster_unresolved',
		});
	}
	if (!answer) {
		throw new UserError(`Port ${port} of the cluster ${clusterId} does not answer from this machine.`, {
			hint: 'Run `sparkify-dwh network` to open it to this address (your public IP may have changed).',
			code: 'port_closed',
		});
	}
	const database = options.databaseName ?? cluster.DBName ?? 'dev';
	const dbUser = options.dbUser ?? cluster.MasterUsername ?? 'sparkify';
	const credentials = await temporaryCredentials(clients, clusterId, dbUser, database);
	return {
		kind: 'redshift',
		label: `Redshift ${clusterId} (${host}:${port}/${database})`,
		config: {
			host,
			port,
			database,
			// "IAM:sparkify": the temporary user name GetClusterCredentials hands back.
			user: credentials.DbUser,
			password: credentials.DbPassword,
			ssl: {rejectUnauthorized: true, servername: host},
			keepAlive: true,
			connectionTimeoutMillis: 15_000,
		},
	};
}
