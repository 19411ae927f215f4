// Cluster sizing: the node types the region offers (↑↓) and the node count (←→), with the
// cost per hour and per month recomputed as you move, and the reason beside a choice AWS
// would refuse. Enter accepts a valid choice; nothing is created here.

import {Box, Text, useInput} from 'ink';
import {useState} from 'react';
import {checkChoice, costOf, type NodeOffer} from '../../steps/sizing-rules.js';

export type SizingScreenProps = {
	readonly region: string;
	readonly offers: readonly NodeOffer[];
	readonly hoursPerMonth: number;
	readonly serverless?: {readonly baseRpu: number; readonly dollarsPerHourWhileBusy: number; readonly asOf: string};
	readonly initial?: {readonly nodeType?: string; readonly nodes?: number};
	readonly onDone: (choice: {nodeType: string; nodes: number}) => void;
	readonly onCancel?: () => void;
};

const money = (value: number) => (value >= 100 ? `$${Math.round(value).toLocaleString('en-US')}` : `$${value.toFixed(3)}`);

export function SizingScreen({region, offers, hoursPerMonth, serverless, initial, onDone, onCancel}: SizingScreenProps) {
	const [index, setIndex] = useState(Math.max(0, offers.findIndex((offer) => offer.nodeType === initial?.nodeType)));
	const [nodes, setNodes] = useState(initial?.nodes ?? 1);
	const offer = offers[index];
	const problem = offer ? checkChoice(offers, offer.nodeType, nodes, region) : `${region} offers no node types to this account.`;
	const cost = costOf(offer, nodes);
	useInput((input, key) => {
		if (offers.length === 0) return;
		if (key.upArrow) setIndex((current) => (current - 1 + offers.length) % offers.length);
		else if (key.downArrow) setIndex((current) => (current + 1) % offers.length);
		else if (key.rightArrow || input === '+') setNodes((current) => Math.min(current + 1, 128));
		else if (key.leftArrow || input === '-') setNodes((current) => Math.max(current - 1, 1));
		else if (key.escape) onCancel?.();
		else if (key.return && !problem && offer) onDone({nodeType: offer.nodeType, nodes});
	});
	return (
		<Box flexDirection="column">
			<Text bold>Cluster size in {region}</Text>
			{offers.map((candidate, position) => {
				const counts = [candidate.singleNode ? '1' : '', candidate.multiNode ? `${candidate.multiNode.min}–${candidate.multiNode.max}` : ''].filter(Boolean).join(', ');
				const price = candidate.price ? `${money(candidate.price.dollarsPerNodeHour)}/node-hour` : 'price unknown';
				return (
					<Text key={candidate.nodeType} {...(position === index ? {color: 'cyan'} : {})}>
						{position === index ? '❯' : ' '} {candidate.nodeType.padEnd(14)} {`${candidate.vcpu ?? '?'} vCPU`.padEnd(8)} {`${candidate.memoryGiB ?? '?'} GiB`.padEnd(8)} nodes {counts.padEnd(8)} {price}
					</Text>
				);
			})}
			<Box marginTop={1} flexDirection="column">
				<Text>
					Nodes: <Text bold>{nodes}</Text> <Text color="gray">(← →)</Text>
				</Text>
				{offer ? (
					<Text>
						{nodes} × {offer.nodeType}:{' '}
						{cost.dollarsPerHour === undefined ? 'price unknown' : `${money(cost.dollarsPerHour)} per hour, about ${money(cost.dollarsPerMonth!)} per month (${hoursPerMonth} h)`}
					</Text>
				) : null}
				{problem ? <Text color="yellow">↳ {problem}</Text> : null}
				{offer?.price ? <Text color="gray">prices: {offer.price.source === 'pricing-api' ? 'AWS Pricing API' : 'price table'} of {offer.price.asOf}</Text> : null}
				{serverless ? (
					<Text color="gray">
						For comparison, Serverless at {serverless.baseRpu} RPU: {money(serverless.dollarsPerHourWhileBusy)} per hour while queries run, nothing idle.
					</Text>
				) : null}
				<Text color="gray">↑↓ node type · ← → nodes · Enter to accept{onCancel ? ' · Esc back' : ''}</Text>
			</Box>
		</Box>
	);
}
