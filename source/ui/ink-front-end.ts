// The FrontEnd the Ink app gives to commands: every event, question and outcome goes into
// the UI store, and a question resolves when the user answers it on screen. Commands and
// steps cannot tell it from the plain or --json front ends.

import {UserError, errorMessage} from '../core/errors.js';
import {checkTypedConfirmation, type FrontEnd} from '../core/front-end.js';
import {redact, redactEvent} from '../core/redact.js';
import {addMessage, applyEvent, type UiStore} from './store.js';

export function inkFrontEnd(store: UiStore, options: {yes: boolean}): FrontEnd {
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
		report: (event) => store.update((state) => applyEvent(state, redactEvent(event))),
		notice: (message) => store.update((state) => addMessage(state, redact(message))),
		async confirm(question, plan) {
			if (options.yes) return true;
			return ask((answer) => ({kind: 'confirm', question, plan, answer}));
		},
		async confirmByTyping(question, expected, plan, given) {
			const answer = checkTypedConfirmation(expected, given);
			if (answer !== undefined) return answer;
			return ask((resolve) => ({kind: 'typed', question, expected, plan, answer: resolve}));
		},
		outcome: (outcome) => store.update((state) => ({...state, outcome: {...outcome, summary: outcome.summary.map(redact)}})),
		failure(error, logFile) {
			const user = error instanceof UserError;
			store.update((state) => ({
				...state,
				failure: {
					message: redact(user ? error.message : `Unexpected error (a bug in sparkify-dwh): ${errorMessage(error)}`),
					...(user && error.hint ? {hint: redact(error.hint)} : {}),
					...(logFile ? {logFile} : {}),
					bug: !user,
				},
			}));
		},
	};
}
