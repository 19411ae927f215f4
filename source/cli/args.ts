// The command line, read against the registry: which command, and the typed input made of
// the options that command takes (any other command's option is refused, by name). The help
// is written from the registry too. Parsing only; nothing here touches the world.

import {parseArgs} from 'node:util';
import {UserError} from '../core/errors.js';
import {globalOptions, optionUsage, options, type GlobalValues, type OptionName, type OptionSpec} from '../commands/options.js';
import {commandNames, isCommandName, registry, type CommandCall, type CommandName, type InputOf} from '../commands/registry.js';

export type ParsedCommand = CommandCall;

/** No command: the app (or the plain wizard); `source` is the data it loads this session (`sparkify-dwh --source DIR`). */
type NoCommand = {readonly command: undefined; readonly input?: undefined; readonly source?: string};

export type ParsedCommandLine = (ParsedCommand | NoCommand) & {readonly global: GlobalValues};

type AnyOption = OptionSpec<unknown>;
const everyOption: ReadonlyArray<readonly [string, AnyOption]> = [...Object.entries(options), ...Object.entries(globalOptions)];
const byFlag = new Map<string, AnyOption>(everyOption.map(([, option]) => [option.flag, option]));

const seeHelp = (command?: string) => `See \`sparkify-dwh ${command ? `${command} ` : ''}--help\`.`;

/** The commands that take an option, for "--cidr goes with network". */
function commandsTaking(flag: string): CommandName[] {
	return commandNames.filter((name) => (registry[name].options as readonly OptionName[]).some((option) => options[option].flag === flag));
}

/** An option whose value may be left out gets it filled in, so the parser sees `--flag=value`. */
function fillBareValues(argv: readonly string[]): string[] {
	const out: string[] = [];
	for (let index = 0; index < argv.length; index++) {
		const arg = argv[index]!;
		const bare = arg.startsWith('--') ? byFlag.get(arg.slice(2))?.valueWhenBare : undefined;
		if (bare === undefined) {
			out.push(arg);
			continue;
		}
		// A following one-character word is its value (`--accept-invalid-chars _`).
		const next = argv[index + 1];
		if (next !== undefined && [...next].length === 1 && next !== '-') {
			out.push(`${arg}=${next}`);
			index++;
		} else {
			out.push(`${arg}=${bare}`);
		}
	}
	return out;
}

/** The first word that is neither an option nor an option's value: the command's name. */
function commandWord(argv: readonly string[]): string | undefined {
	for (let index = 0; index < argv.length; index++) {
		const arg = argv[index]!;
		if (arg === '--') return argv[index + 1];
		if (!arg.startsWith('-') || arg === '-') return arg;
		if (arg.startsWith('--') && !arg.includes('=') && byFlag.get(arg.slice(2))?.kind === 'string') index++;
	}
	return undefined;
}

/** Edit distance counting a swap of two neighbours as one (`rnu` is one slip from `run`), for "did you mean". */
function distance(a: string, b: string): number {
	const rows = Array.from({length: a.length + 1}, (_, i) => Array.from({length: b.length + 1}, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
	for (let i = 1; i <= a.length; i++) {
		for (let j = 1; j <= b.length; j++) {
			const cost = a[i - 1] === b[j - 1] ? 0 : 1;
			let best = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
			if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, rows[i - 2]![j - 2]! + 1);
			rows[i]![j] = best;
		}
	}
	return rows[a.length]![b.length]!;
}

function closest(word: string, candidates: readonly string[]): string | undefined {
	const ranked = candidates.map((candidate) => ({candidate, cost: distance(word.toLowerCase(), candidate)})).sort((a, b) => a.cost - b.cost);
	const best = ranked[0];
	return best && best.cost <= Math.max(1, Math.floor(best.candidate.length / 3)) ? best.candidate : undefined;
}

function unknownOption(flag: string, command: string | undefined): UserError {
	const takers = commandsTaking(flag.replace(/^--/, ''));
	if (takers.length > 0) {
		const where = command ? `\`${command}\` does not take ${flag}` : `${flag} goes with a command`;
		return new UserError(`${where}.`, {hint: `${flag} is taken by ${takers.join(', ')}. ${seeHelp(command)}`, code: 'usage'});
	}
	const known = [...byFlag.keys()].map((name) => `--${name}`);
	const guess = closest(flag, known);
	return new UserError(`Unknown option '${flag}'.`, {hint: `${guess ? `Did you mean ${guess}? ` : ''}${seeHelp(command)}`, code: 'usage'});
}

function parseOptions(args: readonly string[], taken: ReadonlyArray<readonly [string, AnyOption]>, command: string | undefined) {
	const spec = Object.fromEntries(taken.map(([, option]) => [option.flag, {type: option.kind, ...(option.short ? {short: option.short} : {})}]));
	try {
		return parseArgs({args: [...args], options: spec, allowPositionals: true, strict: true});
	} catch (error) {
		const message = (error as Error).message;
		const unknown = /^Unknown option '([^']+)'/.exec(message);
		if (unknown) throw unknownOption(unknown[1]!, command);
		throw new UserError(message.replace(/\. To specify a positional.*$/s, '.'), {hint: seeHelp(command), code: 'usage'});
	}
}

