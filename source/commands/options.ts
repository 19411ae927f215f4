// Every option the command line knows, each declared once: its flag, what it holds, how its
// text becomes a value, and its line of help. Commands pick the ones they take (registry.ts);
// the parser, the help and the typed input each command receives all come from here.

import {UserError} from '../core/errors.js';

export type OptionSpec<Value> = {
	/** The long flag without its dashes: `cluster-id`. */
	readonly flag: string;
	readonly short?: string;
	/** A string option takes a value; a boolean one is a switch. */
	readonly kind: 'string' | 'boolean';
	/** What the value looks like in help: `ID`, `local|redshift`. */
	readonly placeholder?: string;
	readonly help: string;
	/** The value may be left out after the flag (--accept-invalid-chars [C]): this is used then. */
	readonly valueWhenBare?: string;
	/** From what the command line (or, when absent, the environment) said to the command's value. */
	readonly parse: (given: string | boolean | undefined, env: NodeJS.ProcessEnv) => Value;
};

type ValueOf<Option> = Option extends OptionSpec<infer Value> ? Value : never;

const usageHint = (command = '') => `See \`sparkify-dwh ${command ? `${command} ` : ''}--help\`.`;

/** A text value; blank counts as not given. `trim: false` keeps a path exactly as typed. */
function text(flag: string, placeholder: string, help: string, options: {trim?: boolean; env?: string} = {}): OptionSpec<string | undefined> {
	return {
		flag,
		kind: 'string',
		placeholder,
		help,
		parse(given, env) {
			const raw = typeof given === 'string' ? given : options.env ? env[options.env] : undefined;
			if (raw === undefined) return undefined;
			if (options.trim === false) return raw === '' ? undefined : raw;
			return raw.trim() || undefined;
		},
	};
}

function textWithDefault(flag: string, placeholder: string, help: string, fallback: string): OptionSpec<string> {
	return {flag, kind: 'string', placeholder, help, parse: (given) => (typeof given === 'string' ? given : fallback)};
}

function wholeNumber(flag: string, text: string, minimum = 0): number {
	const trimmed = text.trim();
	if (!/^\d+$/.test(trimmed) || Number(trimmed) < minimum || !Number.isSafeInteger(Number(trimmed))) {
		throw new UserError(`--${flag} takes a whole number${minimum > 0 ? ` of at least ${minimum}` : ''}, not "${text}".`, {hint: usageHint(), code: 'usage'});
	}
	return Number(trimmed);
}

function count(flag: string, placeholder: string, help: string, minimum = 0): OptionSpec<number | undefined> {
	return {flag, kind: 'string', placeholder, help, parse: (given) => (typeof given === 'string' ? wholeNumber(flag, given, minimum) : undefined)};
}

function countWithDefault(flag: string, placeholder: string, help: string, fallback: number): OptionSpec<number> {
	return {flag, kind: 'string', placeholder, help, parse: (given) => (typeof given === 'string' ? wholeNumber(flag, given) : fallback)};
}

function toggle(flag: string, help: string, short?: string): OptionSpec<boolean> {
	return {flag, kind: 'boolean', help, ...(short ? {short} : {}), parse: (given) => given === true};
}

