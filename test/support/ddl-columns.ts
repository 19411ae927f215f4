// Column names per table, read from a dialect's DDL with a plain regex: an independent
// reading for tests of the parser, the loader's column specs and the dialects' agreement.

import {readSql, splitStatements} from '../../source/warehouse/sql-files.js';

export function ddlColumns(dialect: 'postgres' | 'redshift'): Record<string, string[]> {
	const tables: Record<string, string[]> = {};
	for (const statement of splitStatements(readSql(`${dialect}/create_tables.sql`))) {
		const match = /CREATE TABLE IF NOT EXISTS (\w+) \(([\s\S]*)\)/.exec(statement);
		if (!match) continue;
		tables[match[1]!] = match[2]!
			.split('\n')
			.map((line) => line.trim().split(/\s+/)[0]!)
			.filter((word) => /^[a-z_]+$/.test(word));
	}
	return tables;
}
