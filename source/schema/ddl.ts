// The warehouse's schema as data, read from the DDL in sql/ rather than written down a second
// time, so the diagram in the README, the terminal view and the TUI cannot drift from the
// tables the tool actually creates. A small purpose-built parser: it understands the CREATE
// TABLE statements we write (both dialects) and ignores what it does not need (DISTSTYLE,
// DISTKEY, SORTKEY, IDENTITY, ENCODE, DEFAULT…). The star's joins are derived, not listed:
// the DDL declares no foreign keys on PostgreSQL, so a fact column that names a dimension's
// primary key is a join.

import path from 'node:path';
import {readSql, splitStatements, sqlFilesIn} from '../warehouse/sql-files.js';

export type TableKind = 'staging' | 'fact' | 'dimension' | 'bookkeeping';

export type Column = {
	readonly name: string;
	/** The type as written, lower case, whitespace collapsed: `double precision`, `varchar(256)`. */
	readonly type: string;
	/** Declared NOT NULL, or a primary key (which is never NULL). */
	readonly notNull: boolean;
	readonly primaryKey: boolean;
	/** GENERATED … AS IDENTITY (PostgreSQL) or IDENTITY(seed, step) (Redshift). */
	readonly identity: boolean;
	/** A REFERENCES clause, where the DDL declares one (informational on Redshift). */
	readonly references?: {readonly table: string; readonly column: string | undefined};
};

export type Table = {
	readonly name: string;
	readonly kind: TableKind;
	readonly columns: readonly Column[];
	readonly primaryKey: readonly string[];
};

/** A join of the star: a fact column that holds a dimension's key. */
export type Relationship = {
	readonly from: {readonly table: string; readonly column: string};
	readonly to: {readonly table: string; readonly column: string};
	/** The fact column may be NULL (a songplay whose song was not found). */
	readonly optional: boolean;
};

/** Which transform fills which table, and from which tables it reads. */
type Lineage = {
	/** Relative to sql/: `transform/01_artists.sql`. */
	readonly file: string;
	readonly target: string;
	readonly sources: readonly string[];
};

export type SchemaModel = {
	readonly tables: readonly Table[];
	readonly relationships: readonly Relationship[];
	readonly lineage: readonly Lineage[];
};

export type Dialect = 'postgres' | 'redshift';

/** The fact table of the star; every other table that is not staging or bookkeeping is a dimension. */
const factTables: readonly string[] = ['songplays'];
/** Tables the tool keeps for itself (load progress), not part of the data model. */
const bookkeepingTables: readonly string[] = ['load_runs'];
const stagingPrefix = 'staging_';

function tableKind(name: string): TableKind {
	if (name.startsWith(stagingPrefix)) return 'staging';
	if (factTables.includes(name)) return 'fact';
	if (bookkeepingTables.includes(name)) return 'bookkeeping';
	return 'dimension';
}

// ---------------------------------------------------------------------------------------------
// Tokens of a column definition: words (identifiers, keywords, numbers), quoted identifiers,
// string literals, parenthesised groups (kept whole, so NUMERIC(10,5) and CHECK (a, b) are one
// token) and single punctuation characters.

type Token =
	| {readonly kind: 'word'; readonly text: string}
	| {readonly kind: 'quoted'; readonly text: string}
	| {readonly kind: 'string'; readonly text: string}
	| {readonly kind: 'group'; readonly text: string}
	| {readonly kind: 'other'; readonly text: string};

/** The index just past the quote that closes the one at `start` ('' and "" are escapes). */
function endOfQuoted(text: string, start: number): number {
	const quote = text[start]!;
	let index = start + 1;
	for (;;) {
		const end = text.indexOf(quote, index);
		if (end === -1) return text.length;
		if (text[end + 1] === quote) {
			index = end + 2;
			continue;
		}
		return end + 1;
	}
}

/** Each character outside quoted text, from `start` on, with the parenthesis depth after it. */
function* unquoted(text: string, start = 0): Generator<{index: number; char: string; depth: number}> {
	let depth = 0;
	let index = start;
	while (index < text.length) {
		const char = text[index]!;
		if (char === "'" || char === '"') {
			index = endOfQuoted(text, index);
			continue;
		}
		if (char === '(') depth++;
		else if (char === ')') depth--;
		yield {index, char, depth};
		index++;
	}
}

