// The command line: which command, which options, and the help text. Parsing only;
// nothing here touches the world.

import {parseArgs} from 'node:util';
import {UserError} from '../core/errors.js';

export const commands = [
	'run', 'tables', 'etl', 'check', 'watch', 'generate', 'profile', 'analytics', 'schema', 'status',
	'credentials', 'sizing', 'role', 'cluster', 'network', 'teardown',
] as const;

/** Commands that take one positional argument after their name (analytics [question]). */
const takesPositional = new Set<string>(['analytics']);
export type CommandName = (typeof commands)[number];

const optionSpec = {
	target: {type: 'string', default: 'local'},
	'database-url': {type: 'string'},
	source: {type: 'string'},
	'max-errors': {type: 'string', default: '0'},
	'accept-invalid-chars': {type: 'string'},
	recreate: {type: 'boolean', default: false},
	songs: {type: 'string'},
	events: {type: 'string'},
	seed: {type: 'string'},
	out: {type: 'string'},
	csv: {type: 'boolean', default: false},
	questions: {type: 'string'},
	write: {type: 'boolean', default: false},
	region: {type: 'string'},
	profile: {type: 'string'},
	'cluster-id': {type: 'string'},
	'node-type': {type: 'string'},
	nodes: {type: 'string'},
	cidr: {type: 'string'},
	'allow-world': {type: 'boolean', default: false},
	confirm: {type: 'string'},
	snapshot: {type: 'boolean', default: false},
	private: {type: 'boolean', default: false},
	yes: {type: 'boolean', short: 'y', default: false},
	json: {type: 'boolean', default: false},
	plain: {type: 'boolean', default: false},
	verbose: {type: 'boolean', default: false},
	help: {type: 'boolean', short: 'h', default: false},
	version: {type: 'boolean', short: 'V', default: false},
} as const;

export type ParsedCommandLine = {
	readonly command: CommandName | undefined;
	/** The positional argument after the command, for commands that take one. */
	readonly argument: string | undefined;
	readonly values: {
		readonly target: string;
		readonly databaseUrl: string | undefined;
		readonly source: string | undefined;
		readonly maxErrors: number;
		/** The character that replaces invalid UTF-8 (--accept-invalid-chars [CHAR], default ?); undefined: such records are rejected. */
		readonly acceptInvalidChars: string | undefined;
		readonly recreate: boolean;
		readonly songs: number | undefined;
		readonly events: number | undefined;
		readonly seed: number | undefined;
		readonly out: string | undefined;
		/** analytics: print CSV instead of tables and charts. */
		readonly csv: boolean;
		/** analytics: a folder of the user's own .sql questions. */
		readonly questions: string | undefined;
		/** schema: rewrite the README's diagram. */
		readonly write: boolean;
		readonly region: string | undefined;
		readonly profile: string | undefined;
		readonly clusterId: string | undefined;
		readonly nodeType: string | undefined;
		readonly nodes: number | undefined;
		readonly cidr: string | undefined;
		readonly allowWorld: boolean;
		/** teardown without a terminal: the cluster id, typed out, as consent. */
		readonly confirm: string | undefined;
		readonly snapshot: boolean;
		/** cluster: not publicly accessible (reachable only from inside its VPC). */
		readonly private: boolean;
		readonly yes: boolean;
		readonly json: boolean;
		readonly plain: boolean;
		readonly verbose: boolean;
		readonly help: boolean;
		readonly version: boolean;
	};
};

function wholeNumber(flag: string, text: string | undefined, minimum = 0): number | undefined {
	if (text === undefined) return undefined;
	const trimmed = text.trim();
	if (!/^\d+$/.test(trimmed) || Number(trimmed) < minimum || !Number.isSafeInteger(Number(trimmed))) {
		throw new UserError(`--${flag} takes a whole number${minimum > 0 ? ` of at least ${minimum}` : ''}, not "${text}".`, {hint: 'See `sparkify-dwh --help`.', code: 'usage'});
	}
	return Number(trimmed);
}

/**
 * --accept-invalid-chars takes its character optionally, as Redshift's ACCEPTINVCHARS does:
 * alone it means "?", and a following one-character word is its character.
 */
function withOptionalValues(argv: readonly string[]): string[] {
	const out: string[] = [];
	for (let index = 0; index < argv.length; index++) {
		const arg = argv[index]!;
		if (arg !== '--accept-invalid-chars') {
			out.push(arg);
			continue;
		}
		const next = argv[index + 1];
		if (next !== undefined && [...next].length === 1 && next !== '-') {
			out.push(`${arg}=${next}`);
			index++;
		} else {
			out.push(`${arg}=?`);
		}
	}
	return out;
}

function replacementChar(text: string | undefined): string | undefined {
	if (text === undefined) return undefined;
	if (!/^[\x20-\x7e]$/.test(text)) {
		throw new UserError(`--accept-invalid-chars takes one printable ASCII character, not "${text}".`, {hint: 'For example --accept-invalid-chars ? (the default) or --accept-invalid-chars _.', code: 'usage'});
	}
	return text;
}

