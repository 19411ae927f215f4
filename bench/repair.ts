// node --import tsx bench/repair.ts --events 1000000
//
// What the Redshift name repair costs (source/etl/redshift-repair.ts), measured on the
// embedded PostgreSQL, which runs the same statements: generated events are loaded into
// staging as Redshift's COPY loads them (names unrepaired, by the agreement test's reading),
// then the repair runs inside a transaction that is rolled back, `--runs` times; each
// statement is timed. It reads a few hundred distinct values, whatever the number of events,
// and rewrites only the rows that hold a double-encoded name. Figures, not assertions.
// On Redshift the same statements run in parallel over the slices; round trips stay eleven.

import fs from 'node:fs';
import path from 'node:path';
import {parseArgs} from 'node:util';
import type pg from 'pg';
import {noLog} from '../source/core/log.js';
import {homePaths} from '../source/core/paths.js';
import {generateDataset} from '../source/etl/generate.js';
import {repairStagedNames} from '../source/etl/redshift-repair.js';
import {startEmbedded} from '../source/warehouse/embedded.js';
import {sqlStatements} from '../source/warehouse/sql-files.js';
import {copyLikeRedshift} from '../test/support/redshift-copy.js';
import {withClient} from './client.js';

const {values} = parseArgs({
	options: {
		events: {type: 'string', default: '1000000'},
		seed: {type: 'string', default: '7'},
		runs: {type: 'string', default: '3'},
	},
});
const events = Number(values.events);
const songs = Math.max(100, Math.round(events / 100));
const runs = Number(values.runs);
const benchRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), 'out');
// The same folder name bench.ts uses, so one generation serves both.
const dataDir = path.join(benchRoot, `data-seed${values.seed}-${songs}songs-${events}events`);
const log = (text: string) => process.stderr.write(`${text}\n`);

/** A connection that times each statement, by the first words of its SQL. */
function timed(client: pg.Client, times: Map<string, number[]>): Pick<pg.Client, 'query'> {
	return {
		query: (async (sql: string, params?: unknown[]) => {
			const started = performance.now();
			const result = await client.query(sql, params);
			const label = sql
				.replace(/\s+/g, ' ')
				.replace(/VALUES .*/, 'VALUES …')
				.slice(0, 48);
			times.set(label, [...(times.get(label) ?? []), performance.now() - started]);
			return result;
		}) as pg.Client['query'],
	};
}

const median = (numbers: number[]) => [...numbers].sort((a, b) => a - b)[Math.floor(numbers.length / 2)]!;

async function main(): Promise<void> {
	fs.mkdirSync(benchRoot, {recursive: true});
	if (!fs.existsSync(path.join(dataDir, 'log_data'))) {
		log(`generating ${events} events, ${songs} songs into ${dataDir}`);
		await generateDataset({out: dataDir, songs, events, seed: Number(values.seed)}, () => {}, new AbortController().signal);
	}
	const server = await startEmbedded(homePaths({SPARKIFY_DWH_HOME: path.join(benchRoot, 'home-repair')}), {log: noLog});
	try {
		await withClient(server.url, async (client) => {
			await client.query('DROP DATABASE IF EXISTS bench_repair');
			await client.query('CREATE DATABASE bench_repair');
		});
		const url = new URL(server.url);
		url.pathname = '/bench_repair';
		await withClient(url.toString(), async (client) => {
			for (const statement of sqlStatements('postgres/create_tables.sql')) await client.query(statement);
			log('loading staging as COPY would (names unrepaired)');
			let started = performance.now();
			const copied = await copyLikeRedshift(client, dataDir);
			const rows = copied.staging.find((load) => load.table === 'staging_events')!.rows;
			log(`  ${rows} events in ${((performance.now() - started) / 1000).toFixed(1)} s`);
			await client.query('ANALYZE staging_events');
			const totals: number[] = [];
			const times = new Map<string, number[]>();
			let result: Awaited<ReturnType<typeof repairStagedNames>> | undefined;
			for (let run = 0; run < runs; run++) {
				await client.query('BEGIN');
				started = performance.now();
				result = await repairStagedNames(timed(client, times));
				totals.push(performance.now() - started);
				await client.query('ROLLBACK');
				log(`  run ${run + 1}: ${totals.at(-1)!.toFixed(0)} ms`);
			}
			const lines = [
				`Redshift name repair on ${rows.toLocaleString('en-US')} generated events (PostgreSQL ${(await client.query('SHOW server_version')).rows[0].server_version}), median of ${runs} runs:`,
				`  total ${median(totals).toFixed(0)} ms in ${result!.statements} statements; ${result!.candidates} non-ASCII distinct values read, ${result!.distinct} repaired;`,
				`  ${result!.values.toLocaleString('en-US')} values in ${result!.events.toLocaleString('en-US')} events rewritten`,
				...[...times].map(([label, ms]) => `  ${median(ms).toFixed(0).padStart(7)} ms  ${label}`),
			];
			process.stdout.write(`${lines.join('\n')}\n`);
		});
	} finally {
		await server.stop();
	}
}

await main();