/** The index of the parenthesis that closes the one at `start`, or -1. */
function closingParen(text: string, start: number): number {
	for (const {index, char, depth} of unquoted(text, start)) {
		if (char === ')' && depth === 0) return index;
	}
	return -1;
}

/** Splits at commas outside parentheses and quotes. */
function splitTopLevel(text: string): string[] {
	const parts: string[] = [];
	let start = 0;
	for (const {index, char, depth} of unquoted(text)) {
		if (char === ',' && depth === 0) {
			parts.push(text.slice(start, index));
			start = index + 1;
		}
	}
	parts.push(text.slice(start));
	return parts.map((part) => part.trim()).filter((part) => part.length > 0);
}

function tokenize(text: string): Token[] {
	const tokens: Token[] = [];
	let index = 0;
	while (index < text.length) {
		const char = text[index]!;
		if (/\s/.test(char)) {
			index++;
		} else if (char === '"' || char === "'") {
			const end = endOfQuoted(text, index);
			const inner = text.slice(index + 1, end - 1).replaceAll(char + char, char);
			tokens.push({kind: char === '"' ? 'quoted' : 'string', text: inner});
			index = end;
		} else if (char === '(') {
			const end = closingParen(text, index);
			const stop = end === -1 ? text.length : end + 1;
			tokens.push({kind: 'group', text: text.slice(index, stop)});
			index = stop;
		} else if (/[\w$]/.test(char)) {
			const match = /^[\w$]+/.exec(text.slice(index))!;
			tokens.push({kind: 'word', text: match[0]});
			index += match[0].length;
		} else {
			tokens.push({kind: 'other', text: char});
			index++;
		}
	}
	return tokens;
}

function isKeyword(token: Token | undefined, ...keywords: string[]): boolean {
	return token?.kind === 'word' && keywords.includes(token.text.toUpperCase());
}

/** An identifier as the database stores it: unquoted ones fold to lower case. */
function identifier(token: Token | undefined): string | undefined {
	if (token?.kind === 'quoted') return token.text;
	if (token?.kind === 'word') return token.text.toLowerCase();
	return undefined;
}

/** Names inside a group: `(a, "B")` → ['a', 'B']. */
function groupNames(group: string): string[] {
	return splitTopLevel(group.slice(1, -1))
		.map((part) => identifier(tokenize(part)[0]))
		.filter((name): name is string => name !== undefined);
}

/** Words that end a column's type and start its constraints (or a Redshift attribute). */
const typeStoppers = new Set([
	'NOT',
	'NULL',
	'PRIMARY',
	'UNIQUE',
	'DEFAULT',
	'REFERENCES',
	'CHECK',
	'CONSTRAINT',
	'GENERATED',
	'IDENTITY',
	'ENCODE',
	'DISTKEY',
	'SORTKEY',
	'COLLATE',
]);

/** Starts of table-level elements in a column list (not columns). */
const tableElementStarts = new Set(['PRIMARY', 'FOREIGN', 'UNIQUE', 'CONSTRAINT', 'CHECK', 'EXCLUDE', 'LIKE', 'DISTKEY', 'SORTKEY', 'INTERLEAVED', 'COMPOUND']);

type MutableColumn = {-readonly [K in keyof Column]: Column[K]};