function globalValues(values: Record<string, unknown>, env: NodeJS.ProcessEnv): GlobalValues {
	const read = <Name extends keyof typeof globalOptions>(name: Name) => globalOptions[name].parse(values[globalOptions[name].flag] as boolean | undefined, env);
	return {yes: read('yes'), json: read('json'), plain: read('plain'), verbose: read('verbose'), help: read('help'), version: read('version')};
}

/** `help` and `help <command>` are `--help` and `<command> --help`, as git and npm have them. */
function helpWord(args: readonly string[]): string[] {
	const at = args.indexOf('help');
	if (at === -1 || commandWord(args) !== 'help') return [...args];
	return [...args.filter((_, index) => index !== at), '--help'];
}

export function parseCommandLine(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): ParsedCommandLine {
	const args = helpWord(fillBareValues(argv));
	const word = commandWord(args);
	if (word === undefined) {
		// The app takes the data to load, as `run` does: the one command option that means something before a command is chosen.
		const parsed = parseOptions(args, [['source', options.source], ...Object.entries(globalOptions)], undefined);
		const source = options.source.parse(parsed.values[options.source.flag] as string | undefined, env);
		return {command: undefined, global: globalValues(parsed.values, env), ...(source ? {source} : {})};
	}
	if (!isCommandName(word)) {
		const guess = closest(word, commandNames);
		throw new UserError(`Unknown command "${word}".`, {
			hint: `${guess ? `Did you mean \`sparkify-dwh ${guess}\`? ` : ''}Commands: ${commandNames.join(', ')}. ${seeHelp()}`,
			code: 'usage',
		});
	}
	const spec = registry[word];
	const taken = (spec.options as readonly OptionName[]).map((name) => [name, options[name] as AnyOption] as const);
	const parsed = parseOptions(args, [...taken, ...Object.entries(globalOptions)], word);
	const [, ...extra] = parsed.positionals;
	const argument = spec.positional ? extra.shift() : undefined;
	if (extra.length > 0) throw new UserError(`Unexpected argument "${extra[0]}".`, {hint: seeHelp(word), code: 'usage'});
	const input: Record<string, unknown> = Object.fromEntries(taken.map(([name, option]) => [name, option.parse(parsed.values[option.flag], env)]));
	if (spec.positional) input.argument = argument;
	// The registry says which options this command takes; the object built from them is its input.
	return {command: word, input, global: globalValues(parsed.values, env)} as ParsedCommandLine;
}

/** A command's input when nothing is given: each option's default (and the environment's). */
export function defaultInput<Name extends CommandName>(name: Name, env: NodeJS.ProcessEnv): InputOf<Name> {
	const parsed = parseCommandLine([name], env);
	return parsed.input as InputOf<Name>;
}

function optionLines(entries: ReadonlyArray<AnyOption>): string[] {
	const width = Math.max(...entries.map((option) => optionUsage(option).length)) + 2;
	return entries.map((option) => `  ${optionUsage(option).padEnd(width)}${option.help}`);
}

function commandList(group: 'warehouse' | 'aws'): string[] {
	return commandNames.filter((name) => registry[name].group === group).map((name) => `  ${name.padEnd(12)} ${registry[name].summary}`);
}

export const helpText = [
	'sparkify-dwh — from raw Sparkify JSON to a loaded, checked star schema',
	'',
	'Usage: sparkify-dwh [command] [options]',
	'       (no command in a terminal: the guided wizard on a first run, the menu afterwards;',
	'        with --source DIR|s3://…, its loads read that data this session)',
	'',
	'Warehouse commands:',
	...commandList('warehouse'),
	'',
	'AWS commands (in this order the first time; each remembers its answers):',
	...commandList('aws'),
	'',
	'Every command:',
	...optionLines(Object.values(globalOptions)),
	'',
	"`sparkify-dwh <command> --help` lists a command's own options, with examples.",
	'Exit codes: 0 ok, 1 failed, 2 bad usage, 3 quality checks failed, 4 declined (answered no), 130 cancelled (Ctrl-C).',
	'Settings, logs and the embedded warehouse live in SPARKIFY_DWH_HOME',
	'(default ~/.local/share/sparkify-dwh). NO_COLOR is honoured.',
	'',
].join('\n');

export function commandHelp(name: CommandName): string {
	const spec = registry[name];
	const positional = spec.positional ? ` [${spec.positional.name}]` : '';
	const own = (spec.options as readonly OptionName[]).map((option) => options[option] as AnyOption);
	return [
		`sparkify-dwh ${name} — ${spec.summary}`,
		'',
		`Usage: sparkify-dwh ${name}${positional} [options]`,
		...(spec.positional ? ['', `  ${spec.positional.name.padEnd(12)} ${spec.positional.help}`] : []),
		'',
		...(own.length > 0 ? ['Options:', ...optionLines(own), ''] : []),
		'Every command:',
		...optionLines(Object.values(globalOptions)),
		'',
		'Examples:',
		...spec.examples.map((example) => `  ${example}`),
		'',
	].join('\n');
}
