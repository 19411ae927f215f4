// Creates the staging tables and the star schema in the warehouse's dialect. Re-running
// leaves existing tables (and their data) alone; `recreate` drops and makes them anew.

import type {Step} from '../core/step.js';
import type {Warehouse} from '../warehouse/connection.js';
import {sqlStatements} from '../warehouse/sql-files.js';
import {allTables, existingTables} from '../warehouse/tables.js';

export type TablesOptions = {
	readonly warehouse: Warehouse;
	/** Drop the tables first (their data is lost). */
	readonly recreate?: boolean;
};

export type TablesResult = {
	readonly created: readonly string[];
	readonly existing: readonly string[];
};

export const tablesStep: Step<TablesOptions, TablesResult> = {
	id: 'tables',
	title: 'Create the staging tables and the star schema',
	async plan(_ctx, {warehouse, recreate}) {
		const client = await warehouse.connect();
		try {
			const existing = await existingTables(client);
			return {
				destructive: Boolean(recreate) && existing.size > 0,
				actions: allTables.map((table) =>
					!existing.has(table)
						? {action: 'create', resource: `table ${table}`}
						: recreate
							? {action: 'replace', resource: `table ${table}`, detail: 'its rows are deleted'}
							: {action: 'reuse', resource: `table ${table}`},
				),
			};
		} finally {
			await client.end();
		}
	},
	async run(ctx, {warehouse, recreate}, report) {
		const client = await warehouse.connect();
		try {
			await client.query('BEGIN');
			if (warehouse.dialect === 'postgres') await client.query(sqlStatements('postgres/lock_schema.sql')[0]!);
			if (recreate) {
				for (const statement of sqlStatements(`${warehouse.dialect}/drop_tables.sql`)) await client.query(statement);
			}
			const before = await existingTables(client);
			for (const statement of sqlStatements(`${warehouse.dialect}/create_tables.sql`)) await client.query(statement);
			await client.query('COMMIT');
			const created = allTables.filter((table) => !before.has(table));
			const existing = allTables.filter((table) => before.has(table));
			ctx.log.write('info', `tables: created ${created.join(', ') || 'none'}; already there: ${existing.join(', ') || 'none'}`);
			for (const table of existing) report({type: 'log', step: 'tables', level: 'info', message: `${table} already there`});
			return {created, existing};
		} catch (error) {
			await client.query('ROLLBACK').catch(() => {});
			throw error;
		} finally {
			await client.end();
		}
	},
};
