// What the run view redraws, cut to the terminal's height. Ink redraws a frame as tall as
// the terminal by clearing it whole, and then every frame lands in the scrollback; kept
// shorter, only the frame itself is redrawn. Finished lines are not here: they are printed
// once, above it (see PrintedLine). Pure, so the fitting is tested as data.

import {isFinished, type StepView, type TaskView, type UiState} from './store.js';

export type LiveArea = {
	readonly steps: readonly StepView[];
	/** Steps to come that did not fit, told on one line. */
	readonly morePending: readonly StepView[];
	readonly tasks: readonly TaskView[];
	/** Tasks that did not fit (finished first), told on one line. */
	readonly moreTasks: {readonly done: number; readonly running: number};
	readonly messages: readonly string[];
};

/** The steps, tasks and messages still changing: not finished, not yet printed. */
export function liveParts(state: UiState): {steps: StepView[]; tasks: TaskView[]; messages: string[]} {
	const finished = new Set(state.steps.filter(isFinished).map((step) => step.id));
	const known = new Set(state.steps.map((step) => step.id));
	return {
		steps: state.steps.filter((step) => !isFinished(step)),
		// A finished step's tasks were printed with it; a finished task of no step, on its own.
		tasks: state.tasks.filter((task) => !finished.has(task.step) && (known.has(task.step) || task.state === 'running')),
		messages: state.messages.slice(-3),
	};
}

/** The rows a message takes: it is drawn indented by two and wrapped, never cut (it may be all the user is told). */
function messageRows(message: string, columns: number): number {
	return Math.max(1, Math.ceil([...message].length / Math.max(1, columns - 2)));
}

/**
 * Cuts the live parts to `budget` rows at `columns` columns: the oldest messages go first,
 * then the steps to come fold into one line, then the finished tasks of the running step,
 * then the oldest running tasks. Running steps are kept to the last.
 */
export function fitLiveArea(parts: {steps: readonly StepView[]; tasks: readonly TaskView[]; messages: readonly string[]}, budget: number, columns = 80): LiveArea {
	let messages = [...parts.messages];
	let steps = [...parts.steps];
	let morePending: StepView[] = [];
	let tasks = [...parts.tasks];
	let moreTasks = {done: 0, running: 0};
	const height = () =>
		steps.length +
		(morePending.length > 0 ? 1 : 0) +
		tasks.length +
		(moreTasks.done + moreTasks.running > 0 ? 1 : 0) +
		messages.reduce((rows, message) => rows + messageRows(message, columns), 0);
	while (height() > budget && messages.length > 0) messages = messages.slice(1);
	const pending = steps.filter((step) => step.status === 'pending');
	if (height() > budget && pending.length > 1) {
		// The next step stays in sight; the ones after it are named on one line.
		const [next, ...later] = pending;
		steps = steps.filter((step) => step.status !== 'pending' || step === next);
		morePending = later;
	}
	if (height() > budget && morePending.length > 0 && steps.some((step) => step.status === 'pending')) {
		morePending = [...steps.filter((step) => step.status === 'pending'), ...morePending];
		steps = steps.filter((step) => step.status !== 'pending');
	}
	if (height() > budget) {
		const done = tasks.filter((task) => task.state !== 'running').length;
		tasks = tasks.filter((task) => task.state === 'running');
		moreTasks = {done, running: 0};
	}
	while (height() > budget && tasks.length > 0) {
		tasks = tasks.slice(1);
		moreTasks = {...moreTasks, running: moreTasks.running + 1};
	}
	while (height() > budget && steps.length > 1) steps = steps.slice(1);
	return {steps, morePending, tasks, moreTasks, messages};
}
