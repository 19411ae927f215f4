// The user's own SQL on the warehouse (`sparkify-dwh sql`): one statement in a READ ONLY
// transaction, or, with writes allowed, a script in one read-write transaction; under a
// statement timeout, cancelled on the server when the signal fires. Errors from the server
// become sentences that name the line and column they point at.
//
// Read-only runs send the text with the extended query protocol, which takes exactly one
// statement: a `COMMIT; DELETE …` cannot leave the READ ONLY transaction, since the server
// refuses the second statement before running the first. BEGIN READ ONLY and
// `SET statement_timeout` are accepted by PostgreSQL and Redshift alike.

import pg from 'pg';
import Cursor from 'pg-cursor';
import {CancelledError, UserError, throwIfCancelled} from '../core/errors.js';
import {cancellable} from './cancel.js';
import {types, type Warehouse} from './connection.js';

export type QueryOptions = {
	readonly sql: string;
	/** Statements that change data are allowed (several statements too, in one transaction). */
	readonly write: boolean;
	/** statement_timeout in seconds; 0 for none. */
	readonly timeoutSeconds: number;
	/**
	 * Read-only: fetch at most this many rows (through a cursor, so the rest never leaves the
	 * server); 0 or absent for all. A screen cannot show a million rows, nor should it hold them.
	 */
	readonly maxRows?: number;
};

export type QueryAnswer = {
	/** The command tag of the (last) statement: SELECT, INSERT, … */
	readonly statement: string;
	readonly columns: string[];
	/** Each row's values in the order of `columns` (two columns may share a name). */
	readonly rows: unknown[][];
	/** Rows returned, or rows changed by an INSERT, UPDATE or DELETE; null for a statement that counts none (DDL). */
	readonly rowCount: number | null;
	/** How many statements ran (more than one only with writes allowed). */
	readonly statements: number;
	readonly elapsedMs: number;
	/** More rows than maxRows were there: `rows` holds the first maxRows of them. */
	readonly truncated?: boolean;
};

/**
 * The warehouse's own parsers, except that a DATE stays the text the server sent: parsed,
 * it would become local midnight and be shown as the day before east of UTC.
 */
const queryTypes: pg.CustomTypesConfig = {
	getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
		oid === pg.types.builtins.DATE && format !== 'binary' ? (value: string) => value : types.getTypeParser(oid, format)) as pg.CustomTypesConfig['getTypeParser'],
};

type DatabaseError = Error & {code?: string; position?: string; hint?: string};

/** Line and column (from 1) of a 1-based character position in `text`. */
export function lineAndColumn(text: string, position: number): {line: number; column: number; lineText: string} {
	const characters = [...text];
	const before = characters.slice(0, Math.max(0, position - 1)).join('');
	const lines = before.split('\n');
	const line = lines.length;
	const column = [...lines.at(-1)!].length + 1;
	const lineText = text.split('\n')[line - 1] ?? '';
	return {line, column, lineText};
}

/** The line the server points at, with » before the spot, cut to about 70 characters around it. */
function excerpt(lineText: string, column: number): string {
	const characters = [...lineText.replace(/\t/g, ' ')];
	const start = Math.max(0, column - 1 - 40);
	const head = characters.slice(start, column - 1).join('');
	const tail = characters.slice(column - 1, column - 1 + 30).join('');
	return `${start > 0 ? '…' : ''}${head}»${tail}${column - 1 + 30 < characters.length ? '…' : ''}`.trim();
}

/** A refusal, a timeout or a mistake in the query, said as the server said it, with where. */
function queryError(error: unknown, options: QueryOptions, elapsedMs: number): UserError {
	const failure = error as DatabaseError;
	const said = failure.message ?? String(error);
	const readOnlyRefusal = failure.code === '25006' || /read-only transaction|transaction is read-only/i.test(said);
	if (readOnlyRefusal && !options.write) {
		return new UserError(`The query would change the warehouse, and \`sql\` only reads unless given --write (the server said: ${said}).`, {
			hint: 'Pass --write to run it (it asks first; --yes agrees).',
			code: 'read_only',
			cause: error,
			noDetails: true,
		});
	}
	if (failure.code === '57014' && options.timeoutSeconds > 0 && elapsedMs >= options.timeoutSeconds * 1000 - 50) {
		return new UserError(`The query ran for ${options.timeoutSeconds} s, its time limit, and was cancelled on the server.`, {
			hint: 'Pass a larger --timeout (in seconds), or --timeout 0 for no limit.',
			code: 'query_timeout',
			cause: error,
			noDetails: true,
		});
	}
	if (failure.code === '42601' && /multiple commands|prepared statement/i.test(said)) {
		return new UserError('`sql` runs one statement at a time unless given --write, so that nothing can leave its read-only transaction.', {
			hint: "Run each statement on its own; with --write a script of several statements runs in one transaction, and the last one's rows are shown.",
			code: 'multiple_statements',
			cause: error,
			noDetails: true,
		});
	}
	const position = Number(failure.position);
	const where = Number.isInteger(position) && position > 0 ? lineAndColumn(options.sql, position) : undefined;
	const serverHint = failure.hint ? `${failure.hint.replace(/\.?$/, '.')} ` : '';
	return new UserError(`The query failed${where ? ` at line ${where.line}, column ${where.column}` : ''}: ${said}`, {
		hint: `${serverHint}${where ? `Near: ${excerpt(where.lineText, where.column)}` : 'Fix the query and run it again.'}`,
		code: 'query_failed',
		cause: error,
		// The server's own answer needs no log; a connection that broke off might.
		noDetails: error instanceof pg.DatabaseError,
	});
}

