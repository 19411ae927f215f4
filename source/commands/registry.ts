// Every command, declared once: what it is called and does, the options it takes, whether the
// Ink app draws it, whether its outcome is remembered, whether it destroys something, where
// it sits in the menu, and its handler (imported only when the command runs). The parser,
// the help, the dispatch, the drawn and remembered sets and the menu all derive from this.
// A new command is one entry here plus its handler.

import type {Context} from '../core/context.js';
import type {FrontEnd} from '../core/front-end.js';
import type {InputFrom, OptionName} from './options.js';

export type CommandIo<Result> = {
	readonly ctx: Context;
	readonly frontEnd: FrontEnd;
	readonly signal: AbortSignal;
	/** Raw output, such as CSV: stdout for the command line, the screen for the app. */
	readonly write: (text: string) => void;
	/** --json was given (a command that prints raw output may refuse to mix the two). */
	readonly json: boolean;
	/** The command's outcome: told to the front end, and handed back to whoever ran the command. */
	outcome(outcome: {readonly ok: boolean; readonly data: Result; readonly summary: readonly string[]}): void;
};

export type Handler<Input, Result> = (input: Input, io: CommandIo<Result>) => Promise<number>;

/** A command's input: the value of each option it takes, and its positional argument if it has one. */
type CommandInput<Names extends OptionName> = InputFrom<Names> & {readonly argument?: string | undefined};

type MenuEntry = {
	readonly label: string;
	/** Shown only when the chosen warehouse is Redshift (the AWS steps). */
	readonly redshiftOnly?: boolean;
	/** The remembered step whose state the entry shows (done, failed, when). */
	readonly state?: string;
	/** A fixed note instead of a state. */
	readonly note?: string;
	/** What the world says now, added to the state. */
	readonly world?: 'warehouse' | 'cluster';
	/** The positional argument the entry runs the command with (analytics' question). */
	readonly argument?: string;
	/** In the "Use the warehouse…" submenu rather than the main menu (which must fit a 24-row terminal on Redshift). */
	readonly use?: true;
};

export type CommandSpec<Names extends OptionName, Result> = {
	readonly group: 'warehouse' | 'aws';
	readonly summary: string;
	readonly options: readonly Names[];
	readonly positional?: {readonly name: string; readonly help: string};
	readonly examples: readonly string[];
	/** Drawn live by the Ink app in a terminal (the others print lines or data). */
	readonly drawn: boolean;
	/** Its steps' outcomes are saved in the settings (watch relays another process's). */
	readonly remembered: boolean;
	/** Deletes or replaces something (it asks first; --yes or --confirm agrees). */
	readonly destructive: boolean;
	/** Runs until Ctrl-C or SIGTERM (serve): a requested stop is its normal end, exit 0, not a cancellation. */
	readonly untilStopped?: boolean;
	readonly menu?: readonly MenuEntry[];
	readonly handler: () => Promise<Handler<CommandInput<Names>, Result>>;
};

/** Declares a command; only there so TypeScript infers its options and result. */
function command<const Names extends OptionName, Result>(spec: CommandSpec<Names, Result>): CommandSpec<Names, Result> {
	return spec;
}

const onWarehouse = ['target', 'databaseUrl', 'region', 'profile', 'clusterId'] as const;
const fromSource = ['source', 'maxErrors', 'acceptInvalidChars'] as const;

