// What a command needs from whichever front end runs it: a place to send events, a way to
// ask before anything destructive, and a way to show the outcome. Implemented by the plain
// line printer, the --json writer and the Ink app; commands never know which one it is.

import {UserError} from './errors.js';
import type {Report} from './events.js';
import type {Plan} from './step.js';

export type Outcome = {
	readonly command: string;
	readonly ok: boolean;
	/** Machine-readable result (what --json prints). */
	readonly data: Record<string, unknown>;
	/** The same, for people: a few lines. */
	readonly summary: readonly string[];
};

/**
 * A plan, or how to make it: a load's plan lists its source (385,000 song files in the bucket;
 * on S3 a request per thousand), which is wasted where --yes answers without showing it.
 */
export type LazyPlan = Plan | (() => Promise<Plan>);

export const planFrom = async (plan: LazyPlan): Promise<Plan> => (typeof plan === 'function' ? plan() : plan);

export interface FrontEnd {
	readonly report: Report;
	/** A one-off line for the user (not an event of a step). */
	notice(message: string): void;
	/**
	 * Asks before a plan that deletes or replaces something. Resolves false when the user
	 * says no. Without a terminal (and without --yes) it must throw a UserError naming `flag`.
	 * A plan given as a function is made only by a front end that shows it.
	 */
	confirm(question: string, plan: LazyPlan, flag: string): Promise<boolean>;
	/**
	 * For what cannot be undone (teardown): the user types `expected` (the cluster's name).
	 * `given` is what --confirm said; without a terminal it is the only way to agree, and
	 * --yes alone is not enough.
	 */
	confirmByTyping(question: string, expected: string, plan: Plan, given: string | undefined): Promise<boolean>;
	outcome(outcome: Outcome): void;
	failure(error: unknown, logFile: string | undefined): void;
}

/** The shared rule for --confirm: it must name exactly what is about to go. */
export function checkTypedConfirmation(expected: string, given: string | undefined): boolean | undefined {
	if (given === undefined) return undefined;
	if (given.trim() === expected) return true;
	throw new UserError(`--confirm ${given.trim()} does not match ${expected}, the cluster about to be deleted.`, {
		hint: `Pass --confirm ${expected} if that is the one you mean.`,
		code: 'confirmation_mismatch',
	});
}

export function typedConfirmationRequired(question: string, expected: string): UserError {
	return new UserError(`${question} — cannot ask without a terminal.`, {hint: `Pass --confirm ${expected} to go ahead.`, code: 'confirmation_required'});
}
