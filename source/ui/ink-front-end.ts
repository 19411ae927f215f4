// The FrontEnd the Ink app gives to commands: every event, question and outcome goes into
// the UI store, and a question resolves when the user answers it on screen. Commands and
// steps cannot tell it from the plain or --json front ends.

import type {StepEvent} from '../core/events.js';
import {UserError, errorMessage, hintFor} from '../core/errors.js';
import {explainError} from '../core/explain-error.js';
import {escapeControl} from '../core/format.js';
import {checkTypedConfirmation, type FrontEnd} from '../core/front-end.js';
import {redact, redactEvent} from '../core/redact.js';
import type {Plan} from '../core/step.js';
import {addMessage, applyEventAt, type StepView, type UiStore} from './store.js';

// Text on its way to the screen: no secret, and nothing from the data that the terminal
// would act on (an escape sequence, a NUL, a bidi override). Ink draws the rest.
const safe = (text: string) => escapeControl(redact(text), {keepNewlines: true});

function safeEvent(event: StepEvent): StepEvent {
	const redacted = redactEvent(event);
	switch (redacted.type) {
		case 'step':
			return {...redacted, title: safe(redacted.title), ...(redacted.detail ? {detail: safe(redacted.detail)} : {})};
		case 'progress':
			return {...redacted, task: safe(redacted.task)};
		case 'log':
			return {...redacted, message: safe(redacted.message)};
	}
}

function withoutDetail({detail: _said, ...step}: StepView): StepView {
	return step;
}

function safePlan(plan: Plan): Plan {
	return {...plan, actions: plan.actions.map((action) => ({...action, resource: safe(action.resource), ...(action.detail ? {detail: safe(action.detail)} : {})}))};
}

/**
 * `wizard`: the commands run from the menu or the wizard, whose errors speak of menu items and settings, not flags.
 * `now`: the clock elapsed times count by (a test's own).
 */
export function inkFrontEnd(store: UiStore, options: {yes: boolean; wizard?: boolean; now?: () => number}): FrontEnd {
	const now = options.now ?? Date.now;
	const ask = (makeQuestion: (answer: (yes: boolean) => void) => NonNullable<ReturnType<UiStore['getState']>['question']>) =>
		new Promise<boolean>((resolve) => {
			store.update((state) => ({
				...state,
				question: makeQuestion((yes) => {
					store.update((current) => {
						const {question: _answered, ...rest} = current;
						return rest;
					});
					resolve(yes);
				}),
			}));
		});
	return {
		report: (event) => store.update((state) => applyEventAt(state, safeEvent(event), now())),
		notice: (message) => store.update((state) => addMessage(state, safe(message))),
		async confirm(question, plan) {
			if (options.yes) return true;
			// A plan already made is asked at once, in the same turn (no await before it).
			const shown = safePlan(typeof plan === 'function' ? await plan() : plan);
			return ask((answer) => ({kind: 'confirm', question: safe(question), plan: shown, answer}));
		},
		async confirmByTyping(question, expected, plan, given) {
			const answer = checkTypedConfirmation(expected, given);
			if (answer !== undefined) return answer;
			return ask((resolve) => ({kind: 'typed', question: safe(question), expected, plan: safePlan(plan), answer: resolve}));
		},
		outcome: (outcome) => store.update((state) => ({...state, outcome: {...outcome, summary: outcome.summary.map(safe)}})),
		failure(failed, logFile) {
			const error = explainError(failed);
			const user = error instanceof UserError;
			const hint = user ? hintFor(error, options.wizard === true) : undefined;
			const message = safe(user ? error.message : `Unexpected error (a bug in sparkify-dwh): ${errorMessage(error)}`);
			store.update((state) => ({
				...state,
				// The failed step already said this sentence under its line: the panel says it now, once.
				steps: state.steps.map((step) => (step.status === 'failed' && step.detail === message ? withoutDetail(step) : step)),
				failure: {message, ...(hint ? {hint: safe(hint)} : {}), ...(logFile ? {logFile} : {}), ...(user ? {code: error.code} : {}), bug: !user},
			}));
		},
	};
}
