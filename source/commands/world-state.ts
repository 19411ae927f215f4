// What exists now, asked of the world rather than remembered: the local warehouse's songplays
// and the cluster's status in AWS. The menu shows it beside each step; `status` prints it.

import {errorMessage} from '../core/errors.js';
import {formatCount} from '../core/format.js';
import type {Context} from '../core/context.js';
import type {Settings} from '../config/settings.js';
import {runningCost, runningCostNote, type RunningCost} from '../aws/running-cost.js';

export type WorldState = {
	/** e.g. "6,820 songplays" or "no tables yet". */
	readonly warehouse?: string;
	/** The cluster's status in AWS, e.g. "available", "paused" or "not there". */
	readonly cluster?: string;
	/** How long it has been running and about what that cost (an estimate). */
	readonly clusterCost?: RunningCost;
	/** The same in a few words, for the menu: "5h02m ≈$2.74 ⚠". */
	readonly clusterNote?: string;
};

export async function worldState(ctx: Context, settings: Settings): Promise<WorldState> {
	const state: {warehouse?: string; cluster?: string; clusterCost?: RunningCost; clusterNote?: string} = {};
	// Only a warehouse that something was loaded into is worth starting just to count it.
	if ((settings.target ?? 'local') === 'local' && (settings.steps.tables || settings.steps.etl || settings.steps.run)) {
		try {
			const [{openWarehouse}, {loadedSongplays}] = await Promise.all([import('../warehouse/connection.js'), import('../warehouse/tables.js')]);
			const warehouse = await openWarehouse(ctx, {kind: 'local'});
			const client = await warehouse.connect();
			try {
				const plays = await loadedSongplays(client);
				state.warehouse = plays === undefined ? 'no tables yet' : `${formatCount(plays)} songplays`;
			} finally {
				await client.end();
				await warehouse.close();
			}
		} catch (error) {
			state.warehouse = `not reachable (${errorMessage(error)})`;
		}
	}
	if (settings.aws?.clusterId && settings.aws.region) {
		try {
			const [{findCluster}, {awsClients}] = await Promise.all([import('../aws/find.js'), import('../aws/clients.js')]);
			// A glance for the menu: short, one attempt, and never what keeps the process alive after "quit".
			const clients = awsClients({
				region: settings.aws.region,
				env: ctx.env,
				...(settings.aws.profile ? {profile: settings.aws.profile} : {}),
				maxAttempts: 1,
				requestTimeoutMs: 5000,
				signal: AbortSignal.timeout(8000),
			});
			const cluster = await findCluster(clients, settings.aws.clusterId);
			state.cluster = cluster ? (cluster.ClusterStatus ?? 'unknown') : 'not there';
			const cost =
				cluster &&
				runningCost({
					status: state.cluster,
					createdAt: cluster.ClusterCreateTime,
					nodeType: cluster.NodeType,
					nodes: cluster.NumberOfNodes,
					resumedAt: settings.aws.resumedAt,
					pausedAt: settings.aws.pausedAt,
					now: Date.now(),
				});
			if (cost) {
				state.clusterCost = cost;
				state.clusterNote = runningCostNote(cost);
			}
		} catch (error) {
			state.cluster = `unknown (${errorMessage(error).slice(0, 60)})`;
		}
	}
	return state;
}
