// The schema model as a Mermaid `erDiagram`, the form GitHub draws in a README. Types are
// cut to what Mermaid's attribute grammar accepts everywhere (no parentheses, no spaces),
// the star's joins become crow's-foot relationships, and the lineage (which transform fills
// which table) rides along as %% comments, since an ER diagram has no notes.

import path from 'node:path';
import {selectTables, type Relationship, type SchemaModel, type TableSelection} from './ddl.js';

const indent = '    ';

/** A SQL type as a Mermaid attribute type: `numeric(10,5)` → `numeric`, `double precision` → `double_precision`. */
export function mermaidType(sqlType: string): string {
	const cut = sqlType
		.toLowerCase()
		.replace(/\([^)]*\)/g, ' ')
		.trim()
		.replace(/\s+/g, '_')
		.replace(/[^a-z0-9_]/g, '');
	return /^[a-z_]/.test(cut) ? cut : `t_${cut}`;
}

/** A name Mermaid accepts bare, or quoted when it does not. */
function entityName(name: string): string {
	return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(name) ? name : `"${name.replaceAll('"', '')}"`;
}

/** Crow's foot: the dimension side is exactly one, or zero-or-one where the fact's key may be NULL. */
function relationshipLine(relationship: Relationship): string {
	const dimensionEnd = relationship.optional ? '|o' : '||';
	return `${indent}${entityName(relationship.to.table)} ${dimensionEnd}--o{ ${entityName(relationship.from.table)} : "${relationship.from.column}"`;
}

export function mermaidErDiagram(model: SchemaModel, selection: TableSelection = {}): string {
	const tables = selectTables(model, selection);
	const shown = new Set(tables.map((table) => table.name));
	const relationships = model.relationships.filter((relationship) => shown.has(relationship.from.table) && shown.has(relationship.to.table));
	const foreignKeys = new Set(relationships.map((relationship) => `${relationship.from.table}.${relationship.from.column}`));
	const lines = ['erDiagram'];
	for (const table of tables) {
		lines.push(`${indent}${entityName(table.name)} {`);
		for (const column of table.columns) {
			const keys = [column.primaryKey ? 'PK' : undefined, foreignKeys.has(`${table.name}.${column.name}`) ? 'FK' : undefined].filter(Boolean);
			lines.push(`${indent}${indent}${mermaidType(column.type)} ${column.name}${keys.length > 0 ? ` ${keys.join(', ')}` : ''}`);
		}
		lines.push(`${indent}}`);
	}
	for (const relationship of relationships) lines.push(relationshipLine(relationship));
	const lineage = model.lineage.filter((entry) => shown.has(entry.target));
	if (lineage.length > 0) {
		lines.push(`${indent}%% lineage (sql/transform/):`);
		for (const entry of lineage) {
			lines.push(`${indent}%% ${entry.sources.join(', ') || '(no table)'} -> ${entry.target} by ${path.posix.basename(entry.file)}`);
		}
	}
	return `${lines.join('\n')}\n`;
}
