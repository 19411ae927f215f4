// How long the cluster has been running and about what that has cost: pure arithmetic on
// what AWS says (its creation time, status and size), the times this tool last paused and
// resumed it, and the same dated price table sizing falls back on. An estimate, and said
// to be one: on-demand list prices, the current size for the whole stretch, storage left
// out, and pauses made outside this tool not known. A paused cluster costs no compute.

import {nodeFacts, priceTableDate} from './price-table.js';

/** Past this many hours of running the cluster is worth a warning: the bill grows while nobody looks. */
export const longRunningHours = 4;

export type ClusterClock = {
	readonly status: string;
	readonly createdAt: Date | undefined;
	readonly nodeType: string | undefined;
	readonly nodes: number | undefined;
	/** When this tool last resumed it (ISO), if it did. */
	readonly resumedAt?: string | undefined;
	/** When this tool last paused it (ISO), if it did. */
	readonly pausedAt?: string | undefined;
	readonly now: number;
};

export type RunningCost = {
	/** Billed for compute now (anything but paused). */
	readonly running: boolean;
	/** When the stretch counted began: its creation, or this tool's last resume. */
	readonly since: string;
	readonly sinceWhat: 'created' | 'resumed';
	/** Hours of the stretch (up to now, or up to the pause); undefined when a pause's time is not known. */
	readonly hours?: number;
	readonly nodeType?: string;
	readonly nodes?: number;
	readonly dollarsPerNodeHour?: number;
	readonly dollarsSoFar?: number;
	readonly priceAsOf: string;
	/** Running for more than longRunningHours. */
	readonly longRunning: boolean;
};

/** Dollars per hour for `nodes` of `nodeType` from the dated price table; undefined for a type it lacks. */
export function tableDollarsPerHour(nodeType: string, nodes: number): number | undefined {
	const perNode = nodeFacts[nodeType]?.dollarsPerNodeHour;
	return perNode === undefined ? undefined : perNode * nodes;
}

const time = (iso: string | undefined) => (iso === undefined ? Number.NaN : Date.parse(iso));

export function runningCost(clock: ClusterClock): RunningCost | undefined {
	const created = clock.createdAt?.getTime();
	if (created === undefined || !Number.isFinite(created)) return undefined;
	const resumed = time(clock.resumedAt);
	const fromResume = Number.isFinite(resumed) && resumed > created && resumed <= clock.now;
	const start = fromResume ? resumed : created;
	const running = clock.status !== 'paused';
	const paused = time(clock.pausedAt);
	const end = running ? clock.now : Number.isFinite(paused) && paused >= start ? paused : undefined;
	const hours = end === undefined ? undefined : Math.max(0, end - start) / 3_600_000;
	const price = clock.nodeType ? nodeFacts[clock.nodeType]?.dollarsPerNodeHour : undefined;
	const nodes = clock.nodes ?? 1;
	return {
		running,
		since: new Date(start).toISOString(),
		sinceWhat: fromResume ? 'resumed' : 'created',
		...(hours === undefined ? {} : {hours}),
		...(clock.nodeType ? {nodeType: clock.nodeType, nodes} : {}),
		...(price === undefined ? {} : {dollarsPerNodeHour: price}),
		...(price === undefined || hours === undefined ? {} : {dollarsSoFar: hours * price * nodes}),
		priceAsOf: priceTableDate,
		longRunning: running && hours !== undefined && hours > longRunningHours,
	};
}

/** "42 min", "5 h 02 min", "3 d 4 h". */
export function formatSpan(hours: number): string {
	const minutes = Math.round(hours * 60);
	if (minutes < 60) return `${minutes} min`;
	if (minutes < 48 * 60) return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
	return `${Math.floor(minutes / 1440)} d ${Math.floor((minutes % 1440) / 60)} h`;
}

const money = (dollars: number) => `$${dollars.toFixed(2)}`;

/** For `status`: what it has run and cost, what the figure is, and a warning when it has run long. */
export function runningCostLines(cost: RunningCost): string[] {
	const since = `${cost.since.slice(0, 16).replace('T', ' ')} UTC`;
	const rate = cost.dollarsPerNodeHour === undefined ? undefined : `${cost.nodes} × ${cost.nodeType} at $${cost.dollarsPerNodeHour.toFixed(3)} per node-hour`;
	const estimate = `an estimate: on-demand list price of ${cost.priceAsOf}, storage not included`;
	const lines: string[] = [];
	if (cost.running) {
		lines.push(`running for ${formatSpan(cost.hours ?? 0)}, since it was ${cost.sinceWhat} (${since})`);
		lines.push(
			cost.dollarsSoFar === undefined
				? `cost so far: unknown (no price for ${cost.nodeType ?? 'its node type'} in the table)`
				: `cost so far: about ${money(cost.dollarsSoFar)} (${rate}; ${estimate})`,
		);
	} else {
		lines.push('paused: no compute is billed while it is paused (its storage still is)');
		if (cost.hours !== undefined && cost.dollarsSoFar !== undefined) {
			lines.push(`before the pause: ${formatSpan(cost.hours)} since it was ${cost.sinceWhat} (${since}), about ${money(cost.dollarsSoFar)} (${rate}; ${estimate})`);
		}
	}
	if (cost.longRunning) {
		lines.push(
			`warning: running for more than ${longRunningHours} h — \`sparkify-dwh pause\` stops the compute bill (storage is still billed), \`sparkify-dwh teardown\` stops all of it`,
		);
	}
	return lines;
}

/** For the menu's cluster row, which has about 20 columns to spare: "5h02m ≈$2.74 ⚠". */
export function runningCostNote(cost: RunningCost): string {
	if (!cost.running) return 'no compute billed';
	const minutes = Math.round((cost.hours ?? 0) * 60);
	const span = minutes < 48 * 60 ? `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m` : `${Math.floor(minutes / 1440)}d${Math.floor((minutes % 1440) / 60)}h`;
	const dollars = cost.dollarsSoFar === undefined ? '' : ` ≈$${cost.dollarsSoFar >= 100 ? Math.round(cost.dollarsSoFar) : cost.dollarsSoFar.toFixed(2)}`;
	return `${span}${dollars}${cost.longRunning ? ' ⚠' : ''}`;
}
