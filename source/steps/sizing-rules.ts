// Which node counts a node type allows and what a choice costs: pure rules, shared by the
// sizing step and the sizing screen (which recomputes the cost as the user moves).

import type {NodePrice} from '../aws/pricing.js';
import {hoursPerMonth, retiredNodeTypes} from '../aws/price-table.js';

export type NodeOffer = {
	readonly nodeType: string;
	readonly vcpu?: number;
	readonly memoryGiB?: number;
	/** Node counts allowed at creation: 1 when single-node is offered, 2..max for multi-node. */
	readonly singleNode: boolean;
	readonly multiNode: {readonly min: number; readonly max: number} | undefined;
	readonly price?: NodePrice;
};

/** Why this node type and count cannot be created here, or undefined when they can. */
export function checkChoice(offers: readonly NodeOffer[], nodeType: string, nodes: number, region: string): string | undefined {
	if (retiredNodeTypes[nodeType]) return `${nodeType}: ${retiredNodeTypes[nodeType]}.`;
	const offer = offers.find((candidate) => candidate.nodeType === nodeType);
	if (!offer) return `${nodeType} is not offered in ${region}; it offers ${offers.map((o) => o.nodeType).join(', ') || 'no node types to this account'}.`;
	if (!Number.isInteger(nodes) || nodes < 1) return 'The number of nodes is a whole number of at least 1.';
	if (nodes === 1 && !offer.singleNode) return `${nodeType} has no single-node clusters; choose at least ${offer.multiNode?.min ?? 2} nodes.`;
	if (nodes > 1 && !offer.multiNode) return `${nodeType} comes only as a single node here; choose 1 node, or a larger type for more.`;
	if (offer.multiNode && nodes > offer.multiNode.max) return `${nodeType} allows at most ${offer.multiNode.max} nodes at creation.`;
	return undefined;
}

export function costOf(offer: NodeOffer | undefined, nodes: number): {dollarsPerHour?: number; dollarsPerMonth?: number} {
	if (!offer?.price) return {};
	const perHour = offer.price.dollarsPerNodeHour * nodes;
	return {dollarsPerHour: perHour, dollarsPerMonth: perHour * hoursPerMonth};
}
