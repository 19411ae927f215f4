// A returning user in a real terminal (tmux, CI unset so Ink draws every frame): Settings
// shows the remembered data and the step times in the local zone with its name; the data is
// changed there to another folder, and "Load again" from the menu plans that folder. Then the
// app opened with `--source` says its loads read that data, and a bad `--source` is refused
// before anything opens.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {after, before, describe, test} from 'node:test';
import {openSettings} from '../../source/config/settings.js';
import {homePaths} from '../../source/core/paths.js';
import {runCli} from '../support/cli-process.js';
import {cliEntry, sampleData} from '../support/paths.js';
import {makeTempDir} from '../support/tmp.js';
import {openTerminal, tmuxAvailable, type Terminal} from '../support/tmux.js';

describe('Settings and --source for a returning user', {skip: tmuxAvailable() ? false : 'tmux is not installed (.ci/run installs it)'}, () => {
	const root = makeTempDir('sparkify-settings-e2e');
	const home = path.join(root, 'home');
	// Another folder of the user's own: the sample, copied under a name of its own.
	const other = path.join(root, 'other-sparkify');
	const env = {SPARKIFY_DWH_HOME: home, NO_COLOR: '1', TZ: 'Europe/Berlin'};
	const opened: Terminal[] = [];
	const open = (args: string[] = []) => {
		const terminal = openTerminal([process.execPath, cliEntry, ...args], {env});
		opened.push(terminal);
		return terminal;
	};

	before(async () => {
		fs.cpSync(sampleData, other, {recursive: true});
		// The first visit, made from a script: the sample loaded and checked on this machine, chosen as the wizard would remember it.
		const loaded = await runCli(['run', '--target', 'local', '--source', sampleData, '--yes', '--json'], {SPARKIFY_DWH_HOME: home});
		assert.equal(loaded.code, 0, loaded.stderr);
		openSettings(homePaths({SPARKIFY_DWH_HOME: home})).update((settings) => ({...settings, target: 'local', source: sampleData}));
	});
	after(() => {
		for (const terminal of opened) terminal.close();
	});

	test('Settings → the data → another folder, Esc, Load again: the plan loads from that folder; times are local and named', async () => {
		const terminal = open();
		await terminal.waitFor(/❯ 1\. Run the whole pipeline\s+✔ done [A-Z][a-z]{2} \d{1,2} \d{2}:\d{2} CE(S)?T/);
		// Settings is third from the end: from the top, up past Quit and the target switch.
		terminal.keys('Up', 'Up', 'Up');
		await terminal.waitFor(/❯ \d\. Settings/);
		terminal.keys('Enter');
		await terminal.waitFor(/Data to load {2}the real Sparkify sample$/m);
		terminal.keys('Enter');
		// The remembered data is the real sample, marked as such; a folder of one's own is the next entry.
		await terminal.waitFor(/Which data should be loaded\?[\s\S]*❯ 2\. The real Sparkify sample/);
		terminal.keys('Down');
		await terminal.waitFor(/❯ 3\. A folder of your own/);
		terminal.keys('Enter');
		await terminal.waitFor(/Folder: /);
		terminal.type(path.join(root, 'nowhere'));
		terminal.keys('Enter');
		await terminal.waitFor(/↳ There is no .*nowhere\./);
		terminal.keys('C-u');
		terminal.type(other);
		terminal.keys('Enter');
		await terminal.waitFor(/✔ Saved: data to load\./);
		assert.match(terminal.screen(), new RegExp(`Data to load {2}${other}$`, 'm'));
		terminal.keys('Escape');
		await terminal.waitFor(/sparkify-dwh — local warehouse/);
		terminal.keys('2');
		const plan = await terminal.waitFor(/Replace the current load[\s\S]*\[y\/N\]/, 60_000);
		// The plan's box wraps long lines: read it as one line of words.
		const words = plan.replace(/[│╭╮╰╯─\s]+/g, ' ');
		assert.match(words, new RegExp(`load staging_events \\(\\d+ files, [\\d.]+ MB from ${other}\\)`), plan);
		assert.doesNotMatch(words, new RegExp(`from ${sampleData}`), 'the old folder is not what is loaded');
		terminal.type('n');
		await terminal.waitFor(/Enter: back to the menu/);
		terminal.keys('Enter');
		await terminal.waitFor(/❯ 2\. Load again/);
		terminal.keys('C-c');
		assert.equal(await terminal.exitCode(), 0, terminal.screen());
		assert.equal(openSettings(homePaths({SPARKIFY_DWH_HOME: home})).get().source, other, 'remembered in the settings file');
	});

	test('sparkify-dwh --source DIR opens the menu, which says its loads read DIR this session', async () => {
		const terminal = open(['--source', sampleData]);
		await terminal.waitFor(/Loads read .*sparkify-sample this session \(--source\)/);
		terminal.keys('C-c');
		assert.equal(await terminal.exitCode(), 0, terminal.screen());
	});

	test('a --source that cannot be loaded is refused before the app opens; without a terminal, --source alone is refused', async () => {
		const terminal = open(['--source', path.join(root, 'nowhere')]);
		await terminal.waitFor(/✖ --source .*nowhere: There is no .*nowhere\./);
		assert.equal(await terminal.exitCode(), 2, terminal.screen());
		const piped = await runCli(['--source', sampleData], {SPARKIFY_DWH_HOME: home});
		assert.equal(piped.code, 2);
		assert.match(piped.stderr, /--source with no command opens the app, which needs a terminal\./);
		assert.match(piped.stderr, /sparkify-dwh run --source .*sparkify-sample --yes/);
	});
});
