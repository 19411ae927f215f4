// Keys sent in bursts to the real program in a real terminal (tmux on its own socket, CI
// unset so Ink draws every frame). Each burst is one send-keys call, so the keys reach the
// program together, as type-ahead and fast typists send them: every key must count, in order,
// and keys typed past a question must neither answer it twice nor answer a yes/no unseen.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {after, describe, test} from 'node:test';
import {cliEntry} from '../support/paths.js';
import {makeTempDir} from '../support/tmp.js';
import {openTerminal, tmuxAvailable, type Terminal} from '../support/tmux.js';

describe('keys in bursts, in a real terminal', {skip: tmuxAvailable() ? false : 'tmux is not installed (.ci/run installs it)'}, () => {
	const opened: Terminal[] = [];
	after(() => {
		for (const terminal of opened) terminal.close();
	});
	const open = (env: NodeJS.ProcessEnv) => {
		const terminal = openTerminal([process.execPath, cliEntry], {socket: 'sparkify-keys-e2e', env: {NO_COLOR: '1', ...env}});
		opened.push(terminal);
		return terminal;
	};

	test('the menu: "Down Down Enter" in one burst runs the third entry (Check data quality)', async () => {
		const home = path.join(makeTempDir('sparkify-keys-menu'), 'home');
		// A returning user's home, made the real way: the wizard's local setup, run once.
		const setup = open({SPARKIFY_DWH_HOME: home});
		await setup.waitFor(/❯ 1\. On this machine/);
		setup.keys('Enter');
		// The real sample: quicker than generating one.
		await setup.waitFor(/Which data should be loaded\?/);
		setup.keys('Down');
		await setup.waitFor(/❯ 2\. The real Sparkify sample/);
		setup.keys('Enter');
		await setup.waitFor(/Enter: back to the menu/, 180_000);
		setup.keys('C-c');
		assert.equal(await setup.exitCode(), 0, setup.screen());

		const terminal = open({SPARKIFY_DWH_HOME: home});
		await terminal.waitFor(/❯ 1\. Run the whole pipeline[\s\S]*3\. Check data quality/);
		terminal.keys('Down', 'Down', 'Enter');
		const checked = await terminal.waitFor(/quality checks: (\d+) of \1 passed/, 120_000);
		assert.doesNotMatch(checked, /Load the data|Create the staging tables/, 'the check ran, not the pipeline (item 1) or the load (item 2)');
		await terminal.waitFor(/Enter: back to the menu/);
		terminal.keys('Enter');
		await terminal.waitFor(/❯ 3\. Check data quality/);
		terminal.keys('C-c');
		assert.equal(await terminal.exitCode(), 0, terminal.screen());
	});

	test('Redshift credentials: bursts across questions; typed-ahead keys never answer "Save these keys?"; no writes nothing', async () => {
		const dir = makeTempDir('sparkify-keys-aws');
		const credentials = path.join(dir, 'credentials');
		fs.writeFileSync(path.join(dir, 'config'), '');
		fs.writeFileSync(credentials, '');
		const terminal = open({
			SPARKIFY_DWH_HOME: path.join(dir, 'home'),
			AWS_CONFIG_FILE: path.join(dir, 'config'),
			AWS_SHARED_CREDENTIALS_FILE: credentials,
			AWS_PROFILE: '',
			AWS_ACCESS_KEY_ID: '',
			AWS_SECRET_ACCESS_KEY: '',
		});
		await terminal.waitFor(/❯ 1\. On this machine/);
		// "Down Enter" at once chose the first item before: that would start a local load here.
		terminal.keys('Down', 'Enter');
		await terminal.waitFor(/AWS credentials[\s\S]*❯ 1\. the default credential chain[\s\S]*2\. type access keys/);
		terminal.keys('Down', 'Enter');
		await terminal.waitFor(/Access key id: /);

		// Key id, secret, the default profile name and a "y", typed ahead in one go.
		terminal.type(`AKIAIOSFODNN7EXAMPLE\rwJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY00\r\ry`);
		// The question wraps at 80 columns (the file's path is long): lines are matched across breaks.
		const asked = await terminal.waitFor(/Save these keys to \S*credentials\s+as\s+profile\s+sparkify-dwh\?\s+\[y\/N\]/);
		assert.match(asked, /✔ Access key id: AKIA…MPLE/);
		assert.match(asked, /✔ Secret access key: •+ \(hidden\)/);
		assert.doesNotMatch(asked, /wJalr|EXAMPLEKEY/);
		await new Promise((resolve) => setTimeout(resolve, 500));
		assert.match(terminal.screen(), /\[y\/N\]/, 'the "y" typed before the question was drawn did not answer it');
		assert.equal(fs.readFileSync(credentials, 'utf8'), '');

		terminal.type('n');
		const declined = await terminal.waitFor(/Nothing was written to \S*credentials,\s+and\s+the\s+keys\s+were\s+forgotten/);
		assert.match(declined, /choose\s+a\s+profile\s+you\s+already\s+have,\s+or\s+the\s+default\s+credential\s+chain/);
		assert.match(declined, /❯ 1\. the default credential chain/);
		assert.equal(fs.readFileSync(credentials, 'utf8'), '', 'the credentials file is untouched');
		terminal.keys('C-c');
		assert.equal(await terminal.exitCode(), 0, terminal.screen());
	});
});
