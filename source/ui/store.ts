// The screens' one source of truth: step events, questions and outcomes folded into a plain
// state object that React reads with useSyncExternalStore. The front end writes to it; the
// screens only read it and answer its questions. No React here, so it is tested as data.

import type {StepEvent, StepStatus} from '../core/events.js';
import type {Outcome} from '../core/front-end.js';
import type {Plan} from '../core/step.js';

export type StepView = {readonly id: string; readonly title: string; readonly status: StepStatus; readonly detail?: string};

/** A progress event without its tag: one bar of the progress table. */
export type TaskView = Omit<Extract<StepEvent, {type: 'progress'}>, 'type'>;

type Question =
	| {readonly kind: 'confirm'; readonly question: string; readonly plan: Plan; readonly answer: (yes: boolean) => void}
	| {readonly kind: 'typed'; readonly question: string; readonly expected: string; readonly plan: Plan; readonly answer: (yes: boolean) => void};

export type FailureView = {
	readonly message: string;
	readonly hint?: string;
	readonly logFile?: string;
	readonly bug: boolean;
	/** The UserError's code (read_only, query_timeout, …): lets a screen say what to do in its own terms. */
	readonly code?: string;
};

/**
 * A line that will not change any more, in the order it came to be: a finished step (drawn
 * with its tasks and the warnings it gave), or a finished task that belongs to no step on
 * screen. The run view hands these to Ink's <Static> once, so they stay in the scrollback
 * and are never redrawn; `seq` counts across commands, so a line is never printed twice.
 */
export type PrintedLine =
	| {readonly seq: number; readonly kind: 'step'; readonly step: StepView; readonly tasks: readonly TaskView[]; readonly notes: readonly string[]}
	| {readonly seq: number; readonly kind: 'task'; readonly task: TaskView}
	/** A wizard question and what it was answered with (answer-lines.ts). */
	| {readonly seq: number; readonly kind: 'answer'; readonly question: string; readonly answer: string};

/** Adds a question answered in the wizard to what is printed above the screens that follow. */
export function withAnswer(state: UiState, line: {question: string; answer: string}): UiState {
	return {...state, printed: [...state.printed, {seq: state.nextSeq, kind: 'answer', ...line}], nextSeq: state.nextSeq + 1};
}

/** The answers not yet printed: shown above a question screen, printed once a run view opens. */
export function pendingAnswers(state: UiState): Array<Extract<PrintedLine, {kind: 'answer'}>> {
	return state.printed.filter((line): line is Extract<PrintedLine, {kind: 'answer'}> => line.kind === 'answer' && line.seq > state.printedThrough);
}

/** Answers left unprinted (a setup left for the menu) are let go: the menu starts afresh. */
export function withoutPendingAnswers(state: UiState): UiState {
	const pending = new Set<PrintedLine>(pendingAnswers(state));
	return pending.size === 0 ? state : {...state, printed: state.printed.filter((line) => !pending.has(line))};
}

/** When the store saw things happen (its own clock): what a running step's or task's elapsed time counts from. */
type Timing = {
	/** Step id → when it started running. */
	readonly stepStarted: Readonly<Record<string, number>>;
	/** "step/task" → when its latest progress event came, to count on from its elapsedMs between events. */
	readonly taskSeen: Readonly<Record<string, number>>;
};

export type UiState = {
	readonly steps: readonly StepView[];
	readonly tasks: readonly TaskView[];
	/** The last few log lines and notices, newest last. */
	readonly messages: readonly string[];
	readonly question?: Question;
	readonly outcome?: Outcome;
	readonly failure?: FailureView;
	/** True between the first Ctrl-C and the step's end. */
	readonly cancelling: boolean;
	/** True while a command runs. */
	readonly busy: boolean;
	/**
	 * The exit code of the last command, set in the same update that clears `busy`: a key
	 * pressed as soon as the outcome is drawn already sees it.
	 */
	readonly lastExit: number;
	/** Finished lines, newest last (see PrintedLine). */
	readonly printed: readonly PrintedLine[];
	/** The seq of the last line Ink has printed; kept across commands, as the scrollback keeps them. */
	readonly printedThrough: number;
	/** The seq the next finished line gets. */
	readonly nextSeq: number;
	readonly timing: Timing;
	/** Warnings of the steps still running, step id → lines: printed under the step once it ends. */
	readonly warnings: Readonly<Record<string, readonly string[]>>;
};

