// The AWS steps' results as lines for people. Pure functions: the plain front end prints
// them and the Ink screens can show the same text.

import {formatDuration} from '../core/format.js';
import type {SizingResult} from '../steps/sizing.js';
import type {TeardownResult} from '../steps/teardown.js';

const dollars = (value: number) => (value >= 100 ? `$${Math.round(value).toLocaleString('en-US')}` : `$${value.toFixed(value < 1 ? 3 : 2)}`);

function priceNote(result: SizingResult): string {
	const sources = new Set(
		result.offers.map((offer) => offer.price && `${offer.price.source === 'pricing-api' ? 'AWS Pricing API' : 'price table'} of ${offer.price.asOf}`).filter(Boolean),
	);
	return sources.size > 0 ? `prices: ${[...sources].join('; ')}, on-demand, ${result.hoursPerMonth} h a month` : 'prices: unknown for these node types';
}

export function sizingLines(result: SizingResult): string[] {
	const lines = [
		result.offersSource === 'table'
			? `Node types from the table of ${result.serverless.asOf} (the endpoint could not list what ${result.region} offers; ${priceNote(result)}):`
			: `Node types offered in ${result.region} (${priceNote(result)}):`,
	];
	lines.push(`  ${'node type'.padEnd(14)}${'vCPU'.padStart(5)}${'memory'.padStart(9)}  ${'nodes'.padEnd(9)}${'$/node-h'.padStart(9)}${'1 node/month'.padStart(14)}`);
	for (const offer of result.offers) {
		const counts = [offer.singleNode ? '1' : '', offer.multiNode ? `${offer.multiNode.min}–${offer.multiNode.max}` : ''].filter(Boolean).join(', ');
		const price = offer.price?.dollarsPerNodeHour;
		lines.push(
			`  ${offer.nodeType.padEnd(14)}${String(offer.vcpu ?? '?').padStart(5)}${(offer.memoryGiB ? `${offer.memoryGiB} GiB` : '?').padStart(9)}  ${counts.padEnd(9)}` +
				`${(price === undefined ? '?' : price.toFixed(3)).padStart(9)}${(price === undefined ? '?' : dollars(price * result.hoursPerMonth)).padStart(14)}`,
		);
	}
	lines.push(
		`Serverless, for comparison: ${result.serverless.baseRpu} RPU base capacity, ${dollars(result.serverless.dollarsPerHourWhileBusy)} per hour while queries run, nothing while idle (price table of ${result.serverless.asOf}).`,
	);
	if (result.choice) {
		const {nodeType, nodes, dollarsPerHour, dollarsPerMonth} = result.choice;
		lines.push(
			`Chosen: ${nodes} × ${nodeType}${dollarsPerHour === undefined ? ' (price unknown)' : ` — ${dollars(dollarsPerHour)} per hour, about ${dollars(dollarsPerMonth!)} per month if left running`}.`,
		);
	} else {
		lines.push('Choose with --node-type and --nodes (remembered for `sparkify-dwh cluster`).');
	}
	return lines;
}

export function teardownLines(result: TeardownResult, elapsedMs: number): string[] {
	return [
		...result.deleted.map((name) => `deleted: ${name}`),
		...result.alreadyGone.map((name) => `already gone: ${name}`),
		...result.leftAlone.map((name) => `left alone (not made by sparkify-dwh): ${name}`),
		...(result.snapshotId ? [`final snapshot kept: ${result.snapshotId} (billed as storage until you delete it)`] : []),
		`done in ${formatDuration(elapsedMs)}`,
	];
}
