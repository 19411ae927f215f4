// The one vocabulary every step speaks while it works. Steps only emit these;
// the Ink screens, the plain line printer and the --json writer only listen.

export type StepStatus = 'pending' | 'running' | 'done' | 'skipped' | 'failed' | 'cancelled';

/** Units a progress counter can be in; front ends format each their own way. */
export type ProgressUnit = 'rows' | 'files' | 'bytes' | 'events' | 'songs' | 'checks' | 'statements' | 'seconds';

export type Counter = {
	readonly done: number;
	/** null while the total is not known (a counter, not a bar). */
	readonly total: number | null;
};

export type StepEvent =
	| {
			readonly type: 'step';
			readonly step: string;
			readonly status: StepStatus;
			readonly title: string;
			/** One line on what happened, e.g. "7 tables created" or the reason it failed. */
			readonly detail?: string;
	  }
	| {
			readonly type: 'progress';
			readonly step: string;
			/** What is progressing, e.g. a table name ("staging_events"). */
			readonly task: string;
			readonly state: 'running' | 'done' | 'failed';
			/** The counter a bar should be drawn from. */
			readonly unit: ProgressUnit;
			readonly done: number;
			readonly total: number | null;
			/** Every counter the task keeps (files, bytes, rows …), for rate and detail columns. */
			readonly counters: Readonly<Partial<Record<ProgressUnit, Counter>>>;
			/** Milliseconds since the task started. */
			readonly elapsedMs: number;
	  }
	| {
			readonly type: 'log';
			readonly step?: string;
			readonly level: 'debug' | 'info' | 'warn' | 'error';
			readonly message: string;
	  };

export type Report = (event: StepEvent) => void;

/** A report that drops everything: for callers that do not draw progress. */
export const silent: Report = () => {};

/**
 * Lists the steps a command is about to run, before the first starts: a front end that draws
 * a checklist shows them as pending from the start (the plain one prints nothing for them).
 * Each step's own running → done events then take its place.
 */
export function announceSteps(report: Report, steps: readonly {readonly id: string; readonly title: string}[]): void {
	for (const step of steps) report({type: 'step', step: step.id, status: 'pending', title: step.title});
}
