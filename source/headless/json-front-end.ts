// --json: one JSON object per line on stdout and nothing else there, so `jq` always works.
// Work commands stream their events and end with a "result" (or "error") line; question
// commands (check) print the result object alone. Never asks: a destructive plan needs --yes.

import {UserError, errorMessage} from '../core/errors.js';
import {checkTypedConfirmation, typedConfirmationRequired, type FrontEnd} from '../core/front-end.js';
import {explainError} from '../core/explain-error.js';
import {safeJson} from '../core/format.js';
import {redact, redactEvent} from '../core/redact.js';

export function jsonFrontEnd(options: {yes: boolean; streamEvents: boolean; out?: NodeJS.WritableStream}): FrontEnd {
	const out = options.out ?? process.stdout;
	const print = (value: unknown) => out.write(`${safeJson(value)}\n`);
	return {
		report(event) {
			if (options.streamEvents) print(redactEvent(event));
		},
		notice(message) {
			if (options.streamEvents) print({type: 'log', level: 'info', message: redact(message)});
		},
		async confirm(question, plan, flag) {
			if (options.yes) return true;
			throw new UserError(`${question} Confirmation is required.`, {hint: `Pass ${flag} to go ahead.`, code: 'confirmation_required', cause: plan});
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
				message: redact(errorMessage(error)),
				...(user && error.hint ? {hint: redact(error.hint)} : {}),
				...(logFile ? {log: logFile} : {}),
			});
		},
	};
}
