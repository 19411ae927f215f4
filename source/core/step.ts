// A step is a plain async function that does one thing to the world and reports what
// it is doing as events. The same steps run under the Ink wizard, the plain prompts and
// headless from scripts; none of them imports a front end.

import type {Report} from './events.js';
import type {Context} from './context.js';
import {errorMessage, isCancelled} from './errors.js';
import {explainError} from './explain-error.js';

/** One thing a step will do, listed before it is allowed to do it (Terraform's plan). */
export type PlannedAction = {
	readonly action: 'create' | 'reuse' | 'replace' | 'delete' | 'load' | 'read' | 'modify';
	readonly resource: string;
	readonly detail?: string;
};

export type Plan = {
	readonly actions: readonly PlannedAction[];
	/** US dollars per hour that this plan starts billing, when it does. */
	readonly costPerHour?: number;
	/** True when the plan deletes or replaces something the user has. */
	readonly destructive: boolean;
};

export interface Step<Options, Result> {
	readonly id: string;
	readonly title: string;
	/** Says what run() would do, without doing any of it. */
	plan(ctx: Context, options: Options): Promise<Plan>;
	run(ctx: Context, options: Options, report: Report, signal: AbortSignal): Promise<Result>;
}

/**
 * Runs a step and brackets it with step events, so every front end sees the same
 * running → done / failed / cancelled sequence whatever the step itself reports.
 */
export async function runStep<Options, Result>(
	step: Step<Options, Result>,
	ctx: Context,
	options: Options,
	report: Report,
	signal: AbortSignal,
	describe: (result: Result) => string | undefined = () => undefined,
	/** False when the step ran to its end but found a problem (a quality check that fails): drawn as failed, never with a check mark. */
	succeeded: (result: Result) => boolean = () => true,
): Promise<Result> {
	report({type: 'step', step: step.id, status: 'running', title: step.title});
	try {
		const result = await step.run(ctx, options, report, signal);
		const detail = describe(result);
		report({type: 'step', step: step.id, status: succeeded(result) ? 'done' : 'failed', title: step.title, ...(detail ? {detail} : {})});
		return result;
	} catch (error) {
		const status = isCancelled(error) || signal.aborted ? 'cancelled' : 'failed';
		// The same sentence the failure panel will show, not the system's raw "ENOSPC: …".
		report({type: 'step', step: step.id, status, title: step.title, detail: errorMessage(explainError(error))});
		throw error;
	}
}