export const registry = {
	run: command({
		group: 'warehouse',
		summary: 'the whole pipeline: tables, load, quality checks',
		options: [...onWarehouse, ...fromSource, 'recreate'],
		examples: ['sparkify-dwh run --target local --yes', 'sparkify-dwh run --source ./data --max-errors 10', 'sparkify-dwh run --target redshift --json'],
		drawn: true,
		remembered: true,
		destructive: true,
		menu: [{label: 'Run the whole pipeline', state: 'check'}],
		handler: async () => (await import('./warehouse.js')).runCommand,
	}),
	tables: command({
		group: 'warehouse',
		summary: 'create the staging tables and the star schema (--recreate drops them first)',
		options: [...onWarehouse, 'recreate'],
		examples: ['sparkify-dwh tables', 'sparkify-dwh tables --recreate --yes'],
		drawn: true,
		remembered: true,
		destructive: true,
		handler: async () => (await import('./warehouse.js')).tablesCommand,
	}),
	etl: command({
		group: 'warehouse',
		summary: 'load the source into staging and rebuild the star schema, in one transaction',
		options: [...onWarehouse, ...fromSource],
		examples: ['sparkify-dwh etl --source ./data', 'sparkify-dwh etl --source s3://my-bucket/sparkify/ --target redshift'],
		drawn: true,
		remembered: true,
		destructive: true,
		menu: [{label: 'Load again (etl)', state: 'etl', world: 'warehouse'}],
		handler: async () => (await import('./warehouse.js')).etlCommand,
	}),
	check: command({
		group: 'warehouse',
		summary: 'row counts of every table and the data-quality checks',
		options: [...onWarehouse],
		examples: ['sparkify-dwh check', 'sparkify-dwh check --json'],
		drawn: true,
		remembered: true,
		destructive: false,
		menu: [{label: 'Check data quality', state: 'check'}],
		handler: async () => (await import('./warehouse.js')).checkCommand,
	}),
	watch: command({
		group: 'warehouse',
		summary: 'follow a load that is running now (from another terminal)',
		options: [...onWarehouse],
		examples: ['sparkify-dwh watch'],
		drawn: false,
		remembered: false,
		destructive: false,
		menu: [{label: 'Watch a running load', note: 'from another terminal too', use: true}],
		handler: async () => (await import('./watch.js')).watchCommand,
	}),
	analytics: command({
		group: 'warehouse',
		summary: 'canned questions as tables and bar charts (--csv, --json)',
		options: [...onWarehouse, 'csv', 'questions'],
		positional: {name: 'question', help: 'one question by name (all of them when left out)'},
		examples: ['sparkify-dwh analytics', 'sparkify-dwh analytics top_songs --csv > top.csv'],
		drawn: false,
		remembered: false,
		destructive: false,
		menu: [
			{label: 'Analytics: top songs', argument: 'top_songs', use: true},
			{label: 'Analytics: plays by hour', argument: 'plays_by_hour', use: true},
			{label: 'Analytics: free vs paid', argument: 'free_vs_paid', use: true},
		],
		handler: async () => (await import('./analytics.js')).analyticsCommand,
	}),
	profile: command({
		group: 'warehouse',
		summary: 'what the source holds, before loading it',
		options: ['source', 'region', 'profile', 'acceptInvalidChars'],
		examples: ['sparkify-dwh profile --source ./data', 'sparkify-dwh profile --source s3://udacity-dend/ --json'],
		drawn: false,
		remembered: false,
		destructive: false,
		menu: [{label: 'Profile the source', use: true}],
		handler: async () => (await import('./profile.js')).profileCommand,
	}),
	schema: command({
		group: 'warehouse',
		summary: 'the star schema as a diagram (--write puts it in README.md)',
		options: ['write'],
		examples: ['sparkify-dwh schema', 'sparkify-dwh schema --write'],
		drawn: false,
		remembered: false,
		destructive: false,
		menu: [{label: 'The schema', use: true}],
		handler: async () => (await import('./schema.js')).schemaCommand,
	}),
	generate: command({
		group: 'warehouse',
		summary: 'write synthetic data laid out like the public bucket',
		options: ['songs', 'events', 'seed', 'out'],
		examples: ['sparkify-dwh generate --events 1000000 --out ./big'],
		drawn: false,
		remembered: true,
		destructive: false,
		handler: async () => (await import('./generate.js')).generateCommand,
	}),
	status: command({
		group: 'warehouse',
		summary: 'what has been done, checked against AWS',
		options: ['region', 'profile', 'clusterId'],
		examples: ['sparkify-dwh status', 'sparkify-dwh status --json'],
		drawn: false,
		remembered: false,
		destructive: false,
		handler: async () => (await import('./aws.js')).status,
	}),
	sql: command({
		group: 'warehouse',
		summary: 'run your own query: read-only unless --write, as a table, --csv or --json',
		options: [...onWarehouse, 'file', 'write', 'timeout', 'maxRows', 'csv'],
		positional: {name: 'query', help: 'the SQL to run (else --file, else standard input)'},
		examples: [
			'sparkify-dwh sql "SELECT level, COUNT(*) FROM users GROUP BY level"',
			'sparkify-dwh sql --file report.sql --csv > report.csv',
			'sparkify-dwh sql "SELECT * FROM songplays ORDER BY start_time DESC" --max-rows 20',
			'sparkify-dwh sql "DELETE FROM songplays WHERE user_id IS NULL" --write --yes',
		],
		drawn: false,
		remembered: false,
		destructive: true,
		handler: async () => (await import('./sql.js')).sqlCommand,
	}),
	serve: command({
		group: 'warehouse',
		summary: 'keep the embedded warehouse up for psql and BI tools until Ctrl-C',
		options: ['target', 'port', 'showPassword'],
		examples: ['sparkify-dwh serve', 'sparkify-dwh serve --port 5433 --show-password'],
		drawn: false,
		remembered: false,
		destructive: false,
		untilStopped: true,
		handler: async () => (await import('./serve.js')).serveCommand,
	}),
	credentials: command({
		group: 'aws',
		summary: 'check the AWS identity',
		options: ['profile', 'region'],
		examples: ['sparkify-dwh credentials --profile work --region us-west-2'],
		drawn: true,
		remembered: true,
		destructive: false,
		menu: [{label: 'AWS credentials', redshiftOnly: true, state: 'credentials'}],
		handler: async () => (await import('./aws.js')).credentials,
	}),
	sizing: command({
		group: 'aws',
		summary: 'node types the region offers and what they cost',
		options: ['profile', 'region', 'clusterId', 'nodeType', 'nodes'],
		examples: ['sparkify-dwh sizing', 'sparkify-dwh sizing --node-type ra3.large --nodes 2'],
		drawn: true,
		remembered: true,
		destructive: false,
		menu: [{label: 'Cluster size', redshiftOnly: true, state: 'sizing'}],
		handler: async () => (await import('./aws.js')).sizing,
	}),
	role: command({
		group: 'aws',
		summary: 'the IAM role Redshift uses to read the source bucket',
		options: ['profile', 'region', 'clusterId', 'source'],
		examples: ['sparkify-dwh role', 'sparkify-dwh role --source s3://my-bucket/sparkify/'],
		drawn: true,
		remembered: true,
		destructive: false,
		menu: [{label: 'IAM role', redshiftOnly: true, state: 'role'}],
		handler: async () => (await import('./aws.js')).role,
	}),
	cluster: command({
		group: 'aws',
		summary: 'create the cluster (or resize it to another size) and wait until it takes connections',
		options: ['profile', 'region', 'clusterId', 'nodeType', 'nodes', 'source', 'private'],
		examples: ['sparkify-dwh cluster', 'sparkify-dwh cluster --cluster-id sparkify-test --yes --json'],
		drawn: true,
		remembered: true,
		destructive: false,
		menu: [{label: 'Cluster', redshiftOnly: true, state: 'cluster', world: 'cluster'}],
		handler: async () => (await import('./aws.js')).cluster,
	}),
	network: command({
		group: 'aws',
		summary: 'open its port to this machine (0.0.0.0/0 needs --allow-world)',
		options: ['profile', 'region', 'clusterId', 'cidr', 'allowWorld'],
		examples: ['sparkify-dwh network', 'sparkify-dwh network --cidr 203.0.113.0/24'],
		drawn: true,
		remembered: true,
		destructive: false,
		menu: [{label: 'Open the port', redshiftOnly: true, state: 'network'}],
		handler: async () => (await import('./aws.js')).network,
	}),
	connect: command({
		group: 'aws',
		summary: 'how to connect your own client (psql, DBeaver, pandas) to the cluster',
		options: ['profile', 'region', 'clusterId', 'printPassword'],
		examples: ['sparkify-dwh connect', 'sparkify-dwh connect --print-password | tail -1'],
		drawn: false,
		remembered: false,
		destructive: false,
		handler: async () => (await import('./aws-cluster.js')).connect,
	}),
	pause: command({
		group: 'aws',
		summary: 'pause the cluster: no compute billed until it is resumed (storage still is)',
		options: ['profile', 'region', 'clusterId'],
		examples: ['sparkify-dwh pause', 'sparkify-dwh pause --cluster-id sparkify-test --json'],
		drawn: true,
		remembered: false,
		destructive: false,
		menu: [{label: 'Pause the cluster', redshiftOnly: true, note: 'no compute billed while paused'}],
		handler: async () => (await import('./aws-cluster.js')).pause,
	}),
	resume: command({
		group: 'aws',
		summary: 'resume a paused cluster and wait until it takes connections',
		options: ['profile', 'region', 'clusterId'],
		examples: ['sparkify-dwh resume', 'sparkify-dwh resume --json'],
		drawn: true,
		remembered: false,
		destructive: false,
		menu: [{label: 'Resume the cluster', redshiftOnly: true, note: 'billed by the hour again'}],
		handler: async () => (await import('./aws-cluster.js')).resume,
	}),
	teardown: command({
		group: 'aws',
		summary: 'delete everything this tool made',
		options: ['profile', 'region', 'clusterId', 'confirm', 'snapshot'],
		examples: ['sparkify-dwh teardown', 'sparkify-dwh teardown --confirm sparkify-dwh --json'],
		drawn: true,
		remembered: true,
		destructive: true,
		menu: [{label: 'Tear everything down', redshiftOnly: true, state: 'teardown'}],
		handler: async () => (await import('./aws.js')).teardown,
	}),
};

