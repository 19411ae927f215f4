// Cluster sizing: the node types the region offers (↑↓) and the node count (←→), with the
// cost per hour and per month recomputed as you move, and the reason beside a choice AWS
// would refuse. Enter accepts a valid choice; nothing is created here. Keys sent together
// ("Down Down Right Enter") each move on from where the one before left the choice.

import {Box, Text} from 'ink';
import {useKeys, useLatest} from '../components/use-keys.js';
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
	const [choice, latest, setChoice] = useLatest(() => ({
		index: Math.max(0, offers.findIndex((offer) => offer.nodeType === initial?.nodeType)),
		nodes: initial?.nodes ?? 1,
	}));
	const {index, nodes} = choice;
	const offer = offers[index];
	const problem = offer ? checkChoice(offers, offer.nodeType, nodes, region) : `${region} offers no node types to this account.`;
	const cost = costOf(offer, nodes);
	useKeys((key) => {
		if (offers.length === 0) return;
		const typed = key.name === 'text' ? key.text : '';
		const move = (by: number) => setChoice((current) => ({...current, index: (current.index + by + offers.length) % offers.length}));
		const resize = (by: number) => setChoice((current) => ({...current, nodes: Math.min(Math.max(current.nodes + by, 1), 128)}));
		if (key.name === 'up') move(-1);
		else if (key.name === 'down') move(1);
		else if (key.name === 'right' || typed === '+') resize(1);
		else if (key.name === 'left' || typed === '-') resize(-1);
		else if (key.name === 'escape' && onCancel) {
			onCancel();
			return 'done';
		}
		else if (key.name === 'return') {
			// The choice as the keys before this one left it, not as it was last drawn.
			const current = latest.current;
			const chosen = offers[current.index];
			if (!chosen || checkChoice(offers, chosen.nodeType, current.nodes, region)) return;
			onDone({nodeType: chosen.nodeType, nodes: current.nodes});
			return 'done';
		}
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
