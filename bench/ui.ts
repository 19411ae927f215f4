// The interactive app's figures, measured in a real terminal (tmux, CI unset so Ink draws
// every frame):
//   1. time from starting the program to its first drawn frame (the wizard's first screen),
//   2. what drawing progress costs a load: the same `etl` drawn by Ink vs. printed as --json,
//      each timed from the outside, alternating, median of the runs.
// Needs tmux; without it the section says so and the rest of the benchmark still runs.

import {execFileSync, spawnSync} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const entry = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', 'bin', 'sparkify-dwh.js');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function median(numbers: number[]): number {
	const sorted = [...numbers].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)]!;
}

/** Runs a shell command line in a fresh 80×24 tmux session; resolves when `done` holds. */
async function inTerminal(commandLine: string, env: Record<string, string>, done: (screen: string, name: string) => boolean, timeoutMs: number, pollMs = 5): Promise<number> {
	const name = `sparkify-bench-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
	const environment: NodeJS.ProcessEnv = {...process.env, ...env, TERM: 'xterm-256color'};
	delete environment.CI;
	const envArgs = Object.entries(environment).flatMap(([key, value]) => (value === undefined || key.includes('=') ? [] : ['-e', `${key}=${value}`]));
	const started = performance.now();
	execFileSync('tmux', ['new-session', '-d', '-s', name, '-x', '80', '-y', '24', ...envArgs, 'bash', '-c', `${commandLine}; sleep 600`]);
	try {
		for (;;) {
			const screen = pollMs > 100 ? '' : execFileSync('tmux', ['capture-pane', '-p', '-t', name], {encoding: 'utf8'});
			if (done(screen, name)) return performance.now() - started;
			if (performance.now() - started > timeoutMs) throw new Error(`timed out; screen:\n${screen}`);
			// Fine-grained for the first frame; coarse for long runs, so the polling itself does
			// not take CPU from the load being measured.
			await sleep(pollMs);
		}
	} finally {
		spawnSync('tmux', ['kill-session', '-t', name]);
	}
}

export async function uiFigures(benchRoot: string, dataDir: string, runs: number): Promise<string[]> {
	if (spawnSync('tmux', ['-V']).status !== 0) return ['TUI figures: skipped (tmux is not installed)'];
	const node = process.execPath;

	// 1. First frame: a fresh home each time, so it is the first-run wizard.
	const firstFrame: number[] = [];
	const inProcess: number[] = [];
	for (let run = 0; run < Math.max(runs, 3) + 1; run++) {
		const home = fs.mkdtempSync(path.join(benchRoot, 'ui-first-'));
		const frameFile = path.join(home, 'first-frame.ms');
		const ms = await inTerminal(
			`'${node}' '${entry}'`,
			{SPARKIFY_DWH_HOME: home, SPARKIFY_DWH_FIRST_FRAME_FILE: frameFile},
			(screen) => screen.includes('Where should the Sparkify warehouse live?') && fs.existsSync(frameFile),
			30_000,
		);
		if (run > 0) {
			// The first start also warms the compile cache.
			firstFrame.push(ms);
			inProcess.push(Number(fs.readFileSync(frameFile, 'utf8')));
		}
		fs.rmSync(home, {recursive: true, force: true});
	}

	// What the harness itself costs: tmux, the shell, and Node starting and printing a line.
	const baseline: number[] = [];
	for (let run = 0; run < 3; run++) baseline.push(await inTerminal(`'${node}' -e "console.log('READY-NODE')"`, {}, (screen) => screen.includes('READY-NODE'), 30_000));
	const firstFrameLine =
		`time to the first drawn frame (wizard): ${median(inProcess).toFixed(0)} ms from the process's start (goal < 500 ms); ` +
		`${median(firstFrame).toFixed(0)} ms seen from outside in an 80×24 tmux, where tmux + shell + a bare \`node -e\` take ${median(baseline).toFixed(0)} ms (medians of ${firstFrame.length})`;
	if (runs === 0) return [firstFrameLine];

	// 2. The same load drawn by Ink and printed as --json, timed by the shell around it.
	const home = path.join(benchRoot, 'ui-home');
	fs.rmSync(home, {recursive: true, force: true});
	const env = {SPARKIFY_DWH_HOME: home};
	execFileSync(node, [entry, 'tables', '--json'], {env: {...process.env, ...env}, stdio: 'ignore'});
	const timings: Record<'ink' | 'json', number[]> = {ink: [], json: []};
	for (let run = 0; run < runs; run++) {
		for (const mode of ['ink', 'json'] as const) {
			const marker = path.join(benchRoot, `ui-${mode}-${run}.ms`);
			fs.rmSync(marker, {force: true});
			const redirect = mode === 'json' ? `--json > /dev/null` : '';
			const line = `s=$(date +%s%N); '${node}' '${entry}' etl --source '${dataDir}' --yes ${redirect}; e=$(date +%s%N); echo $(( (e - s) / 1000000 )) > '${marker}'`;
			await inTerminal(line, env, () => fs.existsSync(marker) && fs.readFileSync(marker, 'utf8').trim() !== '', 30 * 60_000, 500);
			timings[mode].push(Number(fs.readFileSync(marker, 'utf8')));
		}
	}
	const ink = median(timings.ink);
	const json = median(timings.json);
	return [
		firstFrameLine,
		`etl drawn by Ink: ${(ink / 1000).toFixed(1)} s; with --json: ${(json / 1000).toFixed(1)} s; drawing costs ${(((ink - json) / json) * 100).toFixed(1)}% (goal < 5%; median of ${runs} alternating runs)`,
	];
}

// `node --import tsx bench/ui.ts <data-folder> [runs]` runs this part alone.
if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
	const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), 'out');
	fs.mkdirSync(root, {recursive: true});
	process.stdout.write(`${(await uiFigures(root, path.resolve(process.argv[2]!), Number(process.argv[3] ?? 3))).join('\n')}\n`);
}
