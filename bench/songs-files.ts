// The bucket's real shape: hundreds of thousands of song files of one small object each, and
// a few thousand events. Here the floor is the file system (a few system calls per file), so
// the pipeline is compared with reading the same files with `cat` in the same run, and its
// peak RSS is watched (a listing held whole once cost 497 MB at 385,000 files).
// The tree is generated once and kept outside the repository (it is GBs of small files), in
// a folder named by its parameters, with a marker written last: a tree without the marker was
// stopped half-way and is generated again.

import {spawn} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {generateDataset, isUnfinishedGeneration} from '../source/etl/generate.js';
import {median, pipelineRun, rssGuard} from './pipeline-run.js';

const log = (text: string) => process.stderr.write(`${text}\n`);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

type Shape = {songs: number; events: number; seed: number};

/** Kept between bench runs (SPARKIFY_BENCH_CACHE moves it): not in the repository, not in a temporary folder. */
function cacheRoot(): string {
	return process.env.SPARKIFY_BENCH_CACHE ?? path.join(os.homedir(), '.cache', 'sparkify-dwh-bench');
}

async function ensureTree(shape: Shape): Promise<string> {
	const dir = path.join(cacheRoot(), `songs-files-${shape.songs}-events${shape.events}-seed${shape.seed}`);
	const marker = path.join(dir, '.bench-complete.json');
	const wanted = JSON.stringify(shape);
	if (fs.existsSync(marker) && fs.readFileSync(marker, 'utf8') === wanted && !isUnfinishedGeneration(dir)) return dir;
	log(`generating ${shape.songs} song files and ${shape.events} events into ${dir} (once; kept for the next runs)`);
	const started = performance.now();
	await generateDataset({out: dir, ...shape}, () => {}, new AbortController().signal);
	fs.writeFileSync(marker, wanted);
	log(`  generated in ${seconds(performance.now() - started)}`);
	return dir;
}

/** Reads every data file of the tree once, as `find | xargs cat` does; the time of it. */
function catRun(dir: string): Promise<number> {
	const started = performance.now();
	return new Promise((resolve, reject) => {
		const child = spawn('sh', ['-c', 'find song_data log_data -type f -name "*.json" -print0 | xargs -0 cat > /dev/null'], {cwd: dir, stdio: 'inherit'});
		child.on('error', reject);
		child.on('close', (code) => (code === 0 ? resolve(performance.now() - started) : reject(new Error(`find | xargs cat exited ${code}`))));
	});
}

/** The figures of the case: cat and the pipeline taking turns, `runs` times, compared by medians. */
export async function songsFilesFigures(databaseUrl: string, shape: Shape, runs: number): Promise<string[]> {
	const dir = await ensureTree(shape);
	// One untimed read first, so the first timed one does not pay for a cold cache alone.
	await catRun(dir);
	const cats: number[] = [];
	const walls: number[] = [];
	const rss: number[] = [];
	for (let run = 0; run < runs; run++) {
		cats.push(await catRun(dir));
		const whole = await pipelineRun(databaseUrl, dir);
		walls.push(whole.totalMs);
		rss.push(whole.maxRssMb);
		const phases = Object.entries(whole.phases)
			.map(([phase, ms]) => `${phase} ${seconds(ms)}`)
			.join(', ');
		log(`  run ${run + 1}: cat ${seconds(cats.at(-1)!)}, pipeline ${seconds(whole.totalMs)} (${phases}), peak RSS ${whole.maxRssMb.toFixed(0)} MB`);
	}
	const cat = median(cats);
	const wall = median(walls);
	return [
		`${shape.songs.toLocaleString('en-US')} song files + ${shape.events.toLocaleString('en-US')} events (${dir}), median of ${runs}:`,
		`  find | xargs cat ${seconds(cat)}; pipeline (tables, load, transforms, checks) ${seconds(wall)}`,
		`  songs-files wall / cat: ${(wall / cat).toFixed(2)} (goal ≤ 1.3)`,
		`  ${rssGuard(Math.max(...rss))} (the largest of the runs)`,
	];
}
