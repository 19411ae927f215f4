// From a parsed command line to the command that does the work. Shared by the entry (one
// command per process) and the interactive app (many commands, one after another). Each
// command's module is imported when it runs, so a start pays only for what it uses.

import {helpText, type ParsedCommandLine} from './args.js';
import {exitCodes} from '../commands/exit-codes.js';
import type {WarehouseArgs} from '../commands/target.js';
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
export type RawOutput = (text: string) => void;

export async function dispatch(parsed: ParsedCommandLine, ctx: Context, frontEnd: FrontEnd, signal: AbortSignal, rawWrite: RawOutput = (text) => void process.stdout.write(text)): Promise<number> {
	// CSV and tables hold names from the data: shown, never obeyed by the terminal.
	const write: RawOutput = (text) => rawWrite(escapeControl(text, {keepNewlines: true}));
	const {values} = parsed;
	const warehouseArgs: WarehouseArgs = {
		target: values.target,
		databaseUrl: values.databaseUrl,
		source: values.source,
		maxErrors: values.maxErrors,
		acceptInvalidChars: values.acceptInvalidChars,
		recreate: values.recreate,
		region: values.region,
		profile: values.profile,
		clusterId: values.clusterId,
	};
	switch (parsed.command) {
		case 'run':
			return (await import('../commands/warehouse.js')).runCommand(warehouseArgs, ctx, frontEnd, signal);
		case 'tables':
			return (await import('../commands/warehouse.js')).tablesCommand(warehouseArgs, ctx, frontEnd, signal);
		case 'etl':
			return (await import('../commands/warehouse.js')).etlCommand(warehouseArgs, ctx, frontEnd, signal);
		case 'check':
			return (await import('../commands/warehouse.js')).checkCommand(warehouseArgs, ctx, frontEnd, signal);
		case 'watch':
			return (await import('../commands/watch.js')).watchCommand(warehouseArgs, ctx, frontEnd, signal);
		case 'profile':
			return (await import('../commands/profile.js')).profileCommand({source: values.source, region: values.region, profile: values.profile, acceptInvalidChars: values.acceptInvalidChars}, ctx, frontEnd, signal);
		case 'analytics':
			return (await import('../commands/analytics.js')).analyticsCommand(
				{...warehouseArgs, question: parsed.argument, csv: values.csv, json: values.json, questions: values.questions, write},
				ctx,
				frontEnd,
				signal,
			);
		case 'schema':
			return (await import('../commands/schema.js')).schemaCommand({write: values.write}, ctx, frontEnd, signal);
		case 'generate': {
			const [{generateCommand}, {defaultSample}] = await Promise.all([import('../commands/generate.js'), import('../commands/source-arg.js')]);
			return generateCommand(
				{songs: values.songs ?? defaultSample.songs, events: values.events ?? defaultSample.events, seed: values.seed ?? defaultSample.seed, out: values.out},
				ctx,
				frontEnd,
				signal,
			);
		}
		case undefined:
			write(helpText);
			return exitCodes.ok;
		default:
			// Loaded only when asked for: the AWS SDK is most of the start-up time.
			return (await import('../commands/aws.js')).awsCommand(parsed.command, values, ctx, frontEnd, signal);
	}
}

/** Commands whose step events are this process's own work (watch relays another's). */
const workCommands = new Set(['run', 'tables', 'etl', 'check', 'generate', 'credentials', 'sizing', 'role', 'cluster', 'network', 'teardown']);

/**
 * Saves each step's outcome in the settings store as it happens, so the menu and a
 * resumed wizard know what was done. A store that cannot be written costs a log line,
 * never the command.
 */
export function rememberingOutcomes(frontEnd: FrontEnd, command: string | undefined, paths: HomePaths, log: Logger): FrontEnd {
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
export async function execute(parsed: ParsedCommandLine, ctx: Context, frontEnd: FrontEnd, signal: AbortSignal, write?: RawOutput): Promise<number> {
	try {
		const code = await dispatch(parsed, ctx, frontEnd, signal, write);
		// Ctrl-C while a question was on screen answers it "no"; it is still an interruption.
		return signal.aborted ? exitCodes.cancelled : code;
	} catch (error) {
		if (isCancelled(error) || signal.aborted) {
			ctx.log.write('info', 'cancelled by the user');
			// A step that leaves something running says so in its cancellation; a load does not.
			const said = error instanceof CancelledError && error.message !== 'Cancelled.' ? error.message : undefined;
			frontEnd.failure(
				new UserError('Cancelled.', {hint: said ?? 'Nothing was committed: the warehouse still holds what it held before.', code: 'cancelled'}),
				undefined,
			);
			return exitCodes.cancelled;
		}
		ctx.log.write('error', 'command failed', error);
		// A full disk, a refused permission or a dead connection is not a bug: say what it is.
		const explained = explainError(error, {warehouseData: ctx.paths.warehouse});
		frontEnd.failure(explained, ctx.log.file);
		return explained instanceof UserError && explained.code === 'usage' ? exitCodes.usage : exitCodes.failed;
	}
}
