// The guided wizard in a real terminal (tmux, CI unset so Ink draws every frame): a first run
// with no arguments goes from the target question through the whole local load to the final
// counts, then to the menu, whose states are what was just done.

import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import path from 'node:path';
import {after, describe, test} from 'node:test';
import {cliEntry} from '../support/paths.js';
import {makeTempDir} from '../support/tmp.js';
import {openTerminal, tmuxAvailable, type Terminal} from '../support/tmux.js';

describe('the wizard in a real terminal', {skip: tmuxAvailable() ? false : 'tmux is not installed (.ci/run installs it)'}, () => {
	const home = path.join(makeTempDir('sparkify-wizard'), 'home');
	const opened: Terminal[] = [];
	after(() => {
		for (const terminal of opened) terminal.close();
	});

	// The wizard's first run in the home, through to the menu and out, made by whichever test
	// needs it first: the first test checks what it showed, the second starts from it.
	let firstRun: Promise<{final: string; shown: Record<string, number>}> | undefined;
	const wizardDone = () => {
		firstRun ??= (async () => {
			const terminal = openTerminal([process.execPath, cliEntry], {env: {SPARKIFY_DWH_HOME: home, NO_COLOR: '1'}});
			opened.push(terminal);
			await terminal.waitFor(/Where should the Sparkify warehouse live\?[\s\S]*❯ 1\. On this machine/);
			terminal.keys('Enter');
			// The data: the real sample, chosen from the list.
			await terminal.waitFor(/Which data should be loaded\?[\s\S]*❯ 1\. The generated sample {2}synthetic/);
			terminal.keys('Down');
			await terminal.waitFor(/❯ 2\. The real Sparkify sample {2}the public data, 71 songs, 8,056 events/);
			terminal.keys('Enter');
			// Progress is drawn while the load runs; the counts come at the end.
			await terminal.waitFor(/quality checks: (\d+) of \1 passed/, 120_000);
			// The finished steps went to the scrollback as they ended: read the whole of it.
			const final = terminal.history();
			const shown = Object.fromEntries(
				[...final.matchAll(/^(staging_events|staging_songs|songplays|users|songs|artists|time)\s+([\d,]+)$/gm)].map((match) => [match[1]!, Number(match[2]!.replace(/,/g, ''))]),
			);
			await terminal.waitFor(/Enter: back to the menu/);
			terminal.keys('Enter');
			await terminal.waitFor(/sparkify-dwh — local warehouse[\s\S]*Run the whole pipeline\s+✔ done/);
			await terminal.waitFor(/Load again \(etl\)\s+✔ done .* now: [\d,]+ songplays/, 30_000);
			terminal.keys('C-c');
			assert.equal(await terminal.exitCode(), 0, terminal.screen());
			return {final, shown};
		})();
		return firstRun;
	};

	test('first run: target → the real sample as a folder → load with a bar per table → final counts → the menu → Ctrl-C quits', async () => {
		const {final, shown} = await wizardDone();
		assert.match(final, /✔ Create the staging tables and the star schema/);
		assert.match(final, /✔ Load the data and build the star schema: [\d,]+ songplays/);
		assert.equal(Object.keys(shown).length, 7, final);

		const checked = JSON.parse(execFileSync(process.execPath, [cliEntry, 'check', '--json'], {env: {...process.env, SPARKIFY_DWH_HOME: home}, encoding: 'utf8'})) as {
			tables: Record<string, number>;
		};
		// The numbers on screen are the warehouse's own, read back independently of the screen.
		assert.deepEqual(shown, checked.tables);
	});

	test('a second start goes to the menu, and a question from it is answered on screen', async () => {
		await wizardDone();
		const terminal = openTerminal([process.execPath, cliEntry], {env: {SPARKIFY_DWH_HOME: home, NO_COLOR: '1'}});
		opened.push(terminal);
		await terminal.waitFor(/❯ 1\. Run the whole pipeline/);
		terminal.keys('Down');
		await terminal.waitFor(/❯ 2\. Load again/);
		terminal.keys('Enter');
		await terminal.waitFor(/Replace the current load \([\d,]+ songplays\)[\s\S]*\[y\/N\]/, 60_000);
		terminal.type('n');
		await terminal.waitFor(/Nothing was changed\.[\s\S]*Enter: back to the menu/);
		terminal.keys('Enter');
		await terminal.waitFor(/❯ 2\. Load again/);
		terminal.keys('C-c');
		assert.equal(await terminal.exitCode(), 0, terminal.screen());
	});
});
