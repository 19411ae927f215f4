// The start-up bundle (bin/bundle.js) is what a terminal user runs once it is built: it must
// behave as the sources do — find sql/ and package.json from its place in node_modules/.cache,
// and load the packages it leaves out (pg, the AWS SDK) at run time.

import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {before, describe, test} from 'node:test';
// @ts-expect-error: plain JavaScript beside the entry, without type declarations.
import {buildBundle, bundleEntry, sourceStamp} from '../../bin/bundle.js';
import {createTestDatabase} from '../support/database.js';
import {sampleData} from '../support/paths.js';
import {makeTempDir} from '../support/tmp.js';

describe('the start-up bundle', () => {
	let entry: string;
	const run = (args: string[], env: NodeJS.ProcessEnv = {}) =>
		execFileSync(process.execPath, [entry, ...args], {encoding: 'utf8', env: {...process.env, SPARKIFY_DWH_HOME: path.join(makeTempDir('bundle-home'), 'home'), ...env}});

	before(async () => {
		const stamp = (sourceStamp as () => string)();
		await (buildBundle as (stamp: string) => Promise<string>)(stamp);
		entry = (bundleEntry as (stamp: string) => string)(stamp);
		assert.ok(fs.existsSync(entry));
	});

	test('it is one of few files, with Ink inside and pg outside', () => {
		const text = fs.readdirSync(path.dirname(entry)).map((name) => fs.readFileSync(path.join(path.dirname(entry), name), 'utf8')).join('\n');
		assert.match(text, /maxFps/, 'the app and Ink are compiled in');
		assert.match(text, /from\s*"pg"|import\(\s*"pg"\s*\)/, 'pg is imported at run time, not compiled in');
	});

	test('it reads its version, its SQL and the README from the project, and loads a warehouse', async () => {
		assert.equal(run(['--version']).trim(), JSON.parse(fs.readFileSync('package.json', 'utf8')).version);
		assert.match(run(['schema']), /songplays \(fact table\)/);
		const url = await createTestDatabase('bundle');
		const result = JSON.parse(run(['run', '--database-url', url, '--source', sampleData, '--json']).trim().split('\n').at(-1)!) as {ok: boolean; tables: Record<string, number>};
		assert.equal(result.ok, true);
		assert.equal(result.tables.songplays, 6820);
	});
});
