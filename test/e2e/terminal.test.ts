// The command in a real terminal (tmux): questions are asked there, answered with keys, and
// Ctrl-C is a real key press. Commands draw with Ink in a terminal; --plain keeps lines and
// @inquirer/prompts, and is tested here too.

import assert from 'node:assert/strict';
import path from 'node:path';
import {after, before, describe, test} from 'node:test';
import {cliEntry, sampleData} from '../support/paths.js';
import {makeTempDir, sampleWithRepeatedLogs} from '../support/tmp.js';
import {openTerminal, tmuxAvailable, type Terminal} from '../support/tmux.js';

describe('in a real terminal', {skip: tmuxAvailable() ? false : 'tmux is not installed (.ci/run installs it)'}, () => {
	let home: string;
	const opened: Terminal[] = [];
	const run = (...args: string[]) => {
		const terminal = openTerminal([process.execPath, cliEntry, ...args], {env: {SPARKIFY_DWH_HOME: home, NO_COLOR: '1'}});
		opened.push(terminal);
		return terminal;
	};

	// The first run in the home, made by whichever test needs a loaded home first: the first
	// test looks at it, the others start from it, so each passes alone too.
	let firstRun: Promise<Terminal> | undefined;
	const loaded = () => {
		firstRun ??= (async () => {
			const first = run('run', '--source', sampleData);
			assert.equal(await first.exitCode(), 0, first.screen());
			return first;
		})();
		return firstRun;
	};

	before(() => {
		home = path.join(makeTempDir('sparkify-tty'), 'home');
	});
	after(() => {
		for (const terminal of opened) terminal.close();
	});

	test('a first run asks nothing; replacing the load asks, and "n" changes nothing', async () => {
		const first = await loaded();
		assert.match(first.screen(), /quality checks: (\d+) of \1 passed/);

		const second = run('etl', '--source', sampleData);
		await second.waitFor(/Replace the current load \(6,820 songplays\)[\s\S]*\[y\/N\]/);
		assert.match(second.screen(), /load staging_events \(30 files/, 'the plan is shown before the question');
		second.type('n');
		assert.equal(await second.exitCode(), 4, 'declining is not an interruption');
		assert.match(second.screen(), /Nothing was changed/);
	});

	test('answering "y" replaces the load (plain prompts with --plain)', async () => {
		await loaded();
		const terminal = run('etl', '--plain', '--source', sampleData);
		await terminal.waitFor(/Replace the current load/);
		terminal.type('y');
		terminal.keys('Enter');
		assert.equal(await terminal.exitCode(), 0, terminal.screen());
		assert.match(terminal.screen(), /staging_events: 8,056 rows from 30 files/);
	});

	test('Ctrl-C at a plain question is an interruption (130), not a decline and not a bug', async () => {
		await loaded();
		const terminal = run('etl', '--plain', '--source', sampleData);
		await terminal.waitFor(/Replace the current load[\s\S]*\(y\/N\)/);
		terminal.keys('C-c');
		assert.equal(await terminal.exitCode(), 130, terminal.screen());
		assert.match(terminal.screen(), /✖ Cancelled\./);
		assert.doesNotMatch(terminal.screen(), /bug/);
	});

	test('Ctrl-C in the middle of a load cancels it and the previous load stays', async () => {
		await loaded();
		const large = sampleWithRepeatedLogs(sampleData, 40);
		const terminal = run('etl', '--source', large, '--yes');
		// The bar of staging_events is drawn and moving: bytes done of the total.
		await terminal.waitFor(/staging_events\s+█*[▏▎▍▌▋▊▉]?░+ [\d.]+ [KM]B \/ [\d.]+ MB/, 60_000);
		terminal.keys('C-c');
		assert.equal(await terminal.exitCode(), 130, terminal.screen());
		assert.match(terminal.screen(), /Cancelled\.[\s\S]*Nothing was committed: the[\s│]*warehouse still holds/);
		const check = run('check');
		assert.equal(await check.exitCode(), 0);
		assert.match(check.screen(), /songplays\s+6,820/);
	});
});
