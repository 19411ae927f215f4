// A load drawn live in a real terminal (tmux) that is resized while it runs: narrower and
// shorter, then wider and taller, in a terminal already full of a shell's output, as a user's
// is. Finished lines are printed once (<Static>) and never redrawn, so however the terminal
// rewraps, the scrollback holds each of them once; the live area, rewrapped by the terminal
// when it narrows, is erased by the rows it then takes (interactive/reflow-safe-stdout.ts), so
// no copy of a bar, a spinner or a step to come is left anywhere, on the screen or above it.
// (tmux moves the top rows of the screen into the scrollback as it rewraps; in a pane still
// nearly empty, those can be the live area's own, out of reach of any erase.)

import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import path from 'node:path';
import {after, describe, test} from 'node:test';
import {cliEntry, sampleData} from '../support/paths.js';
import {makeTempDir, sampleWithRepeatedLogs} from '../support/tmp.js';
import {openTerminal, tmuxAvailable, type Terminal} from '../support/tmux.js';

const socket = `sparkify-resize-${process.pid}`;
const tmux = (...args: string[]) => String(execFileSync('tmux', ['-L', socket, ...args], {encoding: 'utf8'}));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const count = (text: string, pattern: RegExp) => text.split('\n').filter((line) => pattern.test(line)).length;

describe('resizing the terminal during a load', {skip: tmuxAvailable() ? false : 'tmux is not installed (.ci/run installs it)'}, () => {
	let terminal: Terminal | undefined;
	after(() => terminal?.close());

	test('leaves no stale or doubled line in the scrollback or on the last screen', async () => {
		const home = path.join(makeTempDir('sparkify-resize'), 'home');
		const large = sampleWithRepeatedLogs(sampleData, 40);
		// The shell's earlier output fills the screen first, so the load is drawn at its bottom.
		const command = ['bash', '-c', 'seq 1 40; exec "$0" "$@"', process.execPath, cliEntry, 'run', '--source', large, '--yes'];
		terminal = openTerminal(command, {env: {SPARKIFY_DWH_HOME: home, NO_COLOR: '1'}, socket});
		const name = terminal.name;
		// The bar of staging_events is drawn and moving.
		await terminal.waitFor(/staging_events\s+█*[▏▎▍▌▋▊▉]?░+ [\d.]+ [KM]B \/ [\d.]+ MB/, 120_000);
		for (const [columns, rows] of [
			[60, 14],
			[100, 30],
			[70, 12],
			[80, 24],
		] as const) {
			tmux('resize-window', '-t', name, '-x', String(columns), '-y', String(rows));
			await sleep(400);
		}
		assert.equal(await terminal.exitCode(120_000), 0, terminal.screen());
		// Everything the pane holds, the scrollback too (-S -), lines the terminal wrapped joined (-J).
		const history = tmux('capture-pane', '-p', '-J', '-S', '-', '-t', name);
		for (const finished of [
			/^✔ Start the embedded PostgreSQL: port \d+$/,
			/^✔ Create the staging tables and the star schema/,
			/^✔ Load the data and build the star schema/,
			/^✔ staging_events +█+ /,
			/^✔ Check data quality/,
		]) {
			assert.equal(count(history, finished), 1, `${finished} once:\n${history}`);
		}
		const last = terminal.screen();
		const live = /[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]|^○ |░/;
		assert.equal(count(last, live), 0, `no spinner, step to come or unfinished bar on the last screen:\n${last}`);
		assert.equal(count(history, live), 0, `no copy of the live area left in the scrollback:\n${history}`);
		assert.match(last, /Next:\n[\s\S]*This load again:/, 'the next steps are on the last screen');
		assert.match(history, /Next:\n/);
	});
});
