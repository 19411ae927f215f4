// Runs the whole pipeline (tables, load, transforms, checks) in a process of its own, so
// that its peak RSS is the pipeline's alone, and prints its timings as JSON on stdout.
// Usage: node --import tsx bench/pipeline-child.ts <database-url> <source-folder>
// SPARKIFY_BENCH_TRACE=1 also writes each step's and task's start and end to stderr, in ms
// since the start: where a phase's time goes.

import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import {noLog} from '../source/core/log.js';
import {homePaths} from '../source/core/paths.js';
import {localFolderSource} from '../source/etl/source.js';
import {checkStep} from '../source/steps/check.js';
import {etlStep} from '../source/steps/etl.js';
import {tablesStep} from '../source/steps/tables.js';
import {openWarehouse} from '../source/warehouse/connection.js';

const [databaseUrl, sourceFolder] = process.argv.slice(2);
const home = fs.mkdtempSync(path.join(os.tmpdir(), 'sparkify-bench-'));
const ctx = {paths: homePaths({SPARKIFY_DWH_HOME: home}), log: noLog, env: {}};
const signal = new AbortController().signal;
const phases: Record<string, number> = {};
const trace = process.env.SPARKIFY_BENCH_TRACE === '1';
const started = performance.now();
let mark = started;
const lap = (name: string) => {
	const now = performance.now();
	phases[name] = now - mark;
	mark = now;
};

const warehouse = await openWarehouse(ctx, {kind: 'url', url: databaseUrl!});
await tablesStep.run(ctx, {warehouse}, () => {}, signal);
lap('tables');
let stagingMs = 0;
let starMs = 0;
const result = await etlStep.run(
	ctx,
	{warehouse, source: localFolderSource(sourceFolder!)},
	(event) => {
		if (trace && (event.type === 'step' || (event.type === 'progress' && event.state !== 'running'))) {
			process.stderr.write(
				`${(performance.now() - started).toFixed(0).padStart(7)} ms  ${event.type === 'step' ? `step ${event.step} ${event.status}` : `task ${event.task.replace(/ /g, '_')} ${event.state}`}\n`,
			);
		}
		if (event.type === 'progress' && event.state === 'done' && event.task === 'staging_events') stagingMs = performance.now() - mark;
		if (event.type === 'progress' && event.state === 'done' && event.task === 'star schema') starMs = performance.now() - mark;
	},
	signal,
);
phases['staging load'] = stagingMs;
lap('etl');
// The transforms end when the last star table is built; the match rate and the COMMIT follow
// (the COMMIT writes out every table the load replaced).
phases.transforms = (starMs || phases.etl!) - stagingMs;
if (starMs) phases['match rate and commit'] = phases.etl! - starMs;
delete phases.etl;
const checks = await checkStep.run(ctx, {warehouse}, () => {}, signal);
lap('checks');
await warehouse.close();
fs.rmSync(home, {recursive: true, force: true});
if (!checks.passed) throw new Error(`quality checks failed: ${JSON.stringify(checks.checks.filter((check) => !check.passed))}`);
process.stdout.write(
	JSON.stringify({
		totalMs: performance.now() - started,
		maxRssMb: process.resourceUsage().maxRSS / 1024,
		phases,
		songplays: result.star.songplays,
	}),
);
