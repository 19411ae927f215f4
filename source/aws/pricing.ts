// What a node costs per hour in a region: asked of the AWS Pricing API when it answers,
// else taken from the dated table in price-table.ts. Either way the answer says where it
// came from and how old it is, so the screens never show a guess as a fact.

import {GetProductsCommand} from '@aws-sdk/client-pricing';
import type {AwsClients} from './clients.js';
import {nodeFacts, priceTableDate, pricingLocation} from './price-table.js';

export type NodePrice = {
	readonly dollarsPerNodeHour: number;
	readonly source: 'pricing-api' | 'price-table';
	/** The day the figure was true (today for the API). */
	readonly asOf: string;
};

type PriceListItem = {
	product?: {productFamily?: string; attributes?: Record<string, string>};
	terms?: {OnDemand?: Record<string, {priceDimensions?: Record<string, {unit?: string; pricePerUnit?: {USD?: string}}>}>};
};

/** The on-demand hourly USD price in one Pricing API product document. */
export function onDemandHourly(item: PriceListItem): number | undefined {
	for (const offer of Object.values(item.terms?.OnDemand ?? {})) {
		for (const dimension of Object.values(offer.priceDimensions ?? {})) {
			const price = Number(dimension.pricePerUnit?.USD);
			if (Number.isFinite(price) && price > 0 && /hr|hour/i.test(dimension.unit ?? 'Hrs')) return price;
		}
	}
	return undefined;
}

async function askPricingApi(clients: AwsClients, region: string, nodeType: string, signal: AbortSignal): Promise<number | undefined> {
	const location = pricingLocation[region];
	if (!location) return undefined;
	const response = await clients.pricing.send(
		new GetProductsCommand({
			ServiceCode: 'AmazonRedshift',
			Filters: [
				{Type: 'TERM_MATCH', Field: 'instanceType', Value: nodeType},
				{Type: 'TERM_MATCH', Field: 'location', Value: location},
				{Type: 'TERM_MATCH', Field: 'productFamily', Value: 'Compute Instance'},
			],
			MaxResults: 10,
		}),
		{abortSignal: signal},
	);
	// Each PriceList entry is a JSON document delivered as a string.
	for (const entry of response.PriceList ?? []) {
		const price = onDemandHourly(JSON.parse(typeof entry === 'string' ? entry : JSON.stringify(entry)) as PriceListItem);
		if (price !== undefined) return price;
	}
	return undefined;
}

/**
 * Prices for several node types at once; the API is tried once, with a short deadline, and
 * any type it does not answer for falls back to the table (or is left out when unknown).
 */
export async function nodePrices(
	clients: AwsClients,
	region: string,
	nodeTypes: readonly string[],
	options: {today?: string; timeoutMs?: number; log?: (message: string) => void} = {},
): Promise<Map<string, NodePrice>> {
	const today = options.today ?? new Date().toISOString().slice(0, 10);
	const prices = new Map<string, NodePrice>();
	const deadline = AbortSignal.timeout(options.timeoutMs ?? 8000);
	let apiWorks = true;
	for (const nodeType of nodeTypes) {
		if (apiWorks) {
			try {
				const price = await askPricingApi(clients, region, nodeType, deadline);
				if (price !== undefined) {
					prices.set(nodeType, {dollarsPerNodeHour: price, source: 'pricing-api', asOf: today});
					continue;
				}
			} catch (error) {
				// No permission or no network: one failure is enough to stop asking.
				apiWorks = false;
				options.log?.(`Pricing API not available (${(error as Error).name}); using the price table of ${priceTableDate}`);
			}
		}
		const fact = nodeFacts[nodeType];
		if (fact) prices.set(nodeType, {dollarsPerNodeHour: fact.dollarsPerNodeHour, source: 'price-table', asOf: priceTableDate});
	}
	return prices;
}