function parseColumn(tokens: Token[], tableName: string, definition: string): MutableColumn {
	const name = identifier(tokens[0]);
	if (name === undefined) throw new Error(`Cannot read a column of ${tableName}: ${definition}`);
	let index = 1;
	const typeParts: string[] = [];
	while (index < tokens.length) {
		const token = tokens[index]!;
		if (token.kind === 'word' && !typeStoppers.has(token.text.toUpperCase())) {
			typeParts.push(token.text.toLowerCase());
		} else if (token.kind === 'group' && typeParts.length > 0) {
			typeParts[typeParts.length - 1] += token.text.toLowerCase().replace(/\s+/g, '');
		} else if (token.kind === 'other' && (token.text === '[' || token.text === ']') && typeParts.length > 0) {
			typeParts[typeParts.length - 1] += token.text;
		} else {
			break;
		}
		index++;
	}
	if (typeParts.length === 0) throw new Error(`The column ${tableName}.${name} has no type: ${definition}`);
	const column: MutableColumn = {name, type: typeParts.join(' '), notNull: false, primaryKey: false, identity: false};
	// Constraints: what matters is recognised, anything else (DEFAULT expressions, ENCODE,
	// ON DELETE …) is stepped over one token at a time; groups are single tokens.
	while (index < tokens.length) {
		const token = tokens[index]!;
		if (isKeyword(token, 'NOT') && isKeyword(tokens[index + 1], 'NULL')) {
			column.notNull = true;
			index += 2;
		} else if (isKeyword(token, 'PRIMARY') && isKeyword(tokens[index + 1], 'KEY')) {
			column.primaryKey = true;
			column.notNull = true;
			index += 2;
		} else if (isKeyword(token, 'IDENTITY')) {
			column.identity = true;
			index++;
		} else if (isKeyword(token, 'REFERENCES')) {
			const table = identifier(tokens[index + 1]);
			const group = tokens[index + 2];
			const target = group?.kind === 'group' ? groupNames(group.text)[0] : undefined;
			if (table !== undefined) column.references = {table, column: target};
			index += group?.kind === 'group' ? 3 : 2;
		} else {
			index++;
		}
	}
	return column;
}

/** A table-level PRIMARY KEY (…) or FOREIGN KEY (…) REFERENCES t (…); other elements are ignored. */
function applyTableElement(tokens: Token[], columns: MutableColumn[]): void {
	let index = 0;
	if (isKeyword(tokens[0], 'CONSTRAINT')) index = 2;
	const group = tokens[index + 2];
	if (group?.kind !== 'group') return;
	const names = groupNames(group.text);
	if (isKeyword(tokens[index], 'PRIMARY') && isKeyword(tokens[index + 1], 'KEY')) {
		for (const column of columns) {
			if (names.includes(column.name)) {
				column.primaryKey = true;
				column.notNull = true;
			}
		}
	} else if (isKeyword(tokens[index], 'FOREIGN') && isKeyword(tokens[index + 1], 'KEY') && isKeyword(tokens[index + 3], 'REFERENCES')) {
		const table = identifier(tokens[index + 4]);
		const targetGroup = tokens[index + 5];
		const targets = targetGroup?.kind === 'group' ? groupNames(targetGroup.text) : [];
		if (table === undefined) return;
		names.forEach((name, position) => {
			const column = columns.find((candidate) => candidate.name === name);
			if (column) column.references = {table, column: targets[position]};
		});
	}
}

const createTable =
	/^CREATE\s+(?:(?:GLOBAL|LOCAL)\s+)?(?:(?:TEMP|TEMPORARY|UNLOGGED)\s+)?TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?((?:"(?:[^"]|"")+"|[\w$]+)(?:\s*\.\s*(?:"(?:[^"]|"")+"|[\w$]+))?)\s*/i;

/** One CREATE TABLE statement, or undefined for any other statement. */
export function parseCreateTable(statement: string): Table | undefined {
	const header = createTable.exec(statement.trim());
	if (!header) return undefined;
	const nameTokens = tokenize(header[1]!).filter((token) => token.kind !== 'other');
	const name = identifier(nameTokens[nameTokens.length - 1])!;
	const body = statement.trim().slice(header[0].length);
	if (!body.startsWith('(')) throw new Error(`Cannot read the columns of ${name}: a CREATE TABLE without a column list.`);
	const end = closingParen(body, 0);
	if (end === -1) throw new Error(`The column list of ${name} is not closed.`);
	// What follows the list (DISTSTYLE, DISTKEY, SORTKEY, …) does not change the model.
	const columns: MutableColumn[] = [];
	const tableElements: Token[][] = [];
	for (const definition of splitTopLevel(body.slice(1, end))) {
		const tokens = tokenize(definition);
		const first = tokens[0];
		if (first?.kind === 'word' && tableElementStarts.has(first.text.toUpperCase())) tableElements.push(tokens);
		else columns.push(parseColumn(tokens, name, definition));
	}
	for (const element of tableElements) applyTableElement(element, columns);
	return {name, kind: tableKind(name), columns, primaryKey: columns.filter((column) => column.primaryKey).map((column) => column.name)};
}

