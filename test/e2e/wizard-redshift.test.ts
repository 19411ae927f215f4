// The wizard's Redshift path in a real terminal (tmux on its own socket, CI unset so Ink
// draws every frame) against moto: target → credentials → sizing → the cluster's name and
// access → its plan confirmed → cluster → network → the load, which stops where SQL is
// needed (moto has no SQL endpoint) with one sentence, and Ctrl-C then quits.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {after, before, describe, test} from 'node:test';
import {ipEcho, type EchoServer} from '../support/ip-echo.js';
import {startMoto, type Moto} from '../support/moto.js';
import {silentServer} from '../support/silent-server.js';
import {cliEntry} from '../support/paths.js';
import {makeTempDir} from '../support/tmp.js';
import {openTerminal, tmuxAvailable, type Terminal} from '../support/tmux.js';

describe("the wizard's Redshift path against moto", {skip: tmuxAvailable() ? false : 'tmux is not installed (.ci/run installs it)'}, () => {
	let moto: Moto;
	let echo: EchoServer;
	let terminal: Terminal | undefined;
	const dir = makeTempDir('sparkify-wizard-redshift');
	before(async () => {
		// One after the other: when moto_server cannot start, the echo server is already known to
		// after(), which closes it; started together, it was left open and the run never ended.
		echo = await ipEcho('198.51.100.23');
		moto = await startMoto();
		// No profiles of the user's own on screen: empty shared files.
		fs.writeFileSync(path.join(dir, 'config'), '');
		fs.writeFileSync(path.join(dir, 'credentials'), '');
	});
	after(async () => {
		terminal?.close();
		await Promise.all([moto?.stop(), echo?.close()]);
	});

	test('target → credentials → size → name → plan → cluster → network → stops at SQL, in words', async () => {
		terminal = openTerminal([process.execPath, cliEntry], {
			socket: 'sparkify-aws-e2e',
			rows: 40,
			columns: 100,
			env: {
				...moto.env,
				AWS_PROFILE: '',
				AWS_SESSION_TOKEN: '',
				AWS_CONFIG_FILE: path.join(dir, 'config'),
				AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'credentials'),
				SPARKIFY_DWH_PUBLIC_IP_URL: echo.url,
				SPARKIFY_DWH_HOME: path.join(dir, 'home'),
				NO_COLOR: '1',
			},
		});
		await terminal.waitFor(/Where should the Sparkify warehouse live\?/);
		terminal.keys('Down');
		await terminal.waitFor(/❯ 2\. Amazon Redshift/);
		terminal.keys('Enter');

		await terminal.waitFor(/AWS credentials[\s\S]*the default credential chain/);
		terminal.keys('Enter');
		await terminal.waitFor(/Region:/);
		terminal.keys('Enter');

		await terminal.waitFor(/Cluster size in us-west-2[\s\S]*❯ ra3\.large/, 60_000);
		terminal.keys('Enter');
		await terminal.waitFor(/Name: ▌?sparkify-dwh/);
		terminal.keys('Enter');
		await terminal.waitFor(/Allow connections from/);
		terminal.keys('Enter');
		await terminal.waitFor(/Which data should the cluster load\?[\s\S]*❯ 1\. The public Sparkify bucket/);
		terminal.keys('Enter');

		// The plan names the role, the group and the cluster before anything is made.
		const plan = await terminal.waitFor(/Create the cluster sparkify-dwh\?[\s\S]*\[y\/N\]/, 60_000);
		assert.match(plan, /IAM role sparkify-dwh-s3-read/);
		assert.match(plan, /security group sparkify-dwh-access/);
		terminal.type('y');

		// The failure panel wraps its sentence inside a box: match its parts.
		const end = await terminal.waitFor(/✖ The host name of the cluster sparkify-dwh[\s\S]*does not resolve[\s\S]*What to do/, 120_000);
		assert.match(end, /✔ Create the Redshift cluster/);
		assert.match(end, /✔ Open the cluster port to this machine: 198\.51\.100\.23\/32/);
		assert.doesNotMatch(end, /bug/i, 'a stop in words, not a bug');
		if (process.env.SPARKIFY_SHOW_SCREEN) console.log(end);
		terminal.keys('C-c');
		assert.equal(await terminal.exitCode(), 1, terminal.screen());
	});

	test('an endpoint that never answers: the first Ctrl-C cancels the step, the next quits, and the process is gone', async () => {
		const silent = await silentServer();
		const stuck = openTerminal([process.execPath, cliEntry], {
			socket: 'sparkify-aws-e2e',
			env: {
				...moto.env,
				AWS_ENDPOINT_URL: silent.url,
				AWS_PROFILE: '',
				AWS_SESSION_TOKEN: '',
				AWS_CONFIG_FILE: path.join(dir, 'config'),
				AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'credentials'),
				SPARKIFY_DWH_HOME: path.join(dir, 'silent-home'),
				NO_COLOR: '1',
			},
		});
		try {
			await stuck.waitFor(/Where should the Sparkify warehouse live\?/);
			stuck.keys('Down');
			await stuck.waitFor(/❯ 2\. Amazon Redshift/);
			stuck.keys('Enter');
			await stuck.waitFor(/the default credential chain/);
			stuck.keys('Enter');
			await stuck.waitFor(/Region:/);
			stuck.keys('Enter');
			await stuck.waitFor(/Check the AWS credentials/);
			while (silent.connections === 0) await new Promise((resolve) => setTimeout(resolve, 50));
			stuck.keys('C-c');
			// Well before the request's own deadline (15 s): the signal ended it.
			await stuck.waitFor(/Cancelled\./, 5000);
			stuck.keys('C-c');
			assert.equal(await stuck.exitCode(5000), 130, stuck.screen());
		} finally {
			stuck.close();
			await silent.close();
		}
	});
});
