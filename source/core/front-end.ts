// What a command needs from whichever front end runs it: a place to send events, a way to
// ask before anything destructive, and a way to show the outcome. Implemented by the plain
// line printer, the --json writer and the Ink app; commands never know which one it is.

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

export interface FrontEnd {
	readonly report: Report;
	/** A one-off line for the user (not an event of a step). */
	notice(message: string): void;
	/**
	 * Asks before a plan that deletes or replaces something. Resolves false when the user
	 * says no. Without a terminal (and without --yes) it must throw a UserError naming `flag`.
	 */
	confirm(question: string, plan: Plan, flag: string): Promise<boolean>;
	outcome(outcome: Outcome): void;
	failure(error: unknown, logFile: string | undefined): void;
}
