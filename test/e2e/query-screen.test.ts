// The query screen in a real terminal (tmux, CI unset so Ink draws every frame), on a loaded
// warehouse: reached through "Use the warehouse…", a query typed and run shows the number the
// database holds, and after a restart ↑ brings the query back from the history in the home.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {after, before, describe, test} from 'node:test';
import {openSettings} from '../../source/config/settings.js';
import {homePaths} from '../../source/core/paths.js';
import {historyFile} from '../../source/interactive/query-history.js';
import {startCli} from '../support/cli-process.js';
import {createTestDatabase, queryRows} from '../support/database.js';
import {cliEntry, sampleData} from '../support/paths.js';
import {makeTempDir} from '../support/tmp.js';
import {openTerminal, tmuxAvailable, type Terminal} from '../support/tmux.js';

describe('the query screen in a real terminal', {skip: tmuxAvailable() ? false : 'tmux is not installed (.ci/run installs it)'}, () => {
	let url: string;
	const home = path.join(makeTempDir('sparkify-query-tty'), 'home');
	const opened: Terminal[] = [];
	const app = () => {
		const terminal = openTerminal([process.execPath, cliEntry], {env: {SPARKIFY_DWH_HOME: home, SPARKIFY_DWH_DATABASE_URL: url, NO_COLOR: '1'}});
		opened.push(terminal);
		return terminal;
	};
	/** From the menu to the query screen. */
	const openQueryScreen = async (terminal: Terminal) => {
		await terminal.waitFor(/❯ 1\. Run the whole pipeline/);
		terminal.type('4');
		await terminal.waitFor(/› Use the warehouse[\s\S]*❯ 1\. Query the warehouse/);
		terminal.keys('Enter');
		await terminal.waitFor(/Query — local warehouse · read-only/);
	};

	before(async () => {
		url = await createTestDatabase('query_tty');
		// Loaded by the command line in a home of its own; the app's home only knows it is set up.
		const load = await startCli(['run', '--source', sampleData, '--yes'], {SPARKIFY_DWH_DATABASE_URL: url, SPARKIFY_DWH_HOME: makeTempDir('sparkify-query-load')}).ended;
		assert.equal(load.code, 0, load.stderr);
		const settings = openSettings(homePaths({SPARKIFY_DWH_HOME: home}));
		settings.update((current) => ({...current, target: 'local'}));
		settings.recordStep('check', 'done');
	});
	after(() => {
		for (const terminal of opened) terminal.close();
	});

	test('a query typed and run shows the warehouse number; after a restart ↑ brings it back', async () => {
		const songplays = (await queryRows<{n: number}>(url, 'SELECT count(*)::int AS n FROM songplays'))[0]?.n;
		assert.ok(songplays! > 0);
		const shown = songplays!.toLocaleString('en-US');

		const first = app();
		await openQueryScreen(first);
		first.type('SELECT count(*) FROM songplays');
		first.keys('Enter');
		const answered = await first.waitFor(/✔ 1 row in [\d.]+ m?s · SELECT count\(\*\) FROM songplays/, 60_000);
		assert.match(answered, new RegExp(`^count\\n─+\\n\\s*${shown}$`, 'm'));
		first.keys('C-c');
		assert.equal(await first.exitCode(), 0, first.screen());

		const file = historyFile(homePaths({SPARKIFY_DWH_HOME: home}));
		assert.equal(fs.statSync(file).mode & 0o777, 0o600);
		assert.deepEqual(JSON.parse(fs.readFileSync(file, 'utf8')), {queries: ['SELECT count(*) FROM songplays']});

		const second = app();
		await openQueryScreen(second);
		second.keys('Up');
		await second.waitFor(/SQL› SELECT count\(\*\) FROM songplays/);
		second.keys('Enter');
		await second.waitFor(new RegExp(`^\\s*${shown}$`, 'm'), 60_000);
		// A write is refused: the screen only reads, and says so once.
		second.type('DELETE FROM songplays');
		second.keys('Enter');
		const refused = await second.waitFor(/✖ The query would change the warehouse, and the query screen only reads\./, 60_000);
		assert.equal(refused.split('only reads.').length, 2, refused);
		assert.doesNotMatch(refused, /Details:/);
		second.keys('Escape');
		await second.waitFor(/› Use the warehouse/);
		second.keys('C-c');
		assert.equal(await second.exitCode(), 0, second.screen());
		assert.equal((await queryRows<{n: number}>(url, 'SELECT count(*)::int AS n FROM songplays'))[0]!.n, songplays, 'nothing was deleted');
	});
});
