// Every --flag a hint tells the user to pass, and every --flag in a README example of the
// command, is one the command line accepts: a hint naming a flag that does not exist
// (`--role-name`, once) sends the user nowhere.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {test} from 'node:test';
import {parseCommandLine} from '../../source/cli/args.js';
import {repoRoot} from '../support/paths.js';

const flagPattern = /(?<![\w-])--[a-z][a-z0-9-]*/g;

function sourceFiles(folder: string): string[] {
	return fs.readdirSync(folder, {withFileTypes: true}).flatMap((entry) => {
		const full = path.join(folder, entry.name);
		return entry.isDirectory() ? sourceFiles(full) : /\.tsx?$/.test(entry.name) ? [full] : [];
	});
}

/** True when the command line knows the flag (a string flag without its value still counts). */
function isKnown(flag: string): boolean {
	try {
		parseCommandLine(['status', flag], {});
		return true;
	} catch (error) {
		return !/Unknown option/i.test((error as Error).message);
	}
}

test('the check itself: a flag that does not exist is caught', () => {
	assert.equal(isKnown('--role-name'), false);
	assert.equal(isKnown('--cluster-id'), true);
	assert.equal(isKnown('--allow-world'), true);
});

test('every --flag named in a hint exists', () => {
	const unknown: string[] = [];
	for (const file of sourceFiles(path.join(repoRoot, 'source'))) {
		const lines = fs.readFileSync(file, 'utf8').split('\n');
		lines.forEach((line, index) => {
			// Hints, and the "Run `sparkify-dwh …`" sentences that messages carry.
			if (!/hint|sparkify-dwh [a-z]/.test(line)) return;
			// Another program's flags (aws CLI, initdb) are not ours to check.
			const ours = line.replace(/\(aws [^)]*\)|aws [a-z0-9-]+ [a-z-]+[^'`]*/g, '');
			for (const flag of ours.match(flagPattern) ?? []) if (!isKnown(flag)) unknown.push(`${path.relative(repoRoot, file)}:${index + 1} ${flag}`);
		});
	}
	assert.deepEqual(unknown, []);
});

test('every --flag in a README example of the command exists', () => {
	const unknown: string[] = [];
	fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8')
		.split('\n')
		.forEach((line, index) => {
			if (!/sparkify-dwh( [a-z]+)?( |`|$)/.test(line)) return;
			const ours = line.replace(/\(aws [^)]*\)|`aws [^`]*`|\baws [a-z0-9-]+ [a-z-]+ .*$|npm run bench[^`]*/g, '');
			for (const flag of ours.match(flagPattern) ?? []) if (!isKnown(flag)) unknown.push(`README.md:${index + 1} ${flag}`);
		});
	assert.deepEqual(unknown, []);
});
