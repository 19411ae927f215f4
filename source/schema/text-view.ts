// The schema model as plain lines for a terminal: one block per table (name, kind, columns
// with their keys), then the star's joins and where each table's rows come from. A pure
// function returning lines, no colour and no I/O, so the plain front end prints it and the
// TUI's schema screen can draw the same lines.

import path from 'node:path';
import {truncate} from '../analytics/render.js';
import {selectTables, type Column, type SchemaModel, type Table, type TableKind, type TableSelection} from './ddl.js';

export type TextViewOptions = TableSelection & {
	/** Terminal columns; no line is longer (default 80). */
	readonly width?: number;
};

const kindLabel: Record<TableKind, string> = {
	fact: 'fact table',
	dimension: 'dimension',
	staging: 'staging',
	bookkeeping: 'bookkeeping',
};

function padEnd(text: string, width: number): string {
	return text + ' '.repeat(Math.max(0, width - [...text].length));
}

function tableLines(table: Table, joins: ReadonlyMap<string, string>): string[] {
	const flagsOf = (column: Column) => [column.notNull ? 'not null' : '', column.identity ? 'identity' : ''].filter(Boolean).join(', ');
	const nameWidth = Math.max(0, ...table.columns.map((column) => column.name.length));
	const typeWidth = Math.max(0, ...table.columns.map((column) => column.type.length));
	const flagsWidth = Math.max(0, ...table.columns.map((column) => flagsOf(column).length));
	const lines = [`${table.name} (${kindLabel[table.kind]})`];
	for (const column of table.columns) {
		const join = joins.get(`${table.name}.${column.name}`);
		const key = column.primaryKey ? 'PK' : join ? 'FK' : '';
		const cells = [padEnd(key, 2), padEnd(column.name, nameWidth), padEnd(column.type, typeWidth), padEnd(flagsOf(column), flagsWidth), join ? `→ ${join}` : ''];
		lines.push(`  ${cells.join('  ')}`.trimEnd());
	}
	return lines;
}

export function schemaTextView(model: SchemaModel, options: TextViewOptions = {}): string[] {
	const width = options.width ?? 80;
	const tables = selectTables(model, options);
	const shown = new Set(tables.map((table) => table.name));
	const relationships = model.relationships.filter((relationship) => shown.has(relationship.from.table) && shown.has(relationship.to.table));
	const joins = new Map(relationships.map((relationship) => [`${relationship.from.table}.${relationship.from.column}`, `${relationship.to.table}.${relationship.to.column}`]));
	const lines: string[] = [];
	for (const table of tables) {
		lines.push(...tableLines(table, joins), '');
	}
	lines.push(`joins (${relationships.length})`);
	for (const relationship of relationships) {
		const nullable = relationship.optional ? '  (may be NULL)' : '';
		lines.push(`  ${relationship.from.table}.${relationship.from.column} → ${relationship.to.table}.${relationship.to.column}${nullable}`);
	}
	const lineage = model.lineage.filter((entry) => shown.has(entry.target));
	if (lineage.length > 0) {
		const targetWidth = Math.max(...lineage.map((entry) => entry.target.length));
		lines.push('', 'lineage (sql/transform/)');
		for (const entry of lineage) {
			lines.push(`  ${padEnd(entry.target, targetWidth)}  ← ${entry.sources.join(', ') || '(no table)'}  by ${path.posix.basename(entry.file)}`);
		}
	}
	return lines.map((line) => truncate(line, width));
}