type Registry = typeof registry;
export type CommandName = keyof Registry;
// Both distribute over a union of names, so a parsed command line (any one command) fits them.
export type InputOf<Name extends CommandName> = Name extends CommandName ? (Registry[Name] extends CommandSpec<infer Names, unknown> ? CommandInput<Names> : never) : never;
export type ResultOf<Name extends CommandName> = Name extends CommandName ? (Registry[Name] extends CommandSpec<infer _Names, infer Result> ? Result : never) : never;

/** One command with its input: what the command line parses to, and what the app may be started with. */
export type CommandCall = {[Name in CommandName]: {readonly command: Name; readonly input: InputOf<Name>}}[CommandName];

/** How a command ended: its exit code, and its result when it told one. */
export type Ran<Name extends CommandName> = {readonly exit: number; readonly result?: ResultOf<Name>};

export const commandNames = Object.keys(registry) as CommandName[];

export function isCommandName(name: string): name is CommandName {
	return Object.hasOwn(registry, name);
}

/** A menu entry with the command it runs, and whether that command works on the chosen warehouse (takes --target). */
export type MenuCommand = MenuEntry & {readonly command: CommandName; readonly onTarget: boolean};

/** The commands as the menu offers them, in the registry's order. */
export function menuCommands(): MenuCommand[] {
	return commandNames.flatMap((name) => {
		const onTarget = (registry[name].options as readonly OptionName[]).includes('target');
		return (registry[name].menu ?? []).map((entry) => ({...entry, command: name, onTarget}));
	});
}
