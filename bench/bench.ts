// npm run bench -- --events 1000000
//
// Measures, in one run on the embedded PostgreSQL:
//   1. staging_events load throughput of our streaming loader (JSON → COPY FROM STDIN),
//   2. the ceiling: PostgreSQL's own COPY of the same rows, pre-flattened to CSV,
//   3. the classic approach: one parameterised INSERT per row (on a slice; rate extrapolated),
//      the three taking turns in each run, compared by their medians,
//   4. the whole pipeline (tables, load, transforms, checks) in a child process, with its
//      peak RSS, so the loader's memory is measured alone,
//   5. the interactive app: time to its first frame, and what drawing costs a load (bench/ui.ts).
//   6. with --songs-files [N]: the bucket's shape, N song files (385,000 by default), the
//      pipeline's wall time against `find | xargs cat` of the same files, and its peak RSS.
// Figures, not assertions: timing never belongs in tests. --loader-only stops after 1–3.

import fs from 'node:fs';
import path from 'node:path';
import {parseArgs} from 'node:util';
import {pipeline} from 'node:stream/promises';
import {from as copyFrom} from 'pg-copy-streams';
import {noLog} from '../source/core/log.js';
import {homePaths} from '../source/core/paths.js';
import {generateDataset} from '../source/etl/generate.js';
import {createErrorSink} from '../source/etl/error-sink.js';
import {parseJsonPaths} from '../source/etl/jsonpaths.js';
import {loadStagingTable} from '../source/etl/postgres-loader.js';
import {eventColumns, newRepairTally} from '../source/etl/records.js';
import {localFolderSource} from '../source/etl/source.js';
import {startEmbedded} from '../source/warehouse/embedded.js';
import {sqlStatements} from '../source/warehouse/sql-files.js';
import {compareDigests} from './digest.js';
import {explainFigures} from './explain.js';
import {median, pipelineRun, rssGuard, type PipelineFigures} from './pipeline-run.js';
import {songsFilesFigures} from './songs-files.js';
import {uiFigures} from './ui.js';
import {withClient} from './client.js';

// `--songs-files` alone means the bucket's 385,000.
const argv = process.argv.slice(2);
const songsFilesAt = argv.indexOf('--songs-files');
if (songsFilesAt >= 0 && !/^\d+$/.test(argv[songsFilesAt + 1] ?? '')) argv.splice(songsFilesAt + 1, 0, '385000');

const {values} = parseArgs({
	args: argv,
	options: {
		events: {type: 'string', default: '1000000'},
		songs: {type: 'string'},
		seed: {type: 'string', default: '7'},
		'insert-rows': {type: 'string', default: '10000'},
		runs: {type: 'string', default: '3'},
		// Only the staging-load comparison (loader, ceiling, row-by-row): for working on the loader.
		'loader-only': {type: 'boolean', default: false},
		// Only the whole pipeline, run --runs times: for working on the transforms and checks.
		'pipeline-only': {type: 'boolean', default: false},
		// The bucket's shape: N song files of one object each and a few thousand events, the
		// pipeline against `find | xargs cat` of the same files (tree cached outside the repo).
		'songs-files': {type: 'string'},
		'songs-files-events': {type: 'string', default: '8000'},
		// Only that case.
		'songs-files-only': {type: 'boolean', default: false},
		// After the pipeline runs: EXPLAIN (ANALYZE, BUFFERS) of every transform and check on the loaded data.
		explain: {type: 'boolean', default: false},
		// After the pipeline runs: every table's content digest, compared with the last one kept for this data set.
		digest: {type: 'boolean', default: false},
		// Leave out the interactive app's figures (first frame, cost of drawing).
		'no-ui': {type: 'boolean', default: false},
		// Only those figures.
		'ui-only': {type: 'boolean', default: false},
	},
});
const events = Number(values.events);
const songs = Number(values.songs ?? Math.max(100, Math.round(events / 100)));
const insertRows = Number(values['insert-rows']);
const runs = Number(values.runs);

const benchRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), 'out');
const dataDir = path.join(benchRoot, `data-seed${values.seed}-${songs}songs-${events}events`);
const homeDir = path.join(benchRoot, 'home');
const csvFile = path.join(benchRoot, `staging_events-${events}.csv`);
const binaryFile = path.join(benchRoot, `staging_events-${events}.bin`);

const mb = (bytes: number) => bytes / 1024 / 1024;
const log = (text: string) => process.stderr.write(`${text}\n`);

