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
};

export const emptyState: UiState = {steps: [], tasks: [], messages: [], cancelling: false, busy: false, lastExit: 0};

const keepMessages = 6;

/** The state after one step event (pure). */
export function applyEvent(state: UiState, event: StepEvent): UiState {
	switch (event.type) {
		case 'step': {
			const view: StepView = {id: event.step, title: event.title, status: event.status, ...(event.detail ? {detail: event.detail} : {})};
			const known = state.steps.some((step) => step.id === event.step);
			return {...state, steps: known ? state.steps.map((step) => (step.id === event.step ? view : step)) : [...state.steps, view]};
		}
		case 'progress': {
			const {type: _type, ...view} = event;
			const known = state.tasks.some((task) => task.step === event.step && task.task === event.task);
			return {...state, tasks: known ? state.tasks.map((task) => (task.step === event.step && task.task === event.task ? view : task)) : [...state.tasks, view]};
		}
		case 'log':
			return event.level === 'debug' ? state : addMessage(state, event.message);
	}
}

export function addMessage(state: UiState, message: string): UiState {
	return {...state, messages: [...state.messages, message].slice(-keepMessages)};
}

export type UiStore = {
	getState(): UiState;
	subscribe(listener: () => void): () => void;
	update(change: (state: UiState) => UiState): void;
	/** A fresh screen for the next command (finished steps are kept out of the way). */
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
			state = emptyState;
			for (const listener of listeners) listener();
		},
	};
}