/** The options commands take (each command lists its own in the registry). */
export const options = {
	target: textWithDefault('target', 'local|redshift', 'the embedded PostgreSQL (default) or the cluster the AWS steps made', 'local'),
	databaseUrl: text('database-url', 'URL', 'any PostgreSQL instead (or SPARKIFY_DWH_DATABASE_URL)', {env: 'SPARKIFY_DWH_DATABASE_URL'}),
	source: text('source', 'DIR|s3://…', 'a folder laid out like the bucket (song_data/, log_data/, log_json_path.json) or an S3 location', {trim: false}),
	maxErrors: countWithDefault('max-errors', 'N', 'bad records tolerated before the load fails (default 0)', 0),
	acceptInvalidChars: {
		flag: 'accept-invalid-chars',
		kind: 'string',
		placeholder: '[C]',
		help: "replace invalid UTF-8 with C (default ?) instead of rejecting the record, like Redshift's ACCEPTINVCHARS",
		// Optional, as Redshift's ACCEPTINVCHARS is: alone it means "?".
		valueWhenBare: '?',
		parse(given) {
			if (typeof given !== 'string') return undefined;
			if (!/^[\x20-\x7e]$/.test(given)) {
				throw new UserError(`--accept-invalid-chars takes one printable ASCII character, not "${given}".`, {
					hint: 'For example --accept-invalid-chars ? (the default) or --accept-invalid-chars _.',
					code: 'usage',
				});
			}
			return given;
		},
	} satisfies OptionSpec<string | undefined>,
	recreate: toggle('recreate', 'drop every table first (asks; --yes agrees)'),
	songs: count('songs', 'N', 'songs to generate (default 1000)', 1),
	events: count('events', 'N', 'events to generate (default 20000)'),
	seed: count('seed', 'N', 'the generator seed (default 42): the same seed, the same files'),
	out: text('out', 'DIR', 'where to write (default under SPARKIFY_DWH_HOME)', {trim: false}),
	csv: toggle('csv', 'answers as CSV'),
	questions: text('questions', 'DIR', 'your own .sql questions (default <home>/analytics)', {trim: false}),
	write: toggle('write', 'schema: put the diagram in README.md; sql: allow statements that change data (asks; --yes agrees)'),
	file: text('file', 'FILE', 'read the query from FILE (else the argument, else standard input)', {trim: false}),
	maxRows: count('max-rows', 'N', 'fetch at most N rows of the answer (the rest stays on the server; default: all)', 1),
	timeout: countWithDefault('timeout', 'SECONDS', 'cancel the query on the server after SECONDS (default 300; 0: no limit)', 300),
	port: {
		flag: 'port',
		kind: 'string',
		placeholder: 'N',
		help: 'start the embedded PostgreSQL on port N (default: a free port; refused when it already runs elsewhere)',
		parse(given) {
			if (typeof given !== 'string') return undefined;
			const port = wholeNumber('port', given, 1);
			if (port > 65535) throw new UserError(`--port takes a port number up to 65535, not "${given}".`, {hint: usageHint(), code: 'usage'});
			return port;
		},
	} satisfies OptionSpec<number | undefined>,
	showPassword: toggle('show-password', 'print the passwords too (else they stay in the 0600 password file)'),
	region: text('region', 'NAME', 'the AWS region (else AWS_REGION, else the remembered one)'),
	profile: text('profile', 'NAME', 'the AWS profile (else AWS_PROFILE, else the remembered one)'),
	clusterId: text('cluster-id', 'ID', 'the cluster (default: the remembered one, else sparkify-dwh)'),
	nodeType: text('node-type', 'TYPE', 'the node type, e.g. ra3.large'),
	nodes: count('nodes', 'N', 'how many nodes', 1),
	cidr: text('cidr', 'A.B.C.D/N', 'who may connect (default: this machine’s public address)'),
	allowWorld: toggle('allow-world', 'allow a --cidr wider than a /16 (0.0.0.0/0: the whole internet)'),
	confirm: text('confirm', 'ID', 'the cluster id, typed out: consent without a terminal'),
	snapshot: toggle('snapshot', 'keep a final snapshot (billed for storage until deleted)'),
	private: toggle('private', 'not publicly accessible: reachable only from inside its VPC'),
	printPassword: toggle('print-password', 'fetch a temporary database password (GetClusterCredentials, valid 1 hour) and print it once'),
} as const;

/** The options every command takes: how to talk, not what to do. */
export const globalOptions = {
	yes: toggle('yes', 'do not ask before replacing a load or creating a cluster', 'y'),
	json: toggle('json', 'one JSON object per line on stdout (check: a single object)'),
	plain: toggle('plain', 'plain lines (the default without a terminal)'),
	verbose: toggle('verbose', 'more detail'),
	help: toggle('help', 'this text', 'h'),
	version: toggle('version', 'the version', 'V'),
} as const;

export type OptionName = keyof typeof options;
export type GlobalValues = {readonly [Name in keyof typeof globalOptions]: ValueOf<(typeof globalOptions)[Name]>};

/** What a command receives for the options it lists: each one's parsed value, by name. */
export type InputFrom<Names extends OptionName> = {readonly [Name in Names]: ValueOf<(typeof options)[Name]>};

/** The help line's left column: `--cluster-id ID`, `-y, --yes`. */
export function optionUsage(option: OptionSpec<unknown>): string {
	const long = `--${option.flag}${option.placeholder ? ` ${option.placeholder}` : ''}`;
	return option.short ? `-${option.short}, ${long}` : long;
}
