// The commands that work on a warehouse (run, tables, etl, check): they pick the target
// and the source, ask before replacing a load, run the steps and describe the outcome.
// Glue only: the work is in the steps, the drawing in the front end.

import path from 'node:path';
import type {Context} from '../core/context.js';
import type {FrontEnd} from '../core/front-end.js';
import {runStep} from '../core/step.js';
import {exitCodes} from './exit-codes.js';
import type {CommandIo} from './registry.js';
import type {DataSource} from '../etl/source.js';
import {redshiftCopyArgs, resolveSource} from './source-arg.js';
import {formatLoadError} from '../etl/error-sink.js';
import {formatBytes, formatCount, formatDuration} from '../core/format.js';
import {checkStep, type CheckResult} from '../steps/check.js';
import {etlStep, type EtlResult} from '../steps/etl.js';
import {tablesStep} from '../steps/tables.js';
import type {Warehouse} from '../warehouse/connection.js';
import {announceSteps} from '../core/events.js';
import {embeddedStartStep, isEmbedded, withWarehouse, type TargetArgs} from './target.js';
import {allTables, loadedSongplays} from '../warehouse/tables.js';
import {nextStepLines, nextSteps} from './next-steps.js';
import {matchRateLines} from './match-rate.js';

/** What a load reads: the source, and how strict to be with it. */
type LoadArgs = TargetArgs & {
	readonly source: string | undefined;
	readonly maxErrors: number;
	/** Replace invalid UTF-8 with this character instead of rejecting the record (ACCEPTINVCHARS). */
	readonly acceptInvalidChars: string | undefined;
};
type RecreateArgs = {readonly recreate: boolean};

/** What the warehouse commands tell (--json prints it); a declined command tells only that. */
export type WarehouseOutcome = Record<string, unknown>;

/** Asks before a load replaces one that is already there (a first load needs no asking). */
async function confirmReplace(warehouse: Warehouse, frontEnd: FrontEnd, source: DataSource, ctx: Context): Promise<boolean> {
	const client = await warehouse.connect();
	let plays: number | undefined;
	try {
		plays = await loadedSongplays(client);
	} finally {
		await client.end();
	}
	if (!plays) return true;
	const plan = () => etlStep.plan(ctx, {warehouse, source});
	return frontEnd.confirm(`Replace the current load (${formatCount(plays)} songplays) in ${warehouse.label}?`, plan, '--yes');
}

async function load(warehouse: Warehouse, args: LoadArgs, ctx: Context, frontEnd: FrontEnd, signal: AbortSignal): Promise<EtlResult | undefined> {
	const redshift = warehouse.dialect === 'redshift' ? redshiftCopyArgs(args, ctx) : undefined;
	const source = await resolveSource(redshift ? {...args, source: redshift.uri} : args, ctx, frontEnd, signal);
	if (!(await confirmReplace(warehouse, frontEnd, source, ctx))) return undefined;
	const text = args.acceptInvalidChars === undefined ? {} : {acceptInvalidChars: args.acceptInvalidChars};
	return runStep(
		etlStep,
		ctx,
		{warehouse, source, maxErrors: args.maxErrors, ...text, ...(redshift ? {copy: redshift.copy} : {})},
		frontEnd.report,
		signal,
		(result) => `${formatCount(result.star.songplays ?? 0)} songplays in ${formatDuration(result.elapsedMs)}`,
	);
}

async function ensureTables(warehouse: Warehouse, args: RecreateArgs, ctx: Context, frontEnd: FrontEnd, signal: AbortSignal) {
	if (args.recreate) {
		const plan = await tablesStep.plan(ctx, {warehouse, recreate: true});
		if (plan.destructive && !(await frontEnd.confirm(`Drop and recreate every table in ${warehouse.label}? Their rows are lost.`, plan, '--yes'))) {
			return undefined;
		}
	}
	return runStep(tablesStep, ctx, {warehouse, recreate: args.recreate}, frontEnd.report, signal, (result) =>
		result.created.length > 0 ? `${result.created.length} created, ${result.existing.length} already there` : `all ${result.existing.length} already there`,
	);
}

function loadSummary(result: EtlResult): string[] {
	const lines = result.staging.map((table) => `${table.table}: ${formatCount(table.rows)} rows from ${formatCount(table.files)} files (${formatBytes(table.bytes)})`);
	lines.push(...matchRateLines(result));
	lines.push(`names repaired from double-encoded UTF-8: ${formatCount(result.repaired.values)} in ${formatCount(result.repaired.events)} events`);
	if (result.invalidChars.with !== undefined) lines.push(`invalid characters replaced with "${result.invalidChars.with}": ${formatCount(result.invalidChars.replaced)}`);
	if (result.rejected.count > 0) {
		lines.push(`rejected records: ${formatCount(result.rejected.count)} (all in ${result.rejected.file})`);
		for (const error of result.rejected.sample.slice(0, 5)) lines.push(`  ${formatLoadError(error)}`);
	}
	if (result.skipped.length > 0) {
		lines.push(`not loaded: ${formatCount(result.skipped.length)} ${result.skipped.length === 1 ? 'entry' : 'entries'} of the source`);
		for (const entry of result.skipped.slice(0, 10)) lines.push(`  ${entry.name}: ${entry.reason}`);
		if (result.skipped.length > 10) lines.push(`  … and ${formatCount(result.skipped.length - 10)} more (all in --json)`);
	}
	return lines;
}

/** Where the load went, for the closing line: the embedded server's port is gone once the command ends, so it is not named. */
function whereLoaded(warehouse: Warehouse, args: TargetArgs): string {
	return !args.databaseUrl && args.target === 'local' ? 'the embedded PostgreSQL' : warehouse.label;
}

