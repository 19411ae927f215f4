// A plan as lines of text, Terraform style: one line per action and a summary line.

import type {Plan} from '../core/step.js';

const verbs: Record<string, string> = {create: '+', reuse: '=', replace: '±', delete: '-', load: '↧', read: '·', modify: '~'};

export function planLines(plan: Plan): string[] {
	const lines = plan.actions.map((action) => `  ${verbs[action.action] ?? '·'} ${action.action} ${action.resource}${action.detail ? ` (${action.detail})` : ''}`);
	const count = (kind: string) => plan.actions.filter((action) => action.action === kind).length;
	lines.push(`Plan: ${count('create')} to create, ${count('replace') + count('modify') + count('load')} to change, ${count('delete')} to delete.`);
	if (plan.costPerHour !== undefined) lines.push(`Cost: $${plan.costPerHour.toFixed(3)} per hour (about $${Math.round(plan.costPerHour * 730)} per month).`);
	return lines;
}
