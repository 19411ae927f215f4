// sparkify-dwh's entry: reads the command line, picks a front end (plain lines, --json, or
// the interactive screens), runs the command with a cancellation signal wired to Ctrl-C,
// and turns every failure into one clear sentence and an exit code.

import fs from 'node:fs';
import path from 'node:path';
import {commandHelp, helpText, parseCommandLine, type ParsedCommandLine} from './cli/args.js';
import {registry} from './commands/registry.js';
import {exitCodes} from './commands/exit-codes.js';
import type {Context} from './core/context.js';
import {UserError, isCancelled} from './core/errors.js';
import type {FrontEnd} from './core/front-end.js';
import {openLogFile, type Logger} from './core/log.js';
import {explainError, homeFolderError} from './core/explain-error.js';
import {homePaths} from './core/paths.js';
import {redact} from './core/redact.js';
import {projectRoot} from './core/project-root.js';
import {importWithoutFetch} from './core/without-fetch.js';

function version(): string {
	const file = path.join(projectRoot, 'package.json');
	return (JSON.parse(fs.readFileSync(file, 'utf8')) as {version: string}).version;
}

/** A person is typing at a terminal (not piped, not CI): questions may be asked, in plain lines at least. */
export function canAsk(env: NodeJS.ProcessEnv = process.env): boolean {
	const ci = env.CI && env.CI !== '0' && env.CI.toLowerCase() !== 'false';
	return Boolean(process.stdin.isTTY && process.stdout.isTTY) && !ci;
}

/** A terminal the Ink app can draw on: one a person types at, and not TERM=dumb. */
export function isInteractiveTerminal(env: NodeJS.ProcessEnv = process.env): boolean {
	return canAsk(env) && env.TERM !== 'dumb';
}

async function chooseFrontEnd(parsed: ParsedCommandLine, interactive: boolean): Promise<FrontEnd> {
	const {global, command} = parsed;
	// check and sql answer with one object, which `jq` reads whole.
	if (global.json) return (await import('./headless/json-front-end.js')).jsonFrontEnd({yes: global.yes, streamEvents: command !== 'check' && command !== 'sql'});
	return (await import('./plain/front-end.js')).plainFrontEnd({yes: global.yes, interactive, verbose: global.verbose, wizard: command === undefined});
}

/**
 * Why `sparkify-dwh --source X` (no command) cannot open the app with X: it is checked now, as
 * the wizard checks a typed folder, rather than when a load from the menu fails on it.
 */
async function refuseSessionSource(source: string, json: boolean): Promise<UserError | undefined> {
	if (json || !canAsk()) {
		return new UserError('--source with no command opens the app, which needs a terminal.', {
			hint: `To load it from a script: sparkify-dwh run --source ${source} --yes`,
			code: 'usage',
		});
	}
	const {validators} = await import('./interactive/validators.js');
	const problem = source.startsWith('s3://') ? validators.s3Location(source) : validators.sourceFolder(source);
	return problem ? new UserError(`--source ${source}: ${problem}`, {hint: 'Give a folder that holds song_data/ and log_data/, or an s3:// location.', code: 'usage'}) : undefined;
}

/** A failure before the command's front end and log exist, told the way that front end would. */
async function printEarlyFailure(error: unknown, json: boolean): Promise<void> {
	const frontEnd = json
		? (await import('./headless/json-front-end.js')).jsonFrontEnd({yes: false, streamEvents: true})
		: (await import('./plain/front-end.js')).plainFrontEnd({yes: false, interactive: false, verbose: false});
	frontEnd.failure(error, undefined);
}

