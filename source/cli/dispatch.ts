// From a parsed command line to the command that does the work. Shared by the entry (one
// command per process) and the interactive app (many commands, one after another). Each
// command's module is imported when it runs, so a start pays only for what it uses.

import type {ParsedCommand} from './args.js';
import {exitCodes} from '../commands/exit-codes.js';
import {registry, type CommandName, type Handler, type InputOf, type Ran, type ResultOf} from '../commands/registry.js';
import type {Context} from '../core/context.js';
import {CancelledError, UserError, isCancelled} from '../core/errors.js';
import {explainError} from '../core/explain-error.js';
import {escapeControl} from '../core/format.js';
import {redact} from '../core/redact.js';
import {openSettings, type SettingsStore} from '../config/settings.js';
import type {HomePaths} from '../core/paths.js';
import type {Logger} from '../core/log.js';
import type {FrontEnd} from '../core/front-end.js';

/** Where CSV and other raw output goes (stdout for the CLI; the screen for the app). */
type RawOutput = (text: string) => void;

/** What a command runs with, whoever runs it. */
export type Session = {
	readonly ctx: Context;
	readonly frontEnd: FrontEnd;
	readonly signal: AbortSignal;
	readonly write?: RawOutput;
	readonly json?: boolean;
};

/** Runs one command with its typed input: the command line and the wizard both come here. */
export async function dispatch<Name extends CommandName>(name: Name, input: InputOf<Name>, session: Session): Promise<Ran<Name>> {
	const rawWrite = session.write ?? ((text: string) => void process.stdout.write(text));
	// TypeScript cannot see that registry[name] is the entry for this very Name (a correlated union): said once, here.
	const handler = (await registry[name].handler()) as Handler<InputOf<Name>, ResultOf<Name>>;
	let result: ResultOf<Name> | undefined;
	const exit = await handler(input, {
		ctx: session.ctx,
		frontEnd: session.frontEnd,
		signal: session.signal,
		json: session.json ?? false,
		// CSV and tables hold names from the data: shown, never obeyed by the terminal.
		write: (text) => rawWrite(escapeControl(text, {keepNewlines: true})),
		outcome({ok, data, summary}) {
			result = data;
			session.frontEnd.outcome({command: name, ok, data: data as Record<string, unknown>, summary});
		},
	});
	return result === undefined ? {exit} : {exit, result};
}

/**
 * Saves each step's outcome in the settings store as it happens, so the menu and a
 * resumed wizard know what was done. A store that cannot be written costs a log line,
 * never the command.
 */
export function rememberingOutcomes(frontEnd: FrontEnd, command: CommandName | undefined, paths: HomePaths, log: Logger): FrontEnd {
	if (!command || !registry[command].remembered) return frontEnd;
	let settings: SettingsStore | undefined;
	try {
		settings = openSettings(paths);
	} catch (error) {
		log.write('warn', 'settings not available; step outcomes will not be remembered', error);
		return frontEnd;
	}
	const store = settings;
	return {
		...frontEnd,
		report(event) {
			frontEnd.report(event);
			if (event.type !== 'step' || (event.status !== 'done' && event.status !== 'failed' && event.status !== 'cancelled')) return;
			try {
				// Kept for the menu and `status`: stored as it will be shown, with no secret and no control character.
				store.recordStep(event.step, event.status, event.detail === undefined ? undefined : escapeControl(redact(event.detail)));
			} catch (error) {
				log.write('warn', `could not record the outcome of ${event.step}`, error);
			}
		},
	};
}

/**
 * Runs one command to its end and turns any failure into the front end's failure panel and
 * an exit code: the same for a one-shot command and for each command of the interactive app.
 */
export async function execute<Name extends CommandName>(name: Name, input: InputOf<Name>, session: Session): Promise<Ran<Name>> {
	const {ctx, frontEnd, signal} = session;
	try {
		const ran = await dispatch(name, input, session);
		// Ctrl-C while a question was on screen answers it "no"; it is still an interruption
		// (except for a command that runs until stopped: there Ctrl-C is how it ends).
		return signal.aborted && !registry[name].untilStopped ? {exit: exitCodes.cancelled} : ran;
	} catch (error) {
		if (isCancelled(error) || signal.aborted) {
			ctx.log.write('info', 'cancelled by the user');
			// A step that leaves something running says so in its cancellation; a load does not.
			const said = error instanceof CancelledError && error.message !== 'Cancelled.' ? error.message : undefined;
			frontEnd.failure(new UserError('Cancelled.', {hint: said ?? 'Nothing was committed: the warehouse still holds what it held before.', code: 'cancelled'}), undefined);
			return {exit: exitCodes.cancelled};
		}
		ctx.log.write('error', 'command failed', error);
		// A full disk, a refused permission or a dead connection is not a bug: say what it is.
		const explained = explainError(error, {warehouseData: ctx.paths.warehouse});
		frontEnd.failure(explained, explained instanceof UserError && explained.noDetails ? undefined : ctx.log.file);
		return {exit: explained instanceof UserError && explained.code === 'usage' ? exitCodes.usage : exitCodes.failed};
	}
}

/** The command line's command, run: its input is already the command's own. */
export async function executeParsed(parsed: ParsedCommand, session: Session): Promise<number> {
	return (await execute(parsed.command, parsed.input, session)).exit;
}
