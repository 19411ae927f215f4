// sparkify-dwh's entry: reads the command line, picks a front end (plain lines, --json, or
// the interactive screens), runs the command with a cancellation signal wired to Ctrl-C,
// and turns every failure into one clear sentence and an exit code.

import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {helpText, parseCommandLine, type ParsedCommandLine} from './cli/args.js';
import {generateCommand} from './commands/generate.js';
import {checkCommand, etlCommand, exitCodes, runCommand, tablesCommand, type WarehouseArgs} from './commands/warehouse.js';
import type {Context} from './core/context.js';
import {CancelledError, UserError, isCancelled} from './core/errors.js';
import type {FrontEnd} from './core/front-end.js';
import {openLogFile, type Logger} from './core/log.js';
import {openSettings, type SettingsStore} from './config/settings.js';
import {homePaths, type HomePaths} from './core/paths.js';
import {watchCommand} from './commands/watch.js';
import {jsonFrontEnd} from './headless/json-front-end.js';
import {plainFrontEnd} from './plain/front-end.js';
import {defaultSample} from './commands/warehouse.js';
import {profileCommand} from './commands/profile.js';
import {analyticsCommand} from './commands/analytics.js';
import {schemaCommand} from './commands/schema.js';
import {awsCommand, isAwsCommand} from './commands/aws.js';

function version(): string {
	const file = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'package.json');
	return (JSON.parse(fs.readFileSync(file, 'utf8')) as {version: string}).version;
}

/** A terminal a person is typing at: not piped, not dumb, not CI. */
export function isInteractiveTerminal(env: NodeJS.ProcessEnv = process.env): boolean {
	const ci = env.CI && env.CI !== '0' && env.CI.toLowerCase() !== 'false';
	return Boolean(process.stdin.isTTY && process.stdout.isTTY) && env.TERM !== 'dumb' && !ci;
}

function chooseFrontEnd(parsed: ParsedCommandLine, interactive: boolean): FrontEnd {
	const {values, command} = parsed;
	if (values.json) return jsonFrontEnd({yes: values.yes, streamEvents: command !== 'check'});
	return plainFrontEnd({yes: values.yes, interactive, verbose: values.verbose});
}

/** Commands whose step events are this process's own work (watch relays another's). */
const workCommands = new Set(['run', 'tables', 'etl', 'check', 'generate', 'credentials', 'sizing', 'role', 'cluster', 'network', 'teardown']);

/**
 * Saves each step's outcome in the settings store as it happens, so the menu and a
 * resumed wizard know what was done. A store that cannot be written costs a log line,
 * never the command.
 */
function rememberingOutcomes(frontEnd: FrontEnd, command: string | undefined, paths: HomePaths, log: Logger): FrontEnd {
	if (!command || !workCommands.has(command)) return frontEnd;
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
				store.recordStep(event.step, event.status, event.detail);
			} catch (error) {
				log.write('warn', `could not record the outcome of ${event.step}`, error);
			}
		},
	};
}

async function dispatch(parsed: ParsedCommandLine, ctx: Context, frontEnd: FrontEnd, signal: AbortSignal): Promise<number> {
	const {values} = parsed;
	const warehouseArgs: WarehouseArgs = {
		target: values.target,
		databaseUrl: values.databaseUrl,
		source: values.source,
		maxErrors: values.maxErrors,
		recreate: values.recreate,
		region: values.region,
		profile: values.profile,
		clusterId: values.clusterId,
	};
	switch (parsed.command) {
		case 'run':
			return runCommand(warehouseArgs, ctx, frontEnd, signal);
		case 'tables':
			return tablesCommand(warehouseArgs, ctx, frontEnd, signal);
		case 'etl':
			return etlCommand(warehouseArgs, ctx, frontEnd, signal);
		case 'check':
			return checkCommand(warehouseArgs, ctx, frontEnd, signal);
		case 'watch':
			return watchCommand(warehouseArgs, ctx, frontEnd, signal);
		case 'profile':
			return profileCommand({source: values.source, region: values.region, profile: values.profile}, ctx, frontEnd, signal);
		case 'analytics':
			return analyticsCommand(
				{...warehouseArgs, question: parsed.argument, csv: values.csv, json: values.json, questions: values.questions, write: (text) => process.stdout.write(text)},
				ctx,
				frontEnd,
				signal,
			);
		case 'schema':
			return schemaCommand({write: values.write}, ctx, frontEnd, signal);
		case 'generate':
			return generateCommand(
				{songs: values.songs ?? defaultSample.songs, events: values.events ?? defaultSample.events, seed: values.seed ?? defaultSample.seed, out: values.out},
				ctx,
				frontEnd,
				signal,
			);
		case undefined:
			process.stdout.write(helpText);
			return exitCodes.ok;
		default:
			if (isAwsCommand(parsed.command)) return awsCommand(parsed.command, values, ctx, frontEnd, signal);
			throw new UserError(`The ${parsed.command} command is not available yet.`, {code: 'usage'});
	}
}

export async function main(argv: readonly string[]): Promise<number> {
	let parsed: ParsedCommandLine;
	try {
		parsed = parseCommandLine(argv);
	} catch (error) {
		const problem = error as UserError;
		process.stderr.write(`✖ ${problem.message}\n${problem.hint ? `  What to do: ${problem.hint}\n` : ''}`);
		return exitCodes.usage;
	}
	if (parsed.values.help) {
		process.stdout.write(helpText);
		return exitCodes.ok;
	}
	if (parsed.values.version) {
		process.stdout.write(`${version()}\n`);
		return exitCodes.ok;
	}

	const paths = homePaths();
	const log = openLogFile(paths.logs);
	const ctx: Context = {paths, log, env: process.env};
	const frontEnd = rememberingOutcomes(chooseFrontEnd(parsed, isInteractiveTerminal()), parsed.command, paths, log);
	log.write('info', `sparkify-dwh ${version()} ${argv.join(' ')}`);

	// First Ctrl-C: cancel the running step cleanly. Second: quit at once.
	const controller = new AbortController();
	const onInterrupt = () => {
		if (controller.signal.aborted) process.exit(exitCodes.cancelled);
		frontEnd.notice('Cancelling… (press Ctrl-C again to quit at once)');
		controller.abort();
	};
	process.on('SIGINT', onInterrupt);
	process.on('SIGTERM', onInterrupt);

	try {
		return await dispatch(parsed, ctx, frontEnd, controller.signal);
	} catch (error) {
		if (isCancelled(error) || controller.signal.aborted) {
			log.write('info', 'cancelled by the user');
			// A step that leaves something running says so in its cancellation; a load does not.
			const said = error instanceof CancelledError && error.message !== 'Cancelled.' ? error.message : undefined;
			frontEnd.failure(
				new UserError('Cancelled.', {hint: said ?? 'Nothing was committed: the warehouse still holds what it held before.', code: 'cancelled'}),
				undefined,
			);
			return exitCodes.cancelled;
		}
		log.write('error', 'command failed', error);
		frontEnd.failure(error, log.file);
		return error instanceof UserError && error.code === 'usage' ? exitCodes.usage : exitCodes.failed;
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

process.exitCode = await main(process.argv.slice(2));
