// Where the transforms' and the checks' time goes: each statement under EXPLAIN (ANALYZE,
// BUFFERS) on the bench data the pipeline just loaded, in a transaction rolled back at the
// end (the transforms are run for real to be measured), with the server settings that decide
// the plans. The plans go to a file; a line per statement to the caller.

import fs from 'node:fs';
import {checkPasses} from '../source/steps/check.js';
import {sqlFilesIn, sqlStatements} from '../source/warehouse/sql-files.js';
import {withClient} from './client.js';

const settings = ['shared_buffers', 'work_mem', 'maintenance_work_mem', 'hash_mem_multiplier', 'jit', 'max_parallel_workers_per_gather', 'wal_level', 'synchronous_commit'];

export async function explainFigures(url: string, planFile: string): Promise<string[]> {
	return withClient(url, async (client) => {
		const lines: string[] = [];
		const plans: string[] = [];
		const explain = async (label: string, statement: string) => {
			const {rows} = await client.query(`EXPLAIN (ANALYZE, BUFFERS) ${statement}`);
			const text = rows.map((row) => row['QUERY PLAN']).join('\n');
			plans.push(`=== ${label}\n${text}\n`);
			const ms = Number(/Execution Time: ([\d.]+) ms/.exec(text)?.[1]);
			const temp = /temp read=(\d+) written=(\d+)/.exec(text);
			lines.push(`  ${label}: ${(ms / 1000).toFixed(2)} s${temp ? `, temp files ${((Number(temp[2]) * 8) / 1024).toFixed(0)} MB written` : ''}`);
		};
		await client.query('BEGIN');
		try {
			// As the load runs them: its settings, then the star emptied and rebuilt.
			for (const statement of sqlStatements('postgres/load_settings.sql')) await client.query(statement);
			// The settings the transforms run with (the load's own included).
			for (const name of settings) {
				const {rows} = await client.query(`SHOW ${name}`);
				lines.push(`  ${name} = ${rows[0][name]}`);
			}
			for (const statement of sqlStatements('postgres/clear_star.sql')) await client.query(statement);
			for (const file of sqlFilesIn('transform')) for (const statement of sqlStatements(file)) await explain(file, statement);
			for (const statement of sqlStatements('postgres/check_settings.sql')) await client.query(statement);
			for (const pass of checkPasses()) await explain(pass.file, pass.statement);
		} finally {
			await client.query('ROLLBACK');
		}
		fs.writeFileSync(planFile, plans.join('\n'));
		return lines;
	});
}
