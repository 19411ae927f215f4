// A table built from a query by COPY instead of INSERT … SELECT (PostgreSQL). The query's rows
// leave a reader connection as binary COPY and go straight into the table on the connection
// whose transaction made it, with FREEZE. Rows written frozen, with the visibility map set,
// are read by the quality checks and the first questions without a hint bit set on each page;
// with data checksums on (initdb's default since PostgreSQL 18) each such first read wrote the
// whole page to the WAL again. The measured difference is in the README (issue 14, sixth pass).
//
// Binary COPY carries no types: it is used only where each column of the query has exactly
// the table's type, so that nothing an INSERT would do (an assignment cast, a length check)
// becomes something else. Any other statement runs as it is.

import {pipeline} from 'node:stream/promises';
import type pg from 'pg';
import {from as copyFrom, to as copyTo} from 'pg-copy-streams';

/** An `INSERT INTO table (columns) SELECT …`, in its parts. */
export type InsertSelect = {readonly table: string; readonly columns: readonly string[]; readonly select: string};

const identifier = '[a-z_][a-z0-9_]*';
const insertSelect = new RegExp(`^\\s*INSERT\\s+INTO\\s+(${identifier})\\s*\\(\\s*(${identifier}(?:\\s*,\\s*${identifier})*)\\s*\\)\\s*(SELECT\\b[\\s\\S]*?)[\\s;]*$`, 'i');

/**
 * `statement` as an INSERT … SELECT into plain column names, or null: anything else (VALUES,
 * ON CONFLICT, RETURNING, WITH before the INSERT, quoted names) has no COPY that does the same.
 */
export function asInsertSelect(statement: string): InsertSelect | null {
	const match = insertSelect.exec(statement);
	if (!match || /\b(ON\s+CONFLICT|RETURNING)\b/i.test(match[3]!)) return null;
	return {table: match[1]!.toLowerCase(), columns: match[2]!.split(',').map((column) => column.trim().toLowerCase()), select: match[3]!};
}

/**
 * Why `insert`'s rows cannot go by binary COPY, or null when they can: each column of the
 * query must have the type of the table's column (and its modifier, where it has one). The
 * query is described on `reader` (LIMIT 0: planned, not run); the table, which only the
 * writer's open transaction can see yet, on `writer`.
 */
export async function copyMismatch(reader: pg.Client, writer: pg.Client, insert: InsertSelect): Promise<string | null> {
	const {fields} = await reader.query(`SELECT * FROM (${insert.select}) AS query_rows LIMIT 0`);
	const {rows} = await writer.query<{name: string; type: number; modifier: number}>(
		`SELECT attname AS name, atttypid::int AS type, atttypmod AS modifier
		 FROM pg_attribute WHERE attrelid = to_regclass($1) AND attnum > 0 AND NOT attisdropped`,
		[insert.table],
	);
	if (rows.length === 0) return `${insert.table} is not a table here`;
	if (fields.length !== insert.columns.length) return `the query gives ${fields.length} columns for ${insert.columns.length}`;
	for (const [index, column] of insert.columns.entries()) {
		const target = rows.find((row) => row.name === column);
		const field = fields[index]!;
		if (!target) return `${insert.table} has no column ${column}`;
		if (field.dataTypeID !== target.type) return `${column} is of type ${field.dataTypeID} in the query and ${target.type} in the table`;
		if (target.modifier !== -1 && field.dataTypeModifier !== target.modifier) return `${column}'s type modifier differs`;
	}
	return null;
}

/**
 * Copies the rows of `insert`'s query, read on `reader`, into its table on `writer`, frozen:
 * the writer's transaction must have made (or truncated) the table. Returns the rows copied.
 * On a failure the first error wins (the query's, or the table's); the reader is then left
 * mid-COPY and must be ended by the caller (pg's end() cuts a connection with a query running).
 */
export async function copyQueryInto(reader: pg.Client, writer: pg.Client, insert: InsertSelect): Promise<number> {
	const rows = reader.query(copyTo(`COPY (${insert.select}) TO STDOUT (FORMAT binary)`));
	const table = writer.query(copyFrom(`COPY ${insert.table} (${insert.columns.join(', ')}) FROM STDIN (FORMAT binary, FREEZE)`));
	await pipeline(rows, table);
	return table.rowCount;
}