/** Every CREATE TABLE of a DDL file, in the file's order. */
export function parseDdl(text: string): Table[] {
	return splitStatements(text)
		.map((statement) => parseCreateTable(statement))
		.filter((table): table is Table => table !== undefined);
}

/**
 * The star's joins: each fact column named like a dimension's (single-column) primary key.
 * Derived from names because the DDL declares no foreign keys on PostgreSQL; a new dimension
 * whose key the fact table carries shows up by itself.
 */
function deriveRelationships(tables: readonly Table[]): Relationship[] {
	const dimensions = tables.filter((table) => table.kind === 'dimension' && table.primaryKey.length === 1);
	const relationships: Relationship[] = [];
	for (const fact of tables.filter((table) => table.kind === 'fact')) {
		for (const column of fact.columns) {
			for (const dimension of dimensions) {
				if (dimension.primaryKey[0] !== column.name) continue;
				relationships.push({from: {table: fact.name, column: column.name}, to: {table: dimension.name, column: column.name}, optional: !column.notNull});
			}
		}
	}
	return relationships;
}

/** The target of a transform's INSERT INTO and the tables its SELECT reads (FROM / JOIN). */
function parseLineage(file: string, text: string, tableNames: readonly string[]): Lineage | undefined {
	const statements = splitStatements(text);
	for (const statement of statements) {
		const insert = /^INSERT\s+INTO\s+("(?:[^"]|"")+"|[\w$]+)/i.exec(statement);
		if (!insert) continue;
		const target = identifier(tokenize(insert[1]!)[0])!;
		const sources = new Set<string>();
		for (const match of statement.matchAll(/\b(?:FROM|JOIN)\s+("(?:[^"]|"")+"|[\w$]+)/gi)) {
			const source = identifier(tokenize(match[1]!)[0]);
			if (source !== undefined && source !== target && tableNames.includes(source)) sources.add(source);
		}
		return {file, target, sources: [...sources].sort()};
	}
	return undefined;
}

/** The model from DDL text and the transforms' text (pure: no files read). */
export function buildSchemaModel(ddl: string, transforms: readonly {readonly file: string; readonly text: string}[] = []): SchemaModel {
	const tables = parseDdl(ddl);
	const names = tables.map((table) => table.name);
	const lineage = transforms.map(({file, text}) => parseLineage(file, text, names)).filter((entry): entry is Lineage => entry !== undefined);
	return {tables, relationships: deriveRelationships(tables), lineage};
}

/** The model of one dialect's DDL in sql/, with the lineage of sql/transform/. */
export function loadSchemaModel(dialect: Dialect = 'postgres'): SchemaModel {
	const transforms = sqlFilesIn('transform').map((file) => ({file, text: readSql(file)}));
	return buildSchemaModel(readSql(path.posix.join(dialect, 'create_tables.sql')), transforms);
}

export type TableSelection = {
	/** 'star': the fact and dimension tables (and, unless `staging` is false, the staging tables); 'all': every table. */
	readonly include?: 'star' | 'all';
	/** With include 'star': also the staging tables that feed the star (default true). */
	readonly staging?: boolean;
};

const kindOrder: readonly TableKind[] = ['fact', 'dimension', 'staging', 'bookkeeping'];

/** The tables a view draws, fact first, then dimensions, staging and bookkeeping (DDL order within each). */
export function selectTables(model: SchemaModel, selection: TableSelection = {}): Table[] {
	const include = selection.include ?? 'star';
	const staging = selection.staging ?? true;
	const wanted = (table: Table) => include === 'all' || table.kind === 'fact' || table.kind === 'dimension' || (staging && table.kind === 'staging');
	return kindOrder.flatMap((kind) => model.tables.filter((table) => table.kind === kind && wanted(table)));
}
