// The compiled build (bin/build.js) is what users run: it must behave as the sources do
// (find sql/ and package.json from build/), keep Ink, React and conf inside (conf without
// the exit hook that would kill the process on Ctrl-C), and load the packages it leaves out
// (pg, the AWS SDK) at run time.

import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {describe, test} from 'node:test';
import {createTestDatabase} from '../support/database.js';
import {startCli} from '../support/cli-process.js';
import {cliEntry, repoRoot, sampleData} from '../support/paths.js';
import {makeTempDir} from '../support/tmp.js';

const buildFolder = path.join(repoRoot, 'build');

/** The text of every file under a folder, joined. */
function sourceText(folder: string): string {
	return fs
		.readdirSync(folder, {withFileTypes: true, recursive: true})
		.filter((entry) => entry.isFile())
		.map((entry) => fs.readFileSync(path.join(entry.parentPath, entry.name), 'utf8'))
		.join('\n');
}

/** Every package a built file imports at run time (static or dynamic), by name. */
function runtimeImports(): Set<string> {
	const names = new Set<string>();
	for (const file of fs.readdirSync(buildFolder)) {
		const text = fs.readFileSync(path.join(buildFolder, file), 'utf8');
		for (const match of text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s*)"([^"./][^"]*)"/g)) names.add(match[1]!);
	}
	return names;
}

describe('the compiled build', () => {
	const run = (args: string[]) =>
		execFileSync(process.execPath, [cliEntry, ...args], {encoding: 'utf8', env: {...process.env, SPARKIFY_DWH_HOME: path.join(makeTempDir('build-home'), 'home')}});

	test('Ink, React and conf are compiled in; pg and the AWS SDK are imported at run time', () => {
		assert.ok(fs.existsSync(path.join(buildFolder, 'cli.js')), 'npm test builds first (pretest)');
		const imports = runtimeImports();
		for (const inlined of ['ink', 'react', 'react/jsx-runtime', 'conf', 'when-exit']) assert.ok(!imports.has(inlined), `${inlined} is imported at run time`);
		assert.ok(imports.has('pg'), `pg is not imported at run time: ${[...imports].join(', ')}`);
		assert.ok(
			[...imports].some((name) => name.startsWith('@aws-sdk/')),
			'the AWS SDK is imported at run time',
		);
		assert.ok(!imports.has('tsx') && !imports.has('esbuild'), 'nothing is compiled at run time');
	});

	test("Ink's and React's own code is in the build, found by text only their packages hold", () => {
		const ours = sourceText(path.join(repoRoot, 'source'));
		const built = fs
			.readdirSync(buildFolder)
			.map((file) => fs.readFileSync(path.join(buildFolder, file), 'utf8'))
			.join('\n');
		for (const [file, text] of [
			['node_modules/ink/build/components/App.js', 'Raw mode is not supported on the current process.stdin'],
			['node_modules/react/cjs/react.production.js', 'react.transitional.element'],
		] as const) {
			assert.ok(fs.readFileSync(path.join(repoRoot, file), 'utf8').includes(text), `${file} no longer holds "${text}": pick another string of its own`);
			assert.ok(!ours.includes(text), `source/ holds "${text}", so finding it in the build would prove nothing`);
			assert.ok(built.includes(text), `the build lacks ${file}'s "${text}": is it still compiled in?`);
		}
	});

	test('it reads its version, its SQL and the README from the project, and loads a warehouse', async () => {
		assert.equal(run(['--version']).trim(), JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')).version);
		assert.match(run(['schema']), /songplays \(fact table\)/);
		const url = await createTestDatabase('bundle');
		const result = JSON.parse(run(['run', '--database-url', url, '--source', sampleData, '--json']).trim().split('\n').at(-1)!) as {ok: boolean; tables: Record<string, number>};
		assert.equal(result.ok, true);
		assert.equal(result.tables.songplays, 6820);
	});

	test('Ctrl-C with the settings store open and written cancels cleanly: exit 130, and the outcome is saved', async () => {
		// conf writes through atomically, whose exit hook (when-exit) would answer the signal by
		// killing the process; the build puts a hook in its place that waits for 'exit'.
		const home = path.join(makeTempDir('build-interrupt'), 'home');
		const running = startCli(['generate', '--events', '20000000', '--out', path.join(home, 'generated'), '--json'], {SPARKIFY_DWH_HOME: home});
		await running.waitFor((event) => event.type === 'progress', 'the first progress');
		running.child.kill('SIGINT');
		const end = await running.ended;
		assert.equal(end.code, 130, end.stderr);
		assert.deepEqual(end.events.at(-1), {type: 'error', code: 'cancelled', message: 'Cancelled.', hint: 'Nothing was committed: the warehouse still holds what it held before.'});
		const settings = JSON.parse(fs.readFileSync(path.join(home, 'config', 'settings.json'), 'utf8')) as {steps: Record<string, {status: string}>};
		assert.equal(settings.steps.generate?.status, 'cancelled', 'the cancelled step was written to the settings as the command ended');
	});

	test('without a build it says how to make one', () => {
		const clone = makeTempDir('unbuilt');
		fs.mkdirSync(path.join(clone, 'bin'));
		for (const file of ['sparkify-dwh.js', 'node-version.js']) fs.copyFileSync(path.join(repoRoot, 'bin', file), path.join(clone, 'bin', file));
		let failed: {status: number; stderr: string} | undefined;
		try {
			execFileSync(process.execPath, [path.join(clone, 'bin', 'sparkify-dwh.js'), '--version'], {encoding: 'utf8', stdio: 'pipe'});
		} catch (error) {
			failed = error as {status: number; stderr: string};
		}
		assert.equal(failed?.status, 1);
		assert.match(failed!.stderr, /not built yet.*\n.*npm install/);
	});
});
