// The plain front end: lines of text, and @inquirer/prompts for the rare question.
// Chosen with --plain, or automatically without a terminal, with TERM=dumb or in CI.

import {confirm, input} from '@inquirer/prompts';
import {UserError, errorMessage, hintFor} from '../core/errors.js';
import {checkTypedConfirmation, planFrom, typedConfirmationRequired, type FrontEnd} from '../core/front-end.js';
import {explainError} from '../core/explain-error.js';
import {escapeControl} from '../core/format.js';
import {redact} from '../core/redact.js';
import {planLines} from './describe-plan.js';
import {createLinePrinter} from './line-printer.js';

export type PlainOptions = {
	readonly yes: boolean;
	readonly interactive: boolean;
	readonly verbose: boolean;
	/** The plain wizard: errors speak of its questions and settings, not of flags. */
	readonly wizard?: boolean;
	readonly out?: NodeJS.WritableStream;
	readonly err?: NodeJS.WritableStream;
};

export function plainFrontEnd(options: PlainOptions): FrontEnd {
	const out = options.out ?? process.stdout;
	const err = options.err ?? process.stderr;
	const printer = createLinePrinter({out, err, heartbeatMs: options.interactive ? 1000 : 5000, verbose: options.verbose});
	return {
		report: printer.event,
		notice: printer.line,
		async confirm(question, plan, flag) {
			// Shown with --yes too: what is about to happen, in the log of the run.
			for (const line of planLines(await planFrom(plan))) printer.line(line);
			if (options.yes) return true;
			if (!options.interactive) {
				throw new UserError(`${question} — cannot ask without a terminal.`, {
					hint: `Pass ${flag} to go ahead.`,
					code: 'confirmation_required',
				});
			}
			return confirm({message: escapeControl(redact(question)), default: false}, {output: err as NodeJS.WriteStream});
		},
		async confirmByTyping(question, expected, plan, given) {
			for (const line of planLines(plan)) printer.line(line);
			const answer = checkTypedConfirmation(expected, given);
			if (answer !== undefined) return answer;
			if (!options.interactive) throw typedConfirmationRequired(question, expected);
			const typed = await input(
				{
					message: `${escapeControl(redact(question))} Type ${expected} to confirm (empty to keep it):`,
					validate: (text) => text.trim() === '' || text.trim() === expected || `That is not ${expected}.`,
				},
				{output: err as NodeJS.WriteStream},
			);
			return typed.trim() === expected;
		},
		outcome: printer.outcome,
		failure(failed, logFile) {
			const error = explainError(failed);
			if (error instanceof UserError) {
				printer.failed(redact(error.message));
				const hint = hintFor(error, options.wizard === true);
				if (hint) printer.line(`  What to do: ${redact(hint)}`);
			} else {
				printer.line(`✖ Unexpected error (a bug in sparkify-dwh): ${redact(errorMessage(error))}`);
			}
			if (logFile) printer.line(`  Details: ${logFile}`);
		},
	};
}
