// What to do after a load (run, etl): the commands that fit the warehouse it went to, and the
// one command line that does the same load again (what the wizard chose, spelled as flags).
// Pure: the outcome's summary and its --json data are both made from it.

import {redact} from '../core/redact.js';

export type LoadChoices = {
	readonly command: 'run' | 'etl';
	readonly target: string;
	readonly databaseUrl?: string | undefined;
	readonly source?: string | undefined;
	readonly maxErrors: number;
	readonly acceptInvalidChars?: string | undefined;
	readonly recreate?: boolean;
	readonly region?: string | undefined;
	readonly profile?: string | undefined;
	readonly clusterId?: string | undefined;
};

export type NextSteps = {
	/** Each a command line and what it is for, in a word or two. */
	readonly next: ReadonlyArray<{readonly command: string; readonly what: string}>;
	/** The command line that repeats this load, without asking. */
	readonly repeat: string;
};

/** A word the shell leaves as it is, else single-quoted. */
function shellWord(word: string): string {
	return /^[\w@%+=:,./~-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

function repeatLine(choices: LoadChoices): string {
	const words = ['sparkify-dwh', choices.command];
	const flag = (name: string, value: string | undefined) => {
		if (value !== undefined) words.push(`--${name}`, shellWord(value));
	};
	flag('source', choices.source);
	// A URL's password is never printed: it shows as redacted, to be filled in.
	if (choices.databaseUrl) flag('database-url', redact(choices.databaseUrl));
	else flag('target', choices.target);
	flag('cluster-id', choices.clusterId);
	flag('region', choices.region);
	flag('profile', choices.profile);
	if (choices.maxErrors > 0) flag('max-errors', String(choices.maxErrors));
	flag('accept-invalid-chars', choices.acceptInvalidChars);
	if (choices.recreate) words.push('--recreate');
	words.push('--yes');
	return words.join(' ');
}

export function nextSteps(choices: LoadChoices): NextSteps {
	const url = choices.databaseUrl;
	const on = url ? ` --database-url ${shellWord(redact(url))}` : choices.target === 'local' ? '' : ` --target ${choices.target}`;
	const next = [
		{command: `sparkify-dwh analytics${on}`, what: 'questions'},
		{command: `sparkify-dwh sql "SELECT COUNT(*) FROM users"${on}`, what: 'your query'},
	];
	// The embedded server stops with the command: `serve` keeps it up (its port is not worth printing now).
	if (!url && choices.target === 'local') next.push({command: 'sparkify-dwh serve', what: 'psql, BI tools'});
	if (!url && choices.target === 'redshift') {
		next.push(
			{command: 'sparkify-dwh connect', what: 'your client'},
			{command: 'sparkify-dwh pause', what: 'stop compute'},
			{command: 'sparkify-dwh teardown', what: 'delete it all'},
		);
	}
	next.push({command: `sparkify-dwh watch${on}`, what: 'follow loads'});
	return {next, repeat: repeatLine(choices)};
}

/** Wider than this, the repeated command is broken before its options with the shell's `\`. */
const commandWidth = 78;

/**
 * A command line that fits: broken before an option, each piece but the last ending in ` \`,
 * so that the lines copied together are still one command for the shell. Never cut.
 */
function shellLines(command: string, indent = '  '): string[] {
	if (indent.length + command.length <= commandWidth) return [indent + command];
	const pieces = command.split(/ (?=--)/);
	const lines: string[] = [];
	let line = indent + pieces[0]!;
	for (const piece of pieces.slice(1)) {
		if (line.length + 1 + piece.length + 2 <= commandWidth) line += ` ${piece}`;
		else {
			lines.push(`${line} \\`);
			line = `${indent}  ${piece}`;
		}
	}
	return [...lines, line];
}

/** The summary's closing lines (under 80 columns but for long paths): what and the command, then the load's own line. */
export function nextStepLines({next, repeat}: NextSteps): string[] {
	const width = Math.max(...next.map((step) => step.what.length));
	return ['Next:', ...next.map((step) => `  ${step.what.padEnd(width)}  ${step.command}`), 'This load again:', ...shellLines(repeat)];
}