async function ensureData(): Promise<void> {
	if (fs.existsSync(path.join(dataDir, 'log_data'))) return;
	log(`generating ${events} events, ${songs} songs into ${dataDir}`);
	const started = performance.now();
	await generateDataset({out: dataDir, songs, events, seed: Number(values.seed)}, () => {}, new AbortController().signal);
	log(`  generated in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

/** Our loader, exactly as the etl step runs it: TRUNCATE and COPY in one transaction. */
async function loaderRun(url: string): Promise<{ms: number; rows: number; bytes: number}> {
	const source = localFolderSource(dataDir);
	const {files} = await source.listFiles('events');
	const keys = parseJsonPaths((await source.readJsonPaths())!, eventColumns.length, 'bench');
	return withClient(url, async (client) => {
		await client.query('BEGIN');
		await client.query('TRUNCATE staging_events');
		const started = performance.now();
		const sink = createErrorSink({maxErrors: 0, reportFile: path.join(benchRoot, 'rejected.ndjson')});
		const result = await loadStagingTable(
			client,
			{table: 'staging_events', columns: eventColumns, keys, files, layout: 'lines', progressUnit: 'bytes'},
			source,
			sink,
			newRepairTally(),
			() => {},
			new AbortController().signal,
		);
		await client.query('COMMIT');
		return {ms: performance.now() - started, rows: result.rows, bytes: result.bytes};
	});
}

/**
 * The ceiling: the same rows as CSV, streamed to COPY with no parsing on our side. The same
 * rows in the binary format our loader sends show how close it comes to the server's limit.
 */
async function copyCeilingRun(url: string, format: 'csv' | 'binary'): Promise<{ms: number}> {
	return withClient(url, async (client) => {
		await client.query('BEGIN');
		await client.query('TRUNCATE staging_events');
		const started = performance.now();
		const columns = eventColumns.map((spec) => spec.column).join(', ');
		const file = format === 'csv' ? csvFile : binaryFile;
		await pipeline(fs.createReadStream(file, {highWaterMark: 1 << 20}), client.query(copyFrom(`COPY staging_events (${columns}) FROM STDIN (FORMAT ${format})`)));
		await client.query('COMMIT');
		return {ms: performance.now() - started};
	});
}

/** Writes the staging rows out as CSV and as binary once (untimed), from the table our loader filled. */
async function prepareFlattened(url: string): Promise<void> {
	const {to: copyTo} = await import('pg-copy-streams');
	await withClient(url, async (client) => {
		for (const [format, file] of [
			['csv', csvFile],
			['binary', binaryFile],
		] as const) {
			if (!fs.existsSync(file)) await pipeline(client.query(copyTo(`COPY staging_events TO STDOUT (FORMAT ${format})`)), fs.createWriteStream(file));
		}
	});
}

/** The classic loader: parse a line, INSERT it, repeat (one transaction, as kind as it gets). */
async function rowByRowRun(url: string, limit: number): Promise<{ms: number; rows: number}> {
	const source = localFolderSource(dataDir);
	const {files} = await source.listFiles('events');
	const keys = parseJsonPaths((await source.readJsonPaths())!, eventColumns.length, 'bench');
	const columns = eventColumns.map((spec) => spec.column);
	const placeholders = columns.map((_, index) => (columns[index] === 'ts' ? `to_timestamp($${index + 1}::double precision / 1000)` : `$${index + 1}`));
	const insert = `INSERT INTO staging_events (${columns.join(', ')}) VALUES (${placeholders.join(', ')})`;
	return withClient(url, async (client) => {
		await client.query('BEGIN');
		await client.query('TRUNCATE staging_events');
		const started = performance.now();
		let rows = 0;
		outer: for (const file of files) {
			for (const line of fs.readFileSync(file.location, 'utf8').split('\n')) {
				if (!line.trim()) continue;
				const record = JSON.parse(line) as Record<string, unknown>;
				await client.query(
					insert,
					keys.map((key) => (record[key] === '' ? null : record[key])),
				);
				if (++rows >= limit) break outer;
			}
		}
		await client.query('COMMIT');
		return {ms: performance.now() - started, rows};
	});
}

/** Each figure's median over the runs (phase by phase). */
function medianFigures(wholes: readonly PipelineFigures[]): PipelineFigures {
	const middle = (pick: (whole: PipelineFigures) => number) => median(wholes.map(pick));
	const phases = Object.fromEntries(Object.keys(wholes[0]!.phases).map((phase) => [phase, middle((whole) => whole.phases[phase]!)]));
	return {totalMs: middle((whole) => whole.totalMs), maxRssMb: middle((whole) => whole.maxRssMb), phases};
}

function pipelineLine(whole: PipelineFigures): string {
	const phases = Object.entries(whole.phases)
		.map(([phase, ms]) => `${phase} ${(ms / 1000).toFixed(1)} s`)
		.join(', ');
	return `pipeline ${(whole.totalMs / 1000).toFixed(1)} s — ${phases}; ${rssGuard(whole.maxRssMb)}`;
}

async function main(): Promise<void> {
	fs.mkdirSync(benchRoot, {recursive: true});
	if (!values['songs-files-only']) await ensureData();
	if (values['ui-only']) return void process.stdout.write(`${(await uiFigures(benchRoot, dataDir, runs)).join('\n')}\n`);
	const server = await startEmbedded(homePaths({SPARKIFY_DWH_HOME: homeDir}), {log: noLog});
	try {
		const admin = server.url;
		await withClient(admin, async (client) => {
			await client.query('DROP DATABASE IF EXISTS bench');
			await client.query('CREATE DATABASE bench');
		});
		const url = new URL(admin);
		url.pathname = '/bench';
		const benchUrl = url.toString();
		await withClient(benchUrl, async (client) => {
			for (const statement of sqlStatements('postgres/create_tables.sql')) await client.query(statement);
		});

		const songsFiles = async () => {
			if (values['songs-files'] === undefined) return;
			const shape = {songs: Number(values['songs-files']), events: Number(values['songs-files-events']), seed: Number(values.seed)};
			process.stdout.write(`${(await songsFilesFigures(benchUrl, shape, runs)).join('\n')}\n`);
		};
		if (values['songs-files-only']) return await songsFiles();
		if (values['pipeline-only']) {
			const wholes: Array<Awaited<ReturnType<typeof pipelineRun>>> = [];
			for (let run = 0; run < runs; run++) {
				wholes.push(await pipelineRun(benchUrl, dataDir));
				log(`  run ${run + 1}: ${pipelineLine(wholes.at(-1)!)}`);
			}
			const {phases, ...whole} = medianFigures(wholes);
			process.stdout.write(`median of ${runs}: ${pipelineLine({...whole, phases})}\n`);
			process.stdout.write(`checks / transforms: ${((phases.checks ?? 0) / (phases.transforms ?? 1)).toFixed(2)} (goal ≤ 0.33)\n`);
			if (values.digest) process.stdout.write(`${await compareDigests(benchUrl, path.join(benchRoot, `digests-${path.basename(dataDir)}.json`))}\n`);
			if (values.explain) {
				const planFile = path.join(benchRoot, 'explain.txt');
				process.stdout.write(`EXPLAIN (ANALYZE, BUFFERS), plans in ${planFile}:\n${(await explainFigures(benchUrl, planFile)).join('\n')}\n`);
			}
			return await songsFiles();
		}
		log('warming up: one loader run, and the CSV for the ceiling');
		const warm = await loaderRun(benchUrl);
		await prepareFlattened(benchUrl);
		// The three loaders take turns within each run, and the medians are compared: this
		// machine's speed drifts by a third over minutes, and a ratio of figures taken minutes
		// apart would measure the drift.
		const loaderTimes: number[] = [];
		const ceilingTimes: number[] = [];
		const binaryTimes: number[] = [];
		const insertRates: number[] = [];
		let insertedRows = 0;
		const wholes: PipelineFigures[] = [];
		for (let run = 0; run < runs; run++) {
			loaderTimes.push((await loaderRun(benchUrl)).ms);
			ceilingTimes.push((await copyCeilingRun(benchUrl, 'csv')).ms);
			binaryTimes.push((await copyCeilingRun(benchUrl, 'binary')).ms);
			const rowByRow = await rowByRowRun(benchUrl, Math.min(insertRows, warm.rows));
			insertRates.push(rowByRow.rows / (rowByRow.ms / 1000));
			insertedRows = rowByRow.rows;
			// The pipeline takes its turn too: its ratio to the loader alone is of figures taken together.
			if (!values['loader-only']) wholes.push(await pipelineRun(benchUrl, dataDir));
			log(
				`  run ${run + 1}: loader ${loaderTimes.at(-1)!.toFixed(0)} ms, COPY csv ${ceilingTimes.at(-1)!.toFixed(0)} ms, COPY binary ${binaryTimes.at(-1)!.toFixed(0)} ms, row-by-row ${Math.round(insertRates.at(-1)!)} rows/s${wholes.length > 0 ? `, ${pipelineLine(wholes.at(-1)!)}` : ''}`,
			);
		}
		// Medians of each figure; the peak RSS is the largest seen.
		const whole = wholes.length > 0 ? {...medianFigures(wholes), maxRssMb: Math.max(...wholes.map((figures) => figures.maxRssMb))} : undefined;

		const loaderMs = median(loaderTimes);
		const ceilingMs = median(ceilingTimes);
		const binaryMs = median(binaryTimes);
		const csvBytes = fs.statSync(csvFile).size;
		const loaderRate = warm.rows / (loaderMs / 1000);
		const ceilingRate = warm.rows / (ceilingMs / 1000);
		const insertRate = median(insertRates);
		const rows: Array<[string, string, string, string]> = [
			[
				'our loader (JSON → binary COPY)',
				`${Math.round(loaderRate).toLocaleString('en-US')}`,
				`${(mb(warm.bytes) / (loaderMs / 1000)).toFixed(1)} (JSON)`,
				`${(loaderMs / 1000).toFixed(2)} s`,
			],
			[
				'COPY of pre-flattened CSV (ceiling)',
				`${Math.round(ceilingRate).toLocaleString('en-US')}`,
				`${(mb(csvBytes) / (ceilingMs / 1000)).toFixed(1)} (CSV)`,
				`${(ceilingMs / 1000).toFixed(2)} s`,
			],
			[
				'COPY of the same rows, pre-encoded binary',
				`${Math.round(warm.rows / (binaryMs / 1000)).toLocaleString('en-US')}`,
				`${(mb(fs.statSync(binaryFile).size) / (binaryMs / 1000)).toFixed(1)} (binary)`,
				`${(binaryMs / 1000).toFixed(2)} s`,
			],
			[
				`row-by-row INSERT (${insertedRows.toLocaleString('en-US')} rows a run)`,
				`${Math.round(insertRate).toLocaleString('en-US')}`,
				'–',
				`${(warm.rows / insertRate).toFixed(0)} s (extrapolated)`,
			],
		];
		const table = [
			`staging_events: ${warm.rows.toLocaleString('en-US')} events, ${mb(warm.bytes).toFixed(0)} MB of JSON; median of ${runs} runs; PostgreSQL ${await withClient(benchUrl, async (c) => (await c.query('SHOW server_version')).rows[0].server_version)}, ${(await import('node:os')).cpus().length} cores`,
			'',
			'| loader | rows/s | MB/s | time for all rows |',
			'| --- | ---: | ---: | ---: |',
			...rows.map((row) => `| ${row.join(' | ')} |`),
			'',
			`loader / COPY ceiling: ${(loaderRate / ceilingRate).toFixed(2)} (target ≥ 0.80)`,
			`loader / COPY of pre-encoded binary: ${(binaryMs / loaderMs).toFixed(2)} (what is left to gain on this side of the socket)`,
			`loader / row-by-row:   ${(loaderRate / insertRate).toFixed(0)}× (target ≥ 50×)`,
			...(whole
				? [
						`whole pipeline (tables, load, transforms, checks), median of ${runs}: ${(whole.totalMs / 1000).toFixed(1)} s — ${Object.entries(whole.phases)
							.map(([phase, ms]) => `${phase} ${(ms / 1000).toFixed(1)} s`)
							.join(', ')}`,
						`pipeline process (the PostgreSQL server is a separate process): ${rssGuard(whole.maxRssMb)}`,
						`pipeline / loader alone: ${(whole.totalMs / loaderMs).toFixed(2)} (goal ≤ 3)`,
						`staging load in the pipeline / loader alone: ${((whole.phases['staging load'] ?? 0) / loaderMs).toFixed(2)} (goal ≤ 1)`,
						`transforms + checks / staging load: ${(((whole.phases.transforms ?? 0) + (whole.phases.checks ?? 0)) / (whole.phases['staging load'] ?? 1)).toFixed(2)} (goal ≤ 1)`,
						`checks / transforms: ${((whole.phases.checks ?? 0) / (whole.phases.transforms ?? 1)).toFixed(2)} (goal ≤ 0.33)`,
					]
				: []),
		];
		process.stdout.write(`${table.join('\n')}\n`);
		if (values.digest) process.stdout.write(`${await compareDigests(benchUrl, path.join(benchRoot, `digests-${path.basename(dataDir)}.json`))}\n`);
		await songsFiles();
	} finally {
		await server.stop();
	}
	if (values['loader-only'] || values['pipeline-only'] || values['songs-files-only'] || values['no-ui']) return;
	log('the interactive app: first frame, and the cost of drawing a load');
	process.stdout.write(`${(await uiFigures(benchRoot, dataDir, runs)).join('\n')}\n`);
}

await main();
