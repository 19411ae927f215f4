// `sparkify-dwh sql "<query>"` (or --file, or standard input): the user's own query on
// either target, read-only unless --write (which asks first), answered as an aligned table,
// CSV or JSON with its row count and time. Glue only: the query runs in warehouse/query,
// the table is drawn by analytics/render.

import fs from 'node:fs';
import {formatTable, recordsOf, rowCountText, toCsv} from '../analytics/render.js';
import {UserError} from '../core/errors.js';
import {formatDuration} from '../core/format.js';
import {runQuery, type QueryAnswer} from '../warehouse/query.js';
import {exitCodes} from './exit-codes.js';
import type {CommandIo} from './registry.js';
import {withWarehouse, type TargetArgs} from './target.js';

export type SqlArgs = TargetArgs & {
	readonly argument?: string | undefined;
	readonly file: string | undefined;
	readonly write: boolean;
	readonly timeout: number;
	readonly maxRows?: number | undefined;
	readonly csv: boolean;
};

export type SqlOutcome = Omit<QueryAnswer, 'statements'> | {readonly declined: true};

/** Where the query comes from: the argument, --file, or standard input when it is not a terminal. */
export async function readQuery(args: Pick<SqlArgs, 'argument' | 'file'>, stdin: NodeJS.ReadableStream & {isTTY?: boolean}): Promise<string> {
	if (args.argument !== undefined && args.file !== undefined) {
		throw new UserError('Give the query either as an argument or with --file, not both.', {hint: 'See `sparkify-dwh sql --help`.', code: 'usage'});
	}
	let text: string;
	if (args.argument !== undefined) {
		text = args.argument;
	} else if (args.file !== undefined) {
		try {
			text = fs.readFileSync(args.file, 'utf8');
		} catch (error) {
			throw new UserError(`Cannot read the query from ${args.file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'there is no such file' : (error as Error).message}.`, {
				hint: 'Check the path given to --file.',
				code: 'file_unreadable',
				cause: error,
			});
		}
	} else if (!stdin.isTTY) {
		const chunks: Buffer[] = [];
		for await (const chunk of stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
		text = Buffer.concat(chunks).toString('utf8');
	} else {
		throw new UserError('No query given.', {hint: 'Pass it as an argument (sparkify-dwh sql "SELECT …"), with --file, or on standard input.', code: 'usage'});
	}
	text = text.replace(/^\uFEFF/, '');
	if (text.trim() === '') throw new UserError('The query is empty.', {hint: 'Pass the SQL to run, e.g. sparkify-dwh sql "SELECT COUNT(*) FROM songplays".', code: 'usage'});
	return text;
}

export function answerCsv(answer: QueryAnswer): string {
	const {columns, records} = recordsOf(answer.columns, answer.rows);
	return columns.length === 0 ? '' : toCsv(columns, records);
}

/** The table, then what ran: `3 rows in 12 ms`, or `INSERT: 5 rows in 3 ms` for a statement that returns none. */
export function answerLines(answer: QueryAnswer, width: number): string[] {
	const count = rowCountText(answer);
	const scripted = answer.statements > 1 ? ` (the last of ${answer.statements} statements)` : '';
	if (answer.columns.length === 0) return [`${answer.statement ? `${answer.statement}: ` : ''}${count}${scripted} in ${formatDuration(answer.elapsedMs)}`];
	const {columns, records} = recordsOf(answer.columns, answer.rows);
	return [...formatTable(columns, records, width), `${count}${scripted} in ${formatDuration(answer.elapsedMs)}`];
}

/** The first line of the query, cut short: what the confirmation names. */
function preview(sql: string): string {
	const first = sql.trim().split('\n')[0]!.trim();
	return first.length > 60 ? `${first.slice(0, 59)}…` : first;
}

export async function sqlCommand(args: SqlArgs, io: CommandIo<SqlOutcome>): Promise<number> {
	const {ctx, frontEnd, signal} = io;
	if (args.csv && io.json) throw new UserError('--csv and --json cannot be used together.', {hint: 'Pass one of them.', code: 'usage'});
	// Read before the warehouse is opened: a missing file should not wait for a server.
	const sql = await readQuery(args, process.stdin);
	return withWarehouse(args, ctx, frontEnd, signal, async (warehouse) => {
		if (args.write) {
			const plan = {destructive: true, actions: [{action: 'modify' as const, resource: warehouse.label, detail: preview(sql)}]};
			if (!(await frontEnd.confirm(`Run this query, which may change data, on ${warehouse.label}?`, plan, '--yes'))) {
				io.outcome({ok: false, data: {declined: true}, summary: ['Nothing was run.']});
				return exitCodes.declined;
			}
		}
		const answer = await runQuery(warehouse, {sql, write: args.write, timeoutSeconds: args.timeout, ...(args.maxRows ? {maxRows: args.maxRows} : {})}, signal);
		if (args.csv) {
			io.write(answerCsv(answer));
			return exitCodes.ok;
		}
		// A terminal's width; piped into a file or another program, nothing is cut.
		const width = process.stdout.isTTY ? process.stdout.columns || 80 : Number.POSITIVE_INFINITY;
		const {statements: _statements, ...data} = answer;
		io.outcome({ok: true, data, summary: answerLines(answer, width)});
		return exitCodes.ok;
	});
}
