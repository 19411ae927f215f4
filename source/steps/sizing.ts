// Cluster sizing: which node types the region really offers today (asked of Redshift, not
// remembered), which node counts each allows, and what a choice costs per hour and per
// month, with Redshift Serverless's smallest base capacity beside it for comparison. A
// choice AWS would refuse (a retired type, one node of a multi-node-only type, too many
// nodes) is refused here, with the reason, before anything is created.

import {DescribeOrderableClusterOptionsCommand} from '@aws-sdk/client-redshift';
import type {AwsClients} from '../aws/clients.js';
import {isUnsupportedApi, translateAwsError} from '../aws/errors.js';
import {nodePrices, type NodePrice} from '../aws/pricing.js';
import {hoursPerMonth, nodeFacts, priceTableDate, retiredNodeTypes, serverless} from '../aws/price-table.js';
import {UserError} from '../core/errors.js';
import {checkChoice, costOf, type NodeOffer} from './sizing-rules.js';

import type {Step} from '../core/step.js';

type SizingChoice = {
	readonly nodeType: string;
	readonly nodes: number;
	readonly dollarsPerHour?: number;
	readonly dollarsPerMonth?: number;
	readonly price?: NodePrice;
};

export type SizingResult = {
	readonly region: string;
	readonly offers: readonly NodeOffer[];
	/** Where the list of node types came from: Redshift itself, or the dated table when the endpoint cannot say. */
	readonly offersSource: 'redshift' | 'table';
	readonly choice?: SizingChoice;
	readonly serverless: {readonly baseRpu: number; readonly dollarsPerHourWhileBusy: number; readonly asOf: string};
	readonly hoursPerMonth: number;
};

export type SizingOptions = {
	readonly clients: AwsClients;
	readonly region: string;
	readonly nodeType?: string;
	readonly nodes?: number;
	readonly today?: string;
};

/** Node types that can be a single-node cluster (the rest need two nodes or more). */
const singleNodeTypes = new Set(['ra3.large', 'ra3.xlplus']);

/** The dated table's node types, for an endpoint that cannot list them (an emulator). */
function tableNodeTypes(): Map<string, Set<string>> {
	return new Map(Object.keys(nodeFacts).map((nodeType) => [nodeType, new Set(singleNodeTypes.has(nodeType) ? ['single-node', 'multi-node'] : ['multi-node'])]));
}

/**
 * What Redshift offers in the region: node type → the cluster types it can be; undefined when
 * the endpoint does not implement the call (moto does not), so the caller can fall back.
 */
async function orderableNodeTypes(clients: AwsClients): Promise<Map<string, Set<string>> | undefined> {
	const offered = new Map<string, Set<string>>();
	let marker: string | undefined;
	try {
		do {
			const page = await clients.redshift.send(new DescribeOrderableClusterOptionsCommand({Marker: marker, MaxRecords: 100}));
			for (const option of page.OrderableClusterOptions ?? []) {
				if (!option.NodeType || !option.ClusterType) continue;
				const kinds = offered.get(option.NodeType) ?? new Set<string>();
				kinds.add(option.ClusterType);
				offered.set(option.NodeType, kinds);
			}
			marker = page.Marker;
		} while (marker);
	} catch (error) {
		if (isUnsupportedApi(error)) return undefined;
		throw translateAwsError(error, 'asking which node types the region offers');
	}
	return offered;
}

function offersFrom(orderable: Map<string, Set<string>>, prices: Map<string, NodePrice>): NodeOffer[] {
	const offers: NodeOffer[] = [];
	for (const [nodeType, kinds] of orderable) {
		if (retiredNodeTypes[nodeType]) continue;
		const facts = nodeFacts[nodeType];
		const price = prices.get(nodeType);
		offers.push({
			nodeType,
			...(facts ? {vcpu: facts.vcpu, memoryGiB: facts.memoryGiB} : {}),
			singleNode: kinds.has('single-node'),
			multiNode: kinds.has('multi-node') ? {min: 2, max: facts?.maxNodes ?? 32} : undefined,
			...(price ? {price} : {}),
		});
	}
	// Cheapest first: the list reads as "smallest that will do" downwards.
	return offers.sort((a, b) => (a.price?.dollarsPerNodeHour ?? Infinity) - (b.price?.dollarsPerNodeHour ?? Infinity) || a.nodeType.localeCompare(b.nodeType));
}

export const sizingStep: Step<SizingOptions, SizingResult> = {
	id: 'sizing',
	title: 'Choose the cluster size',
	async plan(_ctx, {region}) {
		return {destructive: false, actions: [{action: 'read', resource: `node types offered in ${region}`, detail: 'and their prices (Pricing API, else a dated table)'}]};
	},
	async run(ctx, options, report) {
		const asked = await orderableNodeTypes(options.clients);
		if (!asked) {
			report({type: 'log', step: 'sizing', level: 'warn', message: `This AWS endpoint cannot list the node types it offers; using the node table of ${priceTableDate} instead.`});
		}
		const orderable = asked ?? tableNodeTypes();
		const current = [...orderable.keys()].filter((nodeType) => !retiredNodeTypes[nodeType]);
		const prices = await nodePrices(options.clients, options.region, current, {
			...(options.today ? {today: options.today} : {}),
			log: (message) => report({type: 'log', step: 'sizing', level: 'info', message}),
		});
		const offers = offersFrom(orderable, prices);
		let choice: SizingChoice | undefined;
		if (options.nodeType !== undefined || options.nodes !== undefined) {
			const nodeType = options.nodeType ?? offers[0]?.nodeType ?? 'ra3.large';
			const nodes = options.nodes ?? (offers.find((offer) => offer.nodeType === nodeType)?.singleNode ? 1 : 2);
			const problem = checkChoice(offers, nodeType, nodes, options.region);
			if (problem) throw new UserError(problem, {hint: 'Run `sparkify-dwh sizing` to see what the region offers.', code: 'bad_size'});
			const offer = offers.find((candidate) => candidate.nodeType === nodeType);
			choice = {nodeType, nodes, ...costOf(offer, nodes), ...(offer?.price ? {price: offer.price} : {})};
			ctx.log.write('info', `sizing: ${nodes} x ${nodeType} in ${options.region}`);
		}
		return {
			region: options.region,
			offers,
			offersSource: asked ? 'redshift' : 'table',
			...(choice ? {choice} : {}),
			serverless: {baseRpu: serverless.minimumBaseRpu, dollarsPerHourWhileBusy: serverless.minimumBaseRpu * serverless.dollarsPerRpuHour, asOf: priceTableDate},
			hoursPerMonth,
		};
	},
};
