// What the screens may ask of the rest of the program. The screens get an implementation
// of this through props and never import commands, steps, pg or the AWS SDK themselves;
// tests hand them a fake.

type StepRecordView = {readonly status: 'done' | 'failed' | 'cancelled'; readonly at: string; readonly detail?: string};

export type SettingsView = {
	readonly path: string;
	readonly target?: 'local' | 'redshift';
	/** The data the wizard loads: a folder or an s3:// location; absent for the default (the generated sample, or the public bucket on Redshift). */
	readonly source?: string;
	/** Bad records the menu's loads tolerate; absent: none. */
	readonly maxErrors?: number;
	readonly steps: Readonly<Record<string, StepRecordView>>;
	readonly aws: Readonly<Record<string, string | number | boolean | undefined>>;
};

import type {SqlOutcome} from '../commands/sql.js';
import type {WorldState} from '../commands/world-state.js';
import type {CommandName, InputOf, MenuCommand, Ran} from '../commands/registry.js';
import type {SourceChoice} from '../flows/wizard-ui.js';

export type Validators = {
	readonly region: (value: string) => string | undefined;
	readonly clusterId: (value: string) => string | undefined;
	readonly cidr: (value: string) => string | undefined;
	readonly accessKeyId: (value: string) => string | undefined;
	readonly secretAccessKey: (value: string) => string | undefined;
	readonly profileName: (value: string) => string | undefined;
	/** A folder to load: it must exist and hold song_data/ and log_data/. */
	readonly sourceFolder: (value: string) => string | undefined;
	readonly s3Location: (value: string) => string | undefined;
	/** Bad records tolerated: a whole number, 0 or more. */
	readonly maxErrors: (value: string) => string | undefined;
};

/** A query's answer as the query screen gets it: columns, rows (values in column order), how many and how long. */
export type QueryResult = Exclude<SqlOutcome, {readonly declined: true}>;

/** How a query from the query screen ended: its answer, why it failed (said once, with what to do), or cancelled. */
export type QueryOutcome =
	| {readonly kind: 'answer'; readonly result: QueryResult}
	| {readonly kind: 'failed'; readonly message: string; readonly hint?: string; readonly logFile?: string}
	| {readonly kind: 'cancelled'};

/** The queries run before, oldest first; `notice` when the history file could not be used. */
export type QueryHistoryView = {readonly entries: readonly string[]; readonly notice?: string};

/** One remembered choice changed on the Settings screen. A profile of undefined: the default credential chain. */
export type SettingChange =
	| {readonly key: 'source'; readonly choice: SourceChoice}
	| {readonly key: 'maxErrors'; readonly value: number}
	| {readonly key: 'target'; readonly value: 'local' | 'redshift'}
	| {readonly key: 'region' | 'clusterId'; readonly value: string}
	| {readonly key: 'profile'; readonly value: string | undefined};

export type UiActions = {
	/** Runs one command with the app's front end (the input's missing options defaulted); resolves how it ended. */
	run<Name extends CommandName>(name: Name, input?: Partial<InputOf<Name>>, options?: {readonly keepSteps?: boolean}): Promise<Ran<Name>>;
	/** The commands the menu offers. */
	readonly menuCommands: readonly MenuCommand[];
	/** Cancels the running command (the first Ctrl-C). */
	cancel(): void;
	settings(): SettingsView;
	chooseTarget(target: 'local' | 'redshift'): Promise<void>;
	/** Remembers the data chosen (the settings' `source`); returns it as the commands take it (a folder made absolute). */
	rememberSource(choice: SourceChoice): Promise<string | undefined>;
	/** Saves one choice made on the Settings screen (checked again by the settings' schema). */
	saveSetting(change: SettingChange): Promise<void>;
	/** Profile names from the AWS shared config and credentials files. */
	awsProfiles(): string[];
	/** Writes typed keys to a profile of the shared credentials file (0600); never to the settings. */
	saveKeys(profile: string, keys: {accessKeyId: string; secretAccessKey: string}): void;
	worldState(): Promise<WorldState>;
	/** Runs the user's query read-only on the chosen warehouse (the `sql` command); Ctrl-C (cancel) stops it on the server. */
	query(sql: string): Promise<QueryOutcome>;
	/** The query history kept in the tool's home. */
	queryHistory(): QueryHistoryView;
	/** Adds a query to the history; a history that cannot be written is a notice, never a failure. */
	rememberQuery(sql: string): QueryHistoryView;
	readonly validators: Validators;
	readonly logFile: string;
};