/** Runs the query on a connection of its own, and always gives the connection back. */
export async function runQuery(warehouse: Warehouse, options: QueryOptions, signal: AbortSignal): Promise<QueryAnswer> {
	throwIfCancelled(signal);
	const client = await warehouse.connect();
	try {
		// Whole milliseconds, checked by the option's parser: nothing from the user is spliced in.
		await client.query(`SET statement_timeout = ${Math.round(options.timeoutSeconds * 1000)}`);
		await client.query(options.write ? 'BEGIN READ WRITE' : 'BEGIN READ ONLY');
		const startedAt = performance.now();
		let results: pg.QueryArrayResult<unknown[]>[];
		let truncated = false;
		try {
			if (!options.write && options.maxRows) {
				const limited = await firstRows(client, options.sql, options.maxRows, (read) => cancellable(warehouse, client, signal, read));
				truncated = limited.truncated;
				results = [limited.result];
				await client.query('ROLLBACK');
				return answerOf(results, performance.now() - startedAt, truncated);
			}
			const config = {text: options.sql, rowMode: 'array' as const, types: queryTypes, ...(options.write ? {} : {queryMode: 'extended' as const})};
			const answered = (await cancellable(warehouse, client, signal, () => client.query<unknown[]>(config))) as unknown;
			// A script sent in one piece answers with one result per statement.
			results = Array.isArray(answered) ? (answered as pg.QueryArrayResult<unknown[]>[]) : [answered as pg.QueryArrayResult<unknown[]>];
			await client.query(options.write ? 'COMMIT' : 'ROLLBACK');
		} catch (error) {
			await client.query('ROLLBACK').catch(() => {});
			if (signal.aborted) throw new CancelledError();
			throw queryError(error, options, performance.now() - startedAt);
		}
		return answerOf(results, performance.now() - startedAt, truncated);
	} finally {
		await client.end().catch(() => {});
	}
}

function answerOf(results: pg.QueryArrayResult<unknown[]>[], elapsedMs: number, truncated: boolean): QueryAnswer {
	const last = results.at(-1);
	const columns = (last?.fields ?? []).map((field) => field.name);
	const rows = last?.rows ?? [];
	return {
		statement: last?.command ?? '',
		columns,
		rows,
		rowCount: columns.length > 0 ? rows.length : (last?.rowCount ?? null),
		statements: results.length,
		elapsedMs: Math.round(elapsedMs),
		...(truncated ? {truncated} : {}),
	};
}

/**
 * The first `maxRows` rows through a cursor (a portal read with a row limit), one more to
 * know whether there were others; the cursor is closed and the rest never sent.
 */
async function firstRows(
	client: pg.Client,
	sql: string,
	maxRows: number,
	guard: (read: () => Promise<unknown>) => Promise<unknown>,
): Promise<{result: pg.QueryArrayResult<unknown[]>; truncated: boolean}> {
	const cursor = client.query(new Cursor<unknown[]>(sql, [], {rowMode: 'array', types: queryTypes}));
	const [rows, result] = (await guard(
		() =>
			new Promise((resolve, reject) => {
				cursor.read(maxRows + 1, (error, read, readResult) => (error ? reject(error) : resolve([read, readResult])));
			}),
	)) as [unknown[][], pg.QueryResult];
	await cursor.close();
	const truncated = rows.length > maxRows;
	return {result: {...result, command: result.command || 'SELECT', rows: rows.slice(0, maxRows)} as pg.QueryArrayResult<unknown[]>, truncated};
}
