import assert from 'node:assert/strict';
import {afterEach, describe, test} from 'node:test';
import {GetProductsCommand, PricingClient} from '@aws-sdk/client-pricing';
import {DescribeOrderableClusterOptionsCommand, RedshiftClient} from '@aws-sdk/client-redshift';
import {mockClient} from 'aws-sdk-client-mock';
import {awsClients} from '../../../source/aws/clients.js';
import {onDemandHourly} from '../../../source/aws/pricing.js';
import {priceTableDate} from '../../../source/aws/price-table.js';
import {sizingLines} from '../../../source/commands/aws-summary.js';
import {UserError} from '../../../source/core/errors.js';
import {noLog} from '../../../source/core/log.js';
import {homePaths} from '../../../source/core/paths.js';
import {sizingStep} from '../../../source/steps/sizing.js';
import {checkChoice} from '../../../source/steps/sizing-rules.js';

const ctx = {paths: homePaths({SPARKIFY_DWH_HOME: '/tmp/unused'}), log: noLog, env: {}};
const signal = new AbortController().signal;
const clients = () => awsClients({region: 'us-west-2', env: {}});

/** What us-west-2 answers (abridged): dc2 still listed, ra3.4xlarge multi-node only. */
const orderable = [
	{NodeType: 'dc2.large', ClusterType: 'single-node'},
	{NodeType: 'dc2.large', ClusterType: 'multi-node'},
	{NodeType: 'ra3.large', ClusterType: 'single-node'},
	{NodeType: 'ra3.large', ClusterType: 'multi-node'},
	{NodeType: 'ra3.xlplus', ClusterType: 'single-node'},
	{NodeType: 'ra3.xlplus', ClusterType: 'multi-node'},
	{NodeType: 'ra3.4xlarge', ClusterType: 'multi-node'},
];

/** A Pricing API product document, as the API sends it: JSON inside a string. */
function priceDocument(nodeType: string, usd: string): string {
	return JSON.stringify({
		product: {productFamily: 'Compute Instance', attributes: {instanceType: nodeType, location: 'US West (Oregon)'}},
		terms: {OnDemand: {'SKU.JRTCKXETXF': {priceDimensions: {'SKU.JRTCKXETXF.6YS6EN2CT7': {unit: 'Hrs', pricePerUnit: {USD: usd}}}}}},
	});
}

