// The wizard in plain lines (`sparkify-dwh --plain` in a real terminal): the same setup flow
// as the Ink app, its questions asked by @inquirer/prompts. Each test has its own home.

import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {after, describe, test} from 'node:test';
import {cliEntry, sampleData} from '../support/paths.js';
import {makeTempDir} from '../support/tmp.js';
import {openTerminal, tmuxAvailable, type Terminal} from '../support/tmux.js';

describe('the plain wizard in a real terminal', {skip: tmuxAvailable() ? false : 'tmux is not installed (.ci/run installs it)'}, () => {
	const opened: Terminal[] = [];
	after(() => {
		for (const terminal of opened) terminal.close();
	});
	const start = (home: string) => {
		const terminal = openTerminal([process.execPath, cliEntry, '--plain'], {env: {SPARKIFY_DWH_HOME: home, NO_COLOR: '1'}});
		opened.push(terminal);
		return terminal;
	};

	test('a first run asks where, loads locally in lines, and a second run says all is done', async () => {
		const home = path.join(makeTempDir('sparkify-plain-wizard'), 'home');
		const first = start(home);
		await first.waitFor(/Where should the warehouse run\?[\s\S]*❯ Locally/);
		first.keys('Enter');
		await first.waitFor(/Which data should be loaded\?[\s\S]*❯ the generated sample: synthetic/);
		first.keys('Down');
		await first.waitFor(/❯ the real Sparkify sample: the public data, 71 songs and 8,056 events/);
		first.keys('Down');
		await first.waitFor(/❯ a folder of your own/);
		first.keys('Enter');
		await first.waitFor(/Folder:/);
		first.type(path.join(sampleData, 'song_data'));
		first.keys('Enter');
		await first.waitFor(/has no song_data\//);
		first.keys('BSpace', 'BSpace', 'BSpace', 'BSpace', 'BSpace', 'BSpace', 'BSpace', 'BSpace', 'BSpace', 'BSpace', 'Enter');
		const final = await first.waitFor(/This load again:\n {2}sparkify-dwh run/, 120_000);
		assert.match(final, /quality checks: (\d+) of \1 passed/);
		assert.match(final, /^songplays +6,820$/m, 'the real sample, not the generated one');
		// A long command is broken with the shell's \ continuations: joined as the shell joins them, it is whole.
		assert.ok(final.replace(/ \\\n\s+/g, ' ').includes(`sparkify-dwh run --source ${sampleData} --target local --yes`), final);
		assert.equal(await first.exitCode(), 0, first.screen());
		// What the wizard ran is what the settings remember: the menu and `status` see it.
		const status = JSON.parse(
			execFileSync(process.execPath, [cliEntry, 'status', '--json'], {env: {...process.env, SPARKIFY_DWH_HOME: home}, encoding: 'utf8'})
				.trim()
				.split('\n')
				.at(-1)!,
		) as {target: string; steps: Array<{step: string; status: string}>};
		assert.equal(status.target, 'local');
		assert.ok(
			status.steps.some((record) => record.step === 'check' && record.status === 'done'),
			JSON.stringify(status.steps),
		);

		const second = start(home);
		await second.waitFor(/The warehouse is set up and its checks passed/);
		assert.equal(await second.exitCode(), 0, second.screen());
	});

	test('typed AWS keys are written to the credentials file only after a yes', async () => {
		const root = makeTempDir('sparkify-plain-wizard');
		const credentials = path.join(root, 'aws-credentials');
		const terminal = openTerminal([process.execPath, cliEntry, '--plain'], {
			env: {SPARKIFY_DWH_HOME: path.join(root, 'home'), NO_COLOR: '1', AWS_SHARED_CREDENTIALS_FILE: credentials, AWS_CONFIG_FILE: path.join(root, 'aws-config')},
		});
		opened.push(terminal);
		await terminal.waitFor(/Where should the warehouse run\?/);
		terminal.keys('Down');
		terminal.keys('Enter');
		await terminal.waitFor(/AWS credentials/);
		terminal.keys('Down');
		terminal.keys('Enter');
		await terminal.waitFor(/Access key id:/);
		terminal.type('AKIAIOSFODNN7EXAMPLE');
		terminal.keys('Enter');
		await terminal.waitFor(/Secret access key:/);
		terminal.type('wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY');
		terminal.keys('Enter');
		await terminal.waitFor(/Save them as profile:/);
		terminal.keys('Enter');
		await terminal.waitFor(/Save these keys to \/tmp\/[\s\S]*\(y\/N\)/);
		terminal.type('n');
		terminal.keys('Enter');
		await terminal.waitFor(/Not saved, and forgotten/);
		assert.equal(fs.existsSync(credentials), false, 'nothing written after a no');
		assert.doesNotMatch(terminal.screen(), /wJalrXUtnFEMI/, 'the secret is never drawn');
		terminal.keys('C-c');
		assert.equal(await terminal.exitCode(), 130, terminal.screen());
	});

	test('TERM=dumb: no Ink, but the questions are still asked, in plain lines', async () => {
		const home = path.join(makeTempDir('sparkify-plain-wizard'), 'home');
		const terminal = openTerminal(['env', 'TERM=dumb', process.execPath, cliEntry], {env: {SPARKIFY_DWH_HOME: home, NO_COLOR: '1'}});
		opened.push(terminal);
		await terminal.waitFor(/Where should the warehouse run\?/);
		terminal.keys('C-c');
		assert.equal(await terminal.exitCode(), 130, terminal.screen());
	});

	test('Ctrl-C at a question ends with 130 and says how to go on', async () => {
		const terminal = start(path.join(makeTempDir('sparkify-plain-wizard'), 'home'));
		await terminal.waitFor(/Where should the warehouse run\?/);
		terminal.keys('C-c');
		assert.equal(await terminal.exitCode(), 130, terminal.screen());
		assert.match(terminal.screen(), /Cancelled\.[\s\S]*sparkify-dwh --plain/);
	});
});