export async function main(argv: readonly string[]): Promise<number> {
	let parsed: ParsedCommandLine;
	try {
		parsed = parseCommandLine(argv);
	} catch (error) {
		// Even a command line that does not parse asked for --json: it gets its error line.
		await printEarlyFailure(error, argv.includes('--json'));
		return exitCodes.usage;
	}
	if (parsed.global.help) {
		process.stdout.write(parsed.command ? commandHelp(parsed.command) : helpText);
		return exitCodes.ok;
	}
	if (parsed.global.version) {
		process.stdout.write(`${version()}\n`);
		return exitCodes.ok;
	}

	const paths = homePaths();
	let log: Logger;
	try {
		log = openLogFile(paths.logs);
	} catch (error) {
		// Before any command runs, and before there is a log to point at.
		await printEarlyFailure(homeFolderError(error, paths.home), parsed.global.json);
		return exitCodes.failed;
	}
	const ctx: Context = {paths, log, env: process.env};
	if (parsed.command === undefined && parsed.source !== undefined) {
		const refused = await refuseSessionSource(parsed.source, parsed.global.json);
		if (refused) {
			await printEarlyFailure(refused, parsed.global.json);
			return exitCodes.usage;
		}
	}
	if (!parsed.global.json && !parsed.global.plain && isInteractiveTerminal() && (parsed.command === undefined || registry[parsed.command].drawn)) {
		log.write('info', `sparkify-dwh ${version()} ${argv.map(redact).join(' ')} (interactive)`);
		const {startInteractive} = await importWithoutFetch(() => import('./interactive/start.js'));
		const given = parsed.command ? {command: parsed} : parsed.source ? {source: parsed.source} : {};
		return startInteractive(ctx, {yes: parsed.global.yes, ...given});
	}
	// No command: where questions can be asked but Ink may not draw (--plain, TERM=dumb), the wizard in plain lines; elsewhere the help.
	const plainWizard = parsed.command === undefined && !parsed.global.json && canAsk();
	if (parsed.command === undefined && !plainWizard) {
		process.stdout.write(helpText);
		return exitCodes.ok;
	}
	// Imported here, not at the top: the interactive app above must not wait for them.
	const {executeParsed, rememberingOutcomes} = await import('./cli/dispatch.js');
	const frontEnd = rememberingOutcomes(await chooseFrontEnd(parsed, canAsk()), parsed.command, paths, log);
	log.write('info', `sparkify-dwh ${version()} ${argv.map(redact).join(' ')}`);

	// First Ctrl-C: cancel the running step cleanly. Second: quit at once.
	const controller = new AbortController();
	const onInterrupt = () => {
		if (controller.signal.aborted) {
			// Even quitting at once ends --json with its error line.
			frontEnd.failure(new UserError('Cancelled at once.', {hint: 'Run the command again: an unfinished load is rolled back by the database.', code: 'cancelled'}), undefined);
			process.exit(exitCodes.cancelled);
		}
		const stopping = parsed.command !== undefined && registry[parsed.command].untilStopped;
		frontEnd.notice(`${stopping ? 'Stopping' : 'Cancelling'}… (press Ctrl-C again to quit at once)`);
		controller.abort();
	};
	process.on('SIGINT', onInterrupt);
	process.on('SIGTERM', onInterrupt);

	try {
		if (parsed.command) return await executeParsed(parsed, {ctx, frontEnd, signal: controller.signal, json: parsed.global.json});
		const {runPlainWizard} = await import('./interactive/plain-wizard.js');
		return await runPlainWizard(ctx, frontEnd, controller.signal, parsed.source).catch((error: unknown) => {
			// A question withdrawn with Ctrl-C, or a settings file that cannot be written: told as any command's would be.
			if (isCancelled(error) || controller.signal.aborted) {
				frontEnd.failure(new UserError('Cancelled.', {hint: 'Run `sparkify-dwh --plain` again to go on where the setup stopped.', code: 'cancelled'}), undefined);
				return exitCodes.cancelled;
			}
			frontEnd.failure(explainError(error, {warehouseData: ctx.paths.warehouse}), log.file);
			return exitCodes.failed;
		});
	} finally {
		process.off('SIGINT', onInterrupt);
		process.off('SIGTERM', onInterrupt);
	}
}

// `sparkify-dwh schema | head` closes stdout early: that is the reader's choice, not a crash.
for (const stream of [process.stdout, process.stderr]) {
	stream.on('error', (error: NodeJS.ErrnoException) => {
		if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
		throw error;
	});
}

const argv = process.argv.slice(2);
// The last net: whatever escaped main() (or was thrown later, from a stream's callback or an
// unawaited promise) is still told in one line, a bug only when nothing explains it.
const lastWord = async (error: unknown) => {
	await printEarlyFailure(explainError(error), argv.includes('--json'));
	return exitCodes.failed;
};
for (const event of ['uncaughtException', 'unhandledRejection'] as const) {
	process.on(event, (error: unknown) => void lastWord(error).then((code) => process.exit(code)));
}
process.exitCode = await main(argv).catch(lastWord);
