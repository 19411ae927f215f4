// On a Node the tool does not support, `npm test` (its pretest, bin/require-node.js) and the
// command itself (bin/sparkify-dwh.js) say in one sentence which Node to use and how to get
// it, instead of Node's own "bad option" or a syntax error. The old Node is faked: the
// scripts are run on this Node with process.versions.node set to another version first.

import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {describe, test} from 'node:test';
import {isSupportedNode} from '../../bin/node-version.js';
import {repoRoot} from '../support/paths.js';

const fakeVersion = (version: string) => `data:text/javascript,Object.defineProperty(process.versions, 'node', {value: ${JSON.stringify(version)}})`;

function runAs(version: string, script: string, args: string[] = []) {
	const run = spawnSync(process.execPath, ['--import', fakeVersion(version), path.join(repoRoot, 'bin', script), ...args], {encoding: 'utf8', cwd: repoRoot});
	return {code: run.status, stdout: run.stdout, stderr: run.stderr};
}

const engines = (JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {engines: {node: string}}).engines.node;

/** package.json's engines range, read for the two forms it uses (`^M.m` and `>=M.m`). */
function enginesAllow(version: string): boolean {
	const [major, minor] = version.split('.').map(Number) as [number, number];
	return engines.split('||').some((range) => {
		const match = /^\s*(\^|>=)(\d+)\.(\d+)\s*$/.exec(range);
		assert.ok(match, `engines holds a range this test does not read: "${range}"`);
		const [wantMajor, wantMinor] = [Number(match[2]), Number(match[3])];
		return match[1] === '^' ? major === wantMajor && minor >= wantMinor : major > wantMajor || (major === wantMajor && minor >= wantMinor);
	});
}

describe('an unsupported Node is refused in one sentence', () => {
	test('the gate is exactly package.json engines, and the README states engines as they are', () => {
		for (let major = 18; major <= 27; major++) {
			for (let minor = 0; minor <= 30; minor++) assert.equal(isSupportedNode(`${major}.${minor}.0`), enginesAllow(`${major}.${minor}.0`), `${major}.${minor}.0`);
		}
		assert.ok(fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8').includes(`(\`engines\`: \`${engines}\`)`), `the README's quick start names engines as ${engines}`);
	});

	for (const version of ['20.20.2', '22.21.0', '24.14.1']) {
		test(`npm test on Node ${version} says which Node to use`, () => {
			const run = runAs(version, 'require-node.js');
			assert.equal(run.code, 1);
			assert.equal(run.stdout, '');
			assert.equal(
				run.stderr,
				`The tests need Node.js 22.22+ (in the 22 line) or 24.15+, and this is Node.js ${version}.\n` +
					'  What to do: install the current LTS (Node.js 24), or run them once with: npx --yes -p node@24 -- npm test\n',
			);
		});
	}

	test('a supported Node passes the pretest silently', () => {
		for (const version of ['22.22.0', '24.15.0', '26.0.0']) assert.deepEqual(runAs(version, 'require-node.js'), {code: 0, stdout: '', stderr: ''}, version);
	});

	test('the command refuses too, and with --json its one line is the error', () => {
		const plain = runAs('20.20.2', 'sparkify-dwh.js', ['--version']);
		assert.equal(plain.code, 1);
		assert.equal(plain.stdout, '');
		assert.match(
			plain.stderr,
			/^✖ sparkify-dwh needs Node\.js 22\.22\+ \(in the 22 line\) or 24\.15\+, and this is Node\.js 20\.20\.2\.\n {2}What to do: .*npx --yes -p node@24 -- node bin\/sparkify-dwh\.js\n$/,
		);
		const json = runAs('20.20.2', 'sparkify-dwh.js', ['check', '--json']);
		assert.equal(json.code, 1);
		assert.equal(json.stderr, '');
		const lines = json.stdout.trim().split('\n');
		assert.equal(lines.length, 1);
		assert.deepEqual(Object.keys(JSON.parse(lines[0]!) as object), ['type', 'code', 'message', 'hint']);
		assert.equal((JSON.parse(lines[0]!) as {code: string}).code, 'node_unsupported');
	});
});