export function parseCommandLine(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): ParsedCommandLine {
	let parsed;
	try {
		parsed = parseArgs({args: withOptionalValues(argv), options: optionSpec, allowPositionals: true, strict: true});
	} catch (error) {
		throw new UserError((error as Error).message.replace(/\. To specify a positional.*$/s, '.'), {hint: 'See `sparkify-dwh --help`.', code: 'usage'});
	}
	const [name, ...extra] = parsed.positionals;
	if (name !== undefined && !(commands as readonly string[]).includes(name)) {
		throw new UserError(`Unknown command "${name}".`, {hint: `Commands: ${commands.join(', ')}. See \`sparkify-dwh --help\`.`, code: 'usage'});
	}
	const argument = name !== undefined && takesPositional.has(name) ? extra.shift() : undefined;
	if (extra.length > 0) throw new UserError(`Unexpected argument "${extra[0]}".`, {hint: 'See `sparkify-dwh --help`.', code: 'usage'});
	const values = parsed.values;
	return {
		command: name as CommandName | undefined,
		argument,
		values: {
			target: values.target,
			databaseUrl: values['database-url'] ?? (env.SPARKIFY_DWH_DATABASE_URL || undefined),
			source: values.source,
			maxErrors: wholeNumber('max-errors', values['max-errors']) ?? 0,
			acceptInvalidChars: replacementChar(values['accept-invalid-chars']),
			recreate: values.recreate,
			songs: wholeNumber('songs', values.songs, 1),
			events: wholeNumber('events', values.events),
			seed: wholeNumber('seed', values.seed),
			out: values.out,
			csv: values.csv,
			questions: values.questions,
			write: values.write,
			region: values.region?.trim() || undefined,
			profile: values.profile?.trim() || undefined,
			clusterId: values['cluster-id']?.trim() || undefined,
			nodeType: values['node-type']?.trim() || undefined,
			nodes: wholeNumber('nodes', values.nodes, 1),
			cidr: values.cidr?.trim() || undefined,
			allowWorld: values['allow-world'],
			confirm: values.confirm?.trim() || undefined,
			snapshot: values.snapshot,
			private: values.private,
			yes: values.yes,
			json: values.json,
			plain: values.plain,
			verbose: values.verbose,
			help: values.help,
			version: values.version,
		},
	};
}

export const helpText = `sparkify-dwh — from raw Sparkify JSON to a loaded, checked star schema

Usage: sparkify-dwh [command] [options]
       (no command in a terminal: the guided wizard on a first run, the menu afterwards)

Warehouse commands:
  run          the whole pipeline: tables, load, quality checks
  tables       create the staging tables and the star schema (--recreate drops them first)
  etl          load the source into staging and rebuild the star schema, in one transaction
  check        row counts of every table and the data-quality checks
  watch        follow a load that is running now (from another terminal)
  analytics    [question] canned questions as tables and bar charts (--csv, --json)
  profile      what the source holds, before loading it
  schema       the star schema as a diagram (--write puts it in README.md)
  generate     write synthetic data laid out like the public bucket
  status       what has been done, checked against AWS

AWS commands (in this order the first time; each remembers its answers):
  credentials  check the AWS identity (--profile, --region)
  sizing       node types the region offers and what they cost (--node-type, --nodes)
  role         the IAM role Redshift uses to read the source bucket
  cluster      create the cluster and wait until it takes connections (--private)
  network      open its port to this machine (--cidr; 0.0.0.0/0 needs --allow-world)
  teardown     delete everything this tool made (--confirm <cluster-id>, --snapshot)

Warehouse:
  --target local|redshift  the embedded PostgreSQL (default) or the cluster set up above
  --database-url URL       any PostgreSQL instead (or SPARKIFY_DWH_DATABASE_URL)

Source:
  --source DIR|s3://…      a folder laid out like the bucket (song_data/, log_data/,
                           log_json_path.json), or an S3 location (default locally: a
                           generated sample; on Redshift: s3://udacity-dend/)
  --max-errors N           bad records tolerated before the load fails (default 0)
  --accept-invalid-chars [C]  replace invalid UTF-8 with C (default ?) instead of
                           rejecting the record, like Redshift's ACCEPTINVCHARS

AWS:
  --profile NAME --region NAME --cluster-id ID --node-type TYPE --nodes N
  --cidr A.B.C.D/N --allow-world --private --confirm ID --snapshot

Other:
  --songs N --events N --seed N --out DIR   (generate)
  --questions DIR          your own analytics .sql files (default <home>/analytics)
  --csv                    analytics as CSV

Output:
  -y, --yes                do not ask before replacing a load or creating a cluster
  --json                   one JSON object per line on stdout (check: a single object)
  --plain                  plain lines (the default without a terminal)
  --verbose                more detail
  -h, --help               this text
  -V, --version            the version

Exit codes: 0 ok, 1 failed, 2 bad usage, 3 quality checks failed, 4 declined (answered no), 130 cancelled (Ctrl-C).
Settings, logs and the embedded warehouse live in SPARKIFY_DWH_HOME
(default ~/.local/share/sparkify-dwh). NO_COLOR is honoured.
`;