describe('sizing', () => {
	const redshift = mockClient(RedshiftClient);
	const pricing = mockClient(PricingClient);
	afterEach(() => {
		redshift.reset();
		pricing.reset();
	});

	test('offers what the region offers, follows pages, leaves retired dc2 out, prices from the Pricing API', async () => {
		redshift
			.on(DescribeOrderableClusterOptionsCommand)
			.resolvesOnce({OrderableClusterOptions: orderable.slice(0, 4), Marker: 'page2'})
			.resolvesOnce({OrderableClusterOptions: orderable.slice(4)});
		pricing.on(GetProductsCommand).callsFake((input: {Filters: Array<{Field: string; Value: string}>}) => {
			const nodeType = input.Filters.find((filter) => filter.Field === 'instanceType')!.Value;
			return {PriceList: [priceDocument(nodeType, {'ra3.large': '0.6000000000', 'ra3.xlplus': '1.2000000000', 'ra3.4xlarge': '3.5000000000'}[nodeType]!)]};
		});
		const result = await sizingStep.run(ctx, {clients: clients(), region: 'us-west-2', nodeType: 'ra3.large', nodes: 2, today: '2026-11-25'}, () => {}, signal);
		assert.equal(redshift.commandCalls(DescribeOrderableClusterOptionsCommand)[1]!.args[0].input.Marker, 'page2');
		assert.deepEqual(
			result.offers.map((offer) => offer.nodeType),
			['ra3.large', 'ra3.xlplus', 'ra3.4xlarge'],
		);
		const fourX = result.offers.find((offer) => offer.nodeType === 'ra3.4xlarge')!;
		assert.equal(fourX.singleNode, false);
		assert.deepEqual(fourX.multiNode, {min: 2, max: 32});
		assert.deepEqual(result.offers[0]!.price, {dollarsPerNodeHour: 0.6, source: 'pricing-api', asOf: '2026-11-25'});
		assert.equal(result.choice?.dollarsPerHour, 1.2);
		assert.ok(Math.abs(result.choice!.dollarsPerMonth! - 1.2 * 730) < 1e-9);
		const filters = pricing.commandCalls(GetProductsCommand)[0]!.args[0].input.Filters!;
		assert.deepEqual(
			filters.map((filter) => [filter.Field, filter.Value]),
			[
				['instanceType', 'ra3.large'],
				['location', 'US West (Oregon)'],
				['productFamily', 'Compute Instance'],
			],
		);
		assert.equal(result.serverless.baseRpu, 4);
		assert.equal(result.serverless.dollarsPerHourWhileBusy, 1.5);
	});

	test('without the Pricing API the dated table is used, and the date is shown', async () => {
		redshift.on(DescribeOrderableClusterOptionsCommand).resolves({OrderableClusterOptions: orderable});
		pricing.on(GetProductsCommand).rejects(Object.assign(new Error('not allowed'), {name: 'AccessDeniedException'}));
		const result = await sizingStep.run(ctx, {clients: clients(), region: 'us-west-2'}, () => {}, signal);
		assert.equal(pricing.commandCalls(GetProductsCommand).length, 1, 'one refusal is enough to stop asking');
		assert.deepEqual(result.offers[0]!.price, {dollarsPerNodeHour: 0.543, source: 'price-table', asOf: priceTableDate});
		const lines = sizingLines(result);
		assert.ok(lines[0]!.includes(`price table of ${priceTableDate}`), lines[0]);
		assert.ok(
			lines.some((line) => /^ {2}ra3\.large .* 1, 2–16 .*0\.543 .*\$396/.test(line)),
			lines.join('\n'),
		);
		assert.ok(lines.some((line) => line.startsWith('Serverless, for comparison: 4 RPU')));
	});

	test('impossible choices are refused with the reason', async () => {
		redshift.on(DescribeOrderableClusterOptionsCommand).resolves({OrderableClusterOptions: orderable});
		pricing.on(GetProductsCommand).resolves({PriceList: []});
		const refused = async (nodeType: string, nodes: number, reason: RegExp) =>
			assert.rejects(
				sizingStep.run(ctx, {clients: clients(), region: 'us-west-2', nodeType, nodes}, () => {}, signal),
				(error: unknown) => error instanceof UserError && reason.test(error.message),
			);
		await refused('dc2.large', 4, /can no longer be created/);
		await refused('ra3.4xlarge', 1, /no single-node clusters; choose at least 2/);
		await refused('ra3.large', 17, /at most 16 nodes/);
		await refused('ra9.huge', 2, /not offered in us-west-2; it offers ra3\.large, ra3\.xlplus, ra3\.4xlarge/);
	});

	test('checkChoice accepts what AWS accepts', () => {
		const offers = [{nodeType: 'ra3.large', singleNode: true, multiNode: {min: 2, max: 16}}];
		assert.equal(checkChoice(offers, 'ra3.large', 1, 'us-west-2'), undefined);
		assert.equal(checkChoice(offers, 'ra3.large', 16, 'us-west-2'), undefined);
		assert.match(checkChoice(offers, 'ra3.large', 0, 'us-west-2')!, /at least 1/);
	});

	test('a product document without an hourly on-demand price gives none', () => {
		assert.equal(onDemandHourly({terms: {OnDemand: {a: {priceDimensions: {b: {unit: 'Hrs', pricePerUnit: {USD: '0.0000000000'}}}}}}}), undefined);
		assert.equal(onDemandHourly({}), undefined);
		assert.equal(onDemandHourly(JSON.parse(priceDocument('ra3.large', '0.5430000000'))), 0.543);
	});
});