export const emptyState: UiState = {
	steps: [],
	tasks: [],
	messages: [],
	cancelling: false,
	busy: false,
	lastExit: 0,
	printed: [],
	printedThrough: 0,
	nextSeq: 1,
	timing: {stepStarted: {}, taskSeen: {}},
	warnings: {},
};

const finishedStatuses = new Set<StepStatus>(['done', 'skipped', 'failed', 'cancelled']);
export const isFinished = (step: StepView) => finishedStatuses.has(step.status);
export const taskKey = (task: {readonly step: string; readonly task: string}) => `${task.step}/${task.task}`;

/** A step that has ended: printed with its tasks and warnings; the live messages were about it, and go. */
function finishStep(state: UiState, view: StepView): UiState {
	const {[view.id]: notes = [], ...warnings} = state.warnings;
	const line: PrintedLine = {seq: state.nextSeq, kind: 'step', step: view, tasks: state.tasks.filter((task) => task.step === view.id), notes};
	return {...state, printed: [...state.printed, line], nextSeq: state.nextSeq + 1, warnings, messages: []};
}

const keepMessages = 6;

/** The state after one step event (pure). */
export function applyEvent(state: UiState, event: StepEvent): UiState {
	switch (event.type) {
		case 'step': {
			const view: StepView = {id: event.step, title: event.title, status: event.status, ...(event.detail ? {detail: event.detail} : {})};
			const previous = state.steps.find((step) => step.id === event.step);
			const next = {...state, steps: previous ? state.steps.map((step) => (step.id === event.step ? view : step)) : [...state.steps, view]};
			// Printed once, when it ends: a repeated end (or an end after the end) changes nothing on screen.
			return isFinished(view) && !(previous && isFinished(previous)) ? finishStep(next, view) : next;
		}
		case 'progress': {
			const {type: _type, ...view} = event;
			const known = state.tasks.some((task) => task.step === event.step && task.task === event.task);
			const next = {...state, tasks: known ? state.tasks.map((task) => (task.step === event.step && task.task === event.task ? view : task)) : [...state.tasks, view]};
			// A finished task of no step on screen (the sample's generation) is printed on its own; a step's tasks go with their step.
			if (view.state === 'running' || state.steps.some((step) => step.id === view.step)) return next;
			return {...next, printed: [...next.printed, {seq: next.nextSeq, kind: 'task', task: view}], nextSeq: next.nextSeq + 1};
		}
		case 'log': {
			if (event.level === 'debug') return state;
			const running = event.step !== undefined && state.steps.some((step) => step.id === event.step && !isFinished(step));
			const kept = running && (event.level === 'warn' || event.level === 'error');
			const withMessage = addMessage(state, event.message);
			return kept ? {...withMessage, warnings: {...state.warnings, [event.step!]: [...(state.warnings[event.step!] ?? []), event.message]}} : withMessage;
		}
	}
}

/** applyEvent, with the store's clock noting when a step started and when a task was last heard of. */
export function applyEventAt(state: UiState, event: StepEvent, now: number): UiState {
	const next = applyEvent(state, event);
	if (event.type === 'step' && event.status === 'running' && !state.steps.some((step) => step.id === event.step && step.status === 'running')) {
		return {...next, timing: {...next.timing, stepStarted: {...next.timing.stepStarted, [event.step]: now}}};
	}
	if (event.type === 'progress') return {...next, timing: {...next.timing, taskSeen: {...next.timing.taskSeen, [taskKey(event)]: now}}};
	return next;
}

export function addMessage(state: UiState, message: string): UiState {
	return {...state, messages: [...state.messages, message].slice(-keepMessages)};
}

export type UiStore = {
	getState(): UiState;
	subscribe(listener: () => void): () => void;
	update(change: (state: UiState) => UiState): void;
	/** A fresh screen for the next command (finished steps are kept out of the way); what was printed stays printed, and answers not yet printed still will be. */
	reset(): void;
};

export function createUiStore(initial: UiState = emptyState): UiStore {
	let state = initial;
	const listeners = new Set<() => void>();
	return {
		getState: () => state,
		subscribe(listener) {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},
		update(change) {
			state = change(state);
			for (const listener of listeners) listener();
		},
		reset() {
			state = {...emptyState, printed: pendingAnswers(state), printedThrough: state.printedThrough, nextSeq: state.nextSeq};
			for (const listener of listeners) listener();
		},
	};
}