/**
 * The next steps after a load, as the summary's last lines and as --json data (`next`, `repeat`).
 * A folder is named by its absolute path, so the repeated command works from any directory.
 */
function whatNext(command: 'run' | 'etl', args: LoadArgs & Partial<RecreateArgs>) {
	const source = args.source && !args.source.startsWith('s3://') ? path.resolve(args.source) : args.source;
	const steps = nextSteps({...args, source, command, recreate: args.recreate === true});
	return {lines: nextStepLines(steps), data: {next: steps.next.map((step) => step.command), repeat: steps.repeat}};
}

function checkSummary(result: CheckResult): string[] {
	const width = Math.max(...allTables.map((table) => table.length));
	const lines = allTables.map((table) => `${table.padEnd(width)}  ${formatCount(result.tables[table] ?? 0).padStart(12)}`);
	const failed = result.checks.filter((check) => !check.passed);
	lines.push(`quality checks: ${result.checks.length - failed.length} of ${result.checks.length} passed`);
	for (const check of failed) lines.push(`  ✖ ${check.name}: ${formatCount(check.failing)} rows break it`);
	return lines;
}

function describeChecks(result: CheckResult): string {
	return `${result.checks.filter((check) => check.passed).length} of ${result.checks.length} passed`;
}

function checkData(result: CheckResult) {
	// In the schema's order (staging first), whichever order the counting passes found them in.
	const tables = Object.fromEntries(allTables.filter((table) => table in result.tables).map((table) => [table, result.tables[table]]));
	return {tables, checks: result.checks.map(({name, passed, failing}) => ({name, passed, failing})), passed: result.passed};
}

function loadData(result: EtlResult) {
	return {
		staging: result.staging,
		star: result.star,
		match: result.match,
		repaired: result.repaired,
		skipped: result.skipped,
		invalidChars: result.invalidChars,
		rejected: {count: result.rejected.count, file: result.rejected.file, sample: result.rejected.sample},
		elapsedMs: result.elapsedMs,
	};
}

export async function runCommand(args: LoadArgs & RecreateArgs, io: CommandIo<WarehouseOutcome>): Promise<number> {
	const {ctx, frontEnd, signal} = io;
	// The whole pipeline is on screen from the start, the server's start first.
	announceSteps(frontEnd.report, [...(isEmbedded(args) ? [embeddedStartStep] : []), tablesStep, etlStep, checkStep]);
	return withWarehouse(
		args,
		ctx,
		frontEnd,
		signal,
		async (warehouse) => {
			const startedAt = Date.now();
			if (!(await ensureTables(warehouse, args, ctx, frontEnd, signal))) return declinedByUser(io);
			const loaded = await load(warehouse, args, ctx, frontEnd, signal);
			if (!loaded) return declinedByUser(io);
			const checked = await runStep(checkStep, ctx, {warehouse}, frontEnd.report, signal, describeChecks, (result) => result.passed);
			const next = whatNext('run', args);
			io.outcome({
				ok: checked.passed,
				data: {warehouse: warehouse.label, ...loadData(loaded), ...checkData(checked), totalMs: Date.now() - startedAt, ...next.data},
				summary: [
					...loadSummary(loaded),
					...checkSummary(checked),
					`done in ${formatDuration(Date.now() - startedAt)} on ${whereLoaded(warehouse, args)}`,
					// After failed checks the next step is to look at them, not to go on.
					...(checked.passed ? next.lines : []),
				],
			});
			return checked.passed ? exitCodes.ok : exitCodes.checksFailed;
		},
		{asStep: true},
	);
}

export async function tablesCommand(args: TargetArgs & RecreateArgs, io: CommandIo<WarehouseOutcome>): Promise<number> {
	const {ctx, frontEnd, signal} = io;
	return withWarehouse(args, ctx, frontEnd, signal, async (warehouse) => {
		const result = await ensureTables(warehouse, args, ctx, frontEnd, signal);
		if (!result) return declinedByUser(io);
		io.outcome({
			ok: true,
			data: {warehouse: warehouse.label, created: result.created, existing: result.existing},
			summary: [`created: ${result.created.join(', ') || 'none'}`, `already there: ${result.existing.join(', ') || 'none'}`],
		});
		return exitCodes.ok;
	});
}

export async function etlCommand(args: LoadArgs, io: CommandIo<WarehouseOutcome>): Promise<number> {
	const {ctx, frontEnd, signal} = io;
	return withWarehouse(args, ctx, frontEnd, signal, async (warehouse) => {
		const loaded = await load(warehouse, args, ctx, frontEnd, signal);
		if (!loaded) return declinedByUser(io);
		const next = whatNext('etl', args);
		io.outcome({ok: true, data: {warehouse: warehouse.label, ...loadData(loaded), ...next.data}, summary: [...loadSummary(loaded), ...next.lines]});
		return exitCodes.ok;
	});
}

export async function checkCommand(args: TargetArgs, io: CommandIo<WarehouseOutcome>): Promise<number> {
	const {ctx, frontEnd, signal} = io;
	return withWarehouse(args, ctx, frontEnd, signal, async (warehouse) => {
		const result = await runStep(checkStep, ctx, {warehouse}, frontEnd.report, signal, describeChecks, (checked) => checked.passed);
		io.outcome({ok: result.passed, data: {warehouse: warehouse.label, ...checkData(result)}, summary: checkSummary(result)});
		return result.passed ? exitCodes.ok : exitCodes.checksFailed;
	});
}

function declinedByUser(io: CommandIo<WarehouseOutcome>): number {
	io.outcome({ok: false, data: {declined: true}, summary: ['Nothing was changed.']});
	return exitCodes.declined;
}
