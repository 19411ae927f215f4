// --json: one JSON object per line on stdout and nothing else there, so `jq` always works.
// Work commands stream their events and end with a "result" (or "error") line; question
// commands (check) print the result object alone. Never asks: a destructive plan needs --yes.

import {UserError, errorMessage} from '../core/errors.js';
import {checkTypedConfirmation, planFrom, typedConfirmationRequired, type FrontEnd} from '../core/front-end.js';
import {explainError} from '../core/explain-error.js';
import type {StepEvent} from '../core/events.js';
import {escapeControl, safeJson} from '../core/format.js';
import {redact, redactEvent} from '../core/redact.js';

// JSON escapes control characters on the wire, but `jq -r .message` would print them raw:
// the sentences meant for people (messages, hints, details) carry them as visible \uXXXX.
// Data fields (counts, names in results) keep their exact values.
const sentence = (text: string) => escapeControl(redact(text));

function sentencesOf(event: StepEvent): StepEvent {
	if (event.type === 'step' && event.detail) return {...event, detail: escapeControl(event.detail)};
	if (event.type === 'log') return {...event, message: escapeControl(event.message)};
	return event;
}

export function jsonFrontEnd(options: {yes: boolean; streamEvents: boolean; out?: NodeJS.WritableStream}): FrontEnd {
	const out = options.out ?? process.stdout;
	const print = (value: unknown) => out.write(`${safeJson(value)}\n`);
	return {
		report(event) {
			if (options.streamEvents) print(sentencesOf(redactEvent(event)));
		},
		notice(message) {
			if (options.streamEvents) print({type: 'log', level: 'info', message: sentence(message)});
		},
		async confirm(question, plan, flag) {
			if (options.yes) return true;
			throw new UserError(`${question} Confirmation is required.`, {hint: `Pass ${flag} to go ahead.`, code: 'confirmation_required', cause: await planFrom(plan)});
		},
		async confirmByTyping(question, expected, _plan, given) {
			const answer = checkTypedConfirmation(expected, given);
			if (answer === undefined) throw typedConfirmationRequired(question, expected);
			return answer;
		},
		outcome(outcome) {
			print({type: 'result', command: outcome.command, ok: outcome.ok, ...outcome.data});
		},
		failure(failed, logFile) {
			const error = explainError(failed);
			const user = error instanceof UserError;
			print({
				type: 'error',
				code: user ? error.code : 'bug',
				message: sentence(errorMessage(error)),
				...(user && error.hint ? {hint: sentence(error.hint)} : {}),
				...(logFile ? {log: logFile} : {}),
			});
		},
	};
}
