// The README's sample outputs are real: each marked block (see test/support/readme-blocks.ts)
// is run with the compiled command, on the sample in test/fixtures, and must equal what it
// prints after only what varies between runs (durations, dates, ports, paths) is normalised.
// One load serves every block that reads a loaded warehouse: the quick start's own run.

import assert from 'node:assert/strict';
import {execFileSync, spawnSync} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {before, describe, test} from 'node:test';
import {type CliEnd, runCli} from '../support/cli-process.js';
import {cliEntry, repoRoot} from '../support/paths.js';
import {
	driftMessage,
	linesMatch,
	normalise,
	type OutputBlock,
	readmeOutputBlocks,
	shellPipeline,
	toolArguments,
	unmarkedTextFences,
	withoutTrailingBlanks,
} from '../support/readme-blocks.js';
import {makeTempDir} from '../support/tmp.js';
import {openTerminal, tmuxAvailable} from '../support/tmux.js';

const readme = fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
const blocks = readmeOutputBlocks(readme);
const kinds = ['first run', 'loaded', 'screen, first run', 'screen, loaded'];
const newHome = () => path.join(makeTempDir('sparkify-readme'), 'home');

/** The tool's arguments and any further stages (only jq is known) of a block's `$` line. */
function commandOf(block: OutputBlock): {args: string[]; then: string[][]} {
	assert.ok(block.command, `README.md:${block.line}: a block marked "output: ${block.kind}" starts with the \`$ sparkify-dwh …\` line it shows.`);
	const [first, ...then] = shellPipeline(block.command);
	const args = toolArguments(first!);
	assert.ok(args, `README.md:${block.line}: \`${block.command}\` is not this tool (sparkify-dwh, npx sparkify-dwh or npm start --silent --).`);
	for (const stage of then) assert.equal(stage[0], 'jq', `README.md:${block.line}: only jq may follow the command in a pipe`);
	return {args, then};
}

/** What a terminal shows: progress and messages (stderr), then the answer (stdout), through any jq stage. */
function printed(end: CliEnd, then: readonly string[][]): string {
	let stdout = end.stdout;
	for (const [program, ...args] of then) stdout = execFileSync(program!, args, {input: stdout, encoding: 'utf8'});
	return end.stderr + stdout;
}

function assertShows(block: OutputBlock, real: string, home: string): void {
	const places = {home, checkout: repoRoot};
	const expected = withoutTrailingBlanks(normalise(block.expected.join('\n')).split('\n'));
	const actual = withoutTrailingBlanks(normalise(real, places).split('\n'));
	assert.ok(linesMatch(expected, actual), driftMessage(block, expected, actual.join('\n'), real));
}

const jqMissing = spawnSync('jq', ['--version']).status !== 0;

describe('the README shows what the tool prints', () => {
	const loadedHome = newHome();
	const load = blocks.find((block) => block.kind === 'first run' && block.command !== undefined && toolArguments(shellPipeline(block.command)[0]!)?.[0] === 'run');
	let loaded: CliEnd;

	before(async () => {
		assert.ok(load, 'README.md has no block marked "output: first run" that runs `run`: the "loaded" blocks read the warehouse it loads.');
		loaded = await runCli(commandOf(load).args, {SPARKIFY_DWH_HOME: loadedHome}, {cwd: repoRoot});
		assert.equal(loaded.code, 0, `the quick start's run failed:\n${loaded.stderr}\n${loaded.stdout}`);
	});

	test('every ```text block is marked with what it shows', () => {
		assert.deepEqual(
			unmarkedTextFences(readme).map((line) => `README.md:${line}`),
			[],
			'mark each ```text block with <!-- output: … --> on the line before (see test/support/readme-blocks.ts)',
		);
		for (const block of blocks) {
			assert.ok(
				kinds.includes(block.kind) || block.kind.startsWith('not compared, '),
				`README.md:${block.line}: unknown marker "output: ${block.kind}" (known: ${kinds.join(' · ')} · not compared, <why>)`,
			);
		}
		assert.ok(blocks.filter((block) => kinds.includes(block.kind)).length >= 7, 'the README lost some of its compared blocks (or their markers)');
	});

	for (const block of blocks.filter((candidate) => candidate.kind === 'first run' || candidate.kind === 'loaded')) {
		const {then} = commandOf(block);
		test(`README.md:${block.line} \`${block.command}\``, {skip: then.length > 0 && jqMissing ? 'jq is not installed' : false}, async () => {
			if (block === load) return assertShows(block, printed(loaded, then), loadedHome);
			const home = block.kind === 'loaded' ? loadedHome : newHome();
			const end = await runCli(commandOf(block).args, {SPARKIFY_DWH_HOME: home}, {cwd: repoRoot});
			assertShows(block, printed(end, then), home);
		});
	}

	for (const block of blocks.filter((candidate) => candidate.kind.startsWith('screen, '))) {
		test(`README.md:${block.line} the screen of \`sparkify-dwh\` (${block.kind})`, {skip: tmuxAvailable() ? false : 'tmux is not installed (.ci/run installs it)'}, async () => {
			const home = block.kind === 'screen, loaded' ? loadedHome : newHome();
			if (block.kind === 'screen, loaded') {
				// The quick start ran `run` from the command line; the menu is what a home shows once
				// the wizard's first question has been answered, which is all this adds.
				const file = path.join(home, 'config', 'settings.json');
				fs.writeFileSync(file, JSON.stringify({...JSON.parse(fs.readFileSync(file, 'utf8')), target: 'local'}));
			}
			const terminal = openTerminal([process.execPath, cliEntry], {env: {SPARKIFY_DWH_HOME: home, NO_COLOR: '1'}, cwd: repoRoot});
			try {
				const expected = withoutTrailingBlanks(normalise(block.expected.join('\n')).split('\n'));
				const places = {home, checkout: repoRoot};
				// Frames come and go (a menu first says "checking…"): wait for the one the README shows.
				const deadline = Date.now() + 20_000;
				let screen = terminal.screen();
				while (!linesMatch(expected, withoutTrailingBlanks(normalise(screen, places).split('\n'))) && Date.now() < deadline) {
					await new Promise((resolve) => setTimeout(resolve, 100));
					screen = terminal.screen();
				}
				assertShows(block, screen, home);
				terminal.keys('C-c');
				await terminal.exitCode(10_000);
			} finally {
				terminal.close();
			}
		});
	}
});
