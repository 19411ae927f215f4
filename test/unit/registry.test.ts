// The command registry is the one place a command is declared: the parser, the help, the
// menu and the drawn/remembered sets are derived from it. These tests hold the derivations
// to the declarations, and the parser to each command's own options.

import assert from 'node:assert/strict';
import {test} from 'node:test';
import {commandHelp, defaultInput, helpText, parseCommandLine} from '../../source/cli/args.js';
import {options, type OptionName} from '../../source/commands/options.js';
import {commandNames, menuCommands, registry} from '../../source/commands/registry.js';
import {UserError} from '../../source/core/errors.js';

/** An example's words as a shell splits them: spaces apart, except inside double quotes. */
const shellWords = (line: string) => [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((match) => match[1] ?? match[2]!);

const usageError = (pattern: RegExp, hint?: RegExp) => (error: unknown) =>
	error instanceof UserError && error.code === 'usage' && pattern.test(error.message) && (hint === undefined || hint.test(error.hint ?? ''));

test('every command parses with each option it declares, and its input holds exactly those options', () => {
	for (const name of commandNames) {
		const declared = registry[name].options as readonly OptionName[];
		const parsed = parseCommandLine([name], {});
		assert.equal(parsed.command, name);
		const keys = Object.keys(parsed.input ?? {}).filter((key) => key !== 'argument');
		assert.deepEqual(keys.sort(), [...declared].sort(), name);
		for (const option of declared) {
			const spec = options[option];
			const argv = spec.kind === 'boolean' ? [name, `--${spec.flag}`] : [name, `--${spec.flag}`, option === 'acceptInvalidChars' ? '_' : option === 'target' ? 'local' : '3'];
			assert.doesNotThrow(() => parseCommandLine(argv, {}), `${name} --${spec.flag}`);
		}
	}
});

test("a command refuses another command's option, and says which commands take it", () => {
	assert.throws(
		() => parseCommandLine(['run', '--cidr', '10.0.0.0/8'], {}),
		usageError(/^`run` does not take --cidr\.$/, /--cidr is taken by network\. See `sparkify-dwh run --help`/),
	);
	assert.throws(() => parseCommandLine(['schema', '--target', 'local'], {}), usageError(/`schema` does not take --target/, /run, tables, etl, check, watch, analytics/));
	assert.throws(() => parseCommandLine(['teardown', '--node-type', 'ra3.large'], {}), usageError(/`teardown` does not take --node-type/, /sizing, cluster/));
	// Options of no command at all: unknown, with the nearest real one offered.
	assert.throws(() => parseCommandLine(['run', '--taget', 'local'], {}), usageError(/^Unknown option '--taget'\.$/, /Did you mean --target\?/));
	assert.throws(() => parseCommandLine(['run', '--colour'], {}), usageError(/^Unknown option '--colour'\.$/, /^See `sparkify-dwh run --help`\.$/));
});

test('an unknown command is refused with the nearest one, when one is near', () => {
	assert.throws(() => parseCommandLine(['chek'], {}), usageError(/^Unknown command "chek"\.$/, /Did you mean `sparkify-dwh check`\?/));
	assert.throws(() => parseCommandLine(['teardwon'], {}), usageError(/Unknown command/, /Did you mean `sparkify-dwh teardown`\?/));
	assert.throws(
		() => parseCommandLine(['frobnicate'], {}),
		(error: unknown) => error instanceof UserError && !/Did you mean/.test(error.hint ?? ''),
	);
});

test('the command is found after options that take values, and only the commands that declare one take a positional', () => {
	const parsed = parseCommandLine(['--database-url', 'postgres://h/db', 'check'], {});
	assert.equal(parsed.command, 'check');
	assert.ok(parsed.command === 'check' && parsed.input.databaseUrl === 'postgres://h/db');
	const asked = parseCommandLine(['analytics', 'top_songs', '--csv'], {});
	assert.ok(asked.command === 'analytics' && asked.input.argument === 'top_songs' && asked.input.csv);
	assert.throws(() => parseCommandLine(['check', 'extra'], {}), usageError(/^Unexpected argument "extra"\.$/));
	const query = parseCommandLine(['sql', 'SELECT 1', '--timeout', '5'], {});
	assert.ok(query.command === 'sql' && query.input.argument === 'SELECT 1' && query.input.timeout === 5 && !query.input.write);
	assert.throws(() => parseCommandLine(['sql', 'SELECT 1', 'SELECT 2'], {}), usageError(/^Unexpected argument "SELECT 2"\.$/));
	assert.throws(() => parseCommandLine(['serve', '--port', '70000'], {}), usageError(/--port takes a port number up to 65535/));
	assert.equal(parseCommandLine([], {}).command, undefined);
	assert.ok(parseCommandLine(['--yes'], {}).global.yes);
});

test('`help` and `help <command>` are --help and <command> --help', () => {
	const general = parseCommandLine(['help'], {});
	assert.equal(general.command, undefined);
	assert.ok(general.global.help);
	const forRun = parseCommandLine(['help', 'run'], {});
	assert.equal(forRun.command, 'run');
	assert.ok(forRun.global.help);
	assert.throws(() => parseCommandLine(['help', 'rnu'], {}), usageError(/Unknown command "rnu"/, /Did you mean `sparkify-dwh run`\?/));
});

test('defaults come from the declarations and the environment', () => {
	const run = defaultInput('run', {SPARKIFY_DWH_DATABASE_URL: 'postgres://h/db'});
	assert.equal(run.target, 'local');
	assert.equal(run.maxErrors, 0);
	assert.equal(run.databaseUrl, 'postgres://h/db');
	assert.equal(defaultInput('run', {}).databaseUrl, undefined);
});

test('the help lists every command with its summary; each command has its own help with its options and examples', () => {
	for (const name of commandNames) {
		assert.match(helpText, new RegExp(`^  ${name} +${registry[name].summary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'));
		const own = commandHelp(name);
		assert.match(own, new RegExp(`^Usage: sparkify-dwh ${name}`, 'm'));
		for (const option of registry[name].options as readonly OptionName[])
			assert.match(own, new RegExp(`--${options[option].flag}\\b`), `${name} --help names --${options[option].flag}`);
		assert.ok(registry[name].examples.length > 0, `${name} has examples`);
		for (const example of registry[name].examples) {
			assert.match(own, new RegExp(example.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
			// Every example is a command line the parser accepts.
			const argv = shellWords(example.replace(/^sparkify-dwh /, '').replace(/ [>|][^"]*$/, ''));
			assert.doesNotThrow(() => parseCommandLine(argv, {}), example);
		}
	}
	assert.doesNotMatch(commandHelp('schema'), /--target/, "a command's help lists only its own options");
});

test('the menu is derived from the registry, in its order, each entry naming a real command', () => {
	const entries = menuCommands();
	assert.deepEqual(
		entries.map((entry) => entry.command),
		commandNames.flatMap((name) => (registry[name].menu ?? []).map(() => name)),
	);
	assert.ok(entries.filter((entry) => entry.redshiftOnly).every((entry) => registry[entry.command].group === 'aws'));
	assert.deepEqual(
		entries
			.filter((entry) => entry.onTarget)
			.map((entry) => entry.command)
			.filter((name, index, all) => all.indexOf(name) === index),
		['run', 'etl', 'check', 'watch', 'analytics'],
	);
});
