// The whole pipeline (tables, load, transforms, checks) in a child process (pipeline-child.ts),
// so its peak RSS is the pipeline's alone: shared by the events bench and the song-files case.

import {spawn} from 'node:child_process';
import path from 'node:path';

export type PipelineFigures = {totalMs: number; maxRssMb: number; phases: Record<string, number>};

export function pipelineRun(databaseUrl: string, dataDir: string): Promise<PipelineFigures> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, ['--import', 'tsx', path.join(path.dirname(new URL(import.meta.url).pathname), 'pipeline-child.ts'), databaseUrl, dataDir], {
			stdio: ['ignore', 'pipe', 'inherit'],
		});
		let out = '';
		child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
		child.on('error', reject);
		child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`pipeline child exited ${code}`))));
	});
}

/** The pipeline's memory must stay under 300 MB at every size: over it, the bench says so and exits 1. */
const rssLimitMb = 300;
export function rssGuard(maxRssMb: number): string {
	if (maxRssMb < rssLimitMb) return `peak RSS ${maxRssMb.toFixed(0)} MB (under the ${rssLimitMb} MB guard)`;
	process.exitCode = 1;
	return `peak RSS ${maxRssMb.toFixed(0)} MB: OVER the ${rssLimitMb} MB guard`;
}

export function median(numbers: readonly number[]): number {
	const sorted = [...numbers].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)]!;
}
