// A stand-in for the interactive actions the App is given: run(name, input) records the call
// (written as the equivalent command line, for readable assertions) and drives the UI store
// the way the real actions do (reset, busy, events, an outcome or a failure, not busy),
// without steps, pg or AWS.

import {UserError} from '../../source/core/errors.js';
import {options, type OptionName} from '../../source/commands/options.js';
import {menuCommands, type CommandCall, type CommandName, type ResultOf} from '../../source/commands/registry.js';
import {parseCommandLine} from '../../source/cli/args.js';
import type {FrontEnd} from '../../source/core/front-end.js';
import type {WorldState} from '../../source/commands/world-state.js';
import type {QueryHistoryView, QueryOutcome, SettingChange, SettingsView, UiActions} from '../../source/ui/actions.js';
import {inkFrontEnd} from '../../source/ui/ink-front-end.js';
import type {UiStore} from '../../source/ui/store.js';
import type {NodeOffer} from '../../source/steps/sizing-rules.js';

/** The real validators: the screens are tested with the rules users meet. */
export {validators} from '../../source/interactive/validators.js';
import {validators} from '../../source/interactive/validators.js';
import {folderLocation} from '../../source/interactive/source-choice.js';

const priced = (dollarsPerNodeHour: number) => ({dollarsPerNodeHour, source: 'price-table' as const, asOf: '2025-06-01'});

export const offers: readonly NodeOffer[] = [
	{nodeType: 'ra3.large', vcpu: 2, memoryGiB: 16, singleNode: true, multiNode: {min: 2, max: 16}, price: priced(0.543)},
	{nodeType: 'ra3.xlplus', vcpu: 4, memoryGiB: 32, singleNode: true, multiNode: {min: 2, max: 32}, price: priced(1.086)},
	{nodeType: 'ra3.4xlarge', vcpu: 12, memoryGiB: 96, singleNode: false, multiNode: {min: 2, max: 32}, price: priced(3.26)},
];

export const sizingData = {region: 'us-west-2', offers, hoursPerMonth: 730, serverless: {baseRpu: 4, dollarsPerHourWhileBusy: 1.5, asOf: '2025-06-01'}};

/** What one command does in the fake: returns its exit code. */
export type Behaviour = (argv: readonly string[], tools: {front: FrontEnd; store: UiStore; signal: AbortSignal}) => Promise<number> | number;

export type FakeOptions = {
	readonly settings?: Partial<SettingsView>;
	/** Commands (argv[0], or the whole argv joined by spaces) that fail with exit code 1. */
	readonly failOn?: readonly string[];
	/** Per command (argv[0]): what it does instead of the default. */
	readonly behaviours?: Readonly<Record<string, Behaviour>>;
	readonly profiles?: readonly string[];
	readonly world?: WorldState;
	/** What a query from the query screen gives (default: one column `answer` holding the query's length); `signal` fires on cancel. */
	readonly query?: (sql: string, signal: AbortSignal) => Promise<QueryOutcome> | QueryOutcome;
	/** The query history at start (default: empty). */
	readonly history?: QueryHistoryView;
};

export type FakeActions = UiActions & {
	readonly runs: string[][];
	readonly runOptions: Array<{keepSteps?: boolean} | undefined>;
	readonly chosenTargets: string[];
	readonly savedKeys: Array<[string, {accessKeyId: string; secretAccessKey: string}]>;
	/** What the Settings screen saved, in order. */
	readonly savedSettings: SettingChange[];
	cancels: number;
	worldReads: number;
	/** The queries run from the query screen, in order. */
	readonly queries: string[];
	/** The history as the fake holds it (rememberQuery adds to it, a repeat in a row kept once). */
	history: string[];
	/** The settings the fake currently holds (changed by chooseTarget and successful runs). */
	current: {
		target?: 'local' | 'redshift';
		source?: string;
		maxErrors?: number;
		steps: Record<string, SettingsView['steps'][string]>;
		aws: Record<string, string | number | boolean | undefined>;
		path: string;
	};
};

/** The default behaviour: a done step event, an outcome (sizing data for a bare `sizing`). */
const succeed: Behaviour = (argv, {front}) => {
	const [command = ''] = argv;
	front.report({type: 'step', step: command, status: 'running', title: command});
	front.report({type: 'step', step: command, status: 'done', title: command, detail: `${command} done`});
	const data = command === 'sizing' && !argv.includes('--node-type') ? sizingData : {};
	front.outcome({command, ok: true, data, summary: [`${command}: all done`]});
	return 0;
};

/** A command that keeps running until it is cancelled (then it ends with 130 — after `release()`). */
export function holding() {
	let release: (code: number) => void = () => {};
	const behaviour: Behaviour = (argv, {front}) => {
		front.report({type: 'step', step: argv[0] ?? '', status: 'running', title: argv[0] ?? ''});
		return new Promise<number>((resolve) => (release = resolve));
	};
	return {behaviour, release: (code: number) => release(code)};
}

/** A call written as the command line that would make it: `sizing --node-type ra3.large --nodes 2`. */
export function commandLineOf(name: CommandName, input: Record<string, unknown>): string[] {
	const line: string[] = [name];
	if (typeof input.argument === 'string') line.push(input.argument);
	for (const [key, value] of Object.entries(input)) {
		if (key === 'argument' || value === undefined || value === false) continue;
		const flag = `--${options[key as OptionName].flag}`;
		line.push(...(value === true ? [flag] : [flag, String(value)]));
	}
	return line;
}

/** What the entry hands the app for a command line naming a drawn command. */
export function commandCall(argv: readonly string[]): CommandCall {
	const parsed = parseCommandLine(argv, {});
	if (!parsed.command) throw new Error(`no command in ${argv.join(' ')}`);
	return parsed;
}

export function fakeActions(store: UiStore, options: FakeOptions = {}): FakeActions {
	const front = inkFrontEnd(store, {yes: false});
	let controller: AbortController | undefined;
	// A copy: runs change it, and a test's settings object may be shared by other tests.
	const current: FakeActions['current'] = {
		path: options.settings?.path ?? '/home/test/.config/sparkify-dwh/config.json',
		...(options.settings?.target ? {target: options.settings.target} : {}),
		...(options.settings?.source ? {source: options.settings.source} : {}),
		...(options.settings?.maxErrors ? {maxErrors: options.settings.maxErrors} : {}),
		steps: {...options.settings?.steps},
		aws: {...options.settings?.aws},
	};
	const fake: FakeActions = {
		runs: [],
		runOptions: [],
		chosenTargets: [],
		savedKeys: [],
		savedSettings: [],
		cancels: 0,
		worldReads: 0,
		queries: [],
		history: [...(options.history?.entries ?? [])],
		current,
		menuCommands: menuCommands(),
		async run(name, input = {}, runOptions) {
			const argv = commandLineOf(name, input);
			fake.runs.push(argv);
			fake.runOptions.push(runOptions);
			controller = new AbortController();
			const kept = runOptions?.keepSteps ? store.getState().steps : [];
			store.reset();
			store.update((state) => ({...state, steps: kept, busy: true}));
			const [command = ''] = argv;
			let code = 1;
			try {
				if (options.failOn?.includes(command) || options.failOn?.includes(argv.join(' '))) {
					front.report({type: 'step', step: command, status: 'running', title: command});
					front.report({type: 'step', step: command, status: 'failed', title: command, detail: `${command} went wrong`});
					front.failure(new UserError(`The ${command} step failed.`, {hint: `Run sparkify-dwh ${command} again.`}), '/tmp/dwh.log');
					current.steps[command] = {status: 'failed', at: '2026-11-25T14:24:00.000Z'};
					return {exit: code};
				}
				const behaviour = options.behaviours?.[command] ?? succeed;
				code = await behaviour(argv, {front, store, signal: controller.signal});
				if (code === 0) current.steps[command] = {status: 'done', at: '2026-11-25T14:24:00.000Z'};
				const data = store.getState().outcome?.data;
				// The fake's outcomes are made for the command that ran: its data is that command's result.
				return data === undefined ? {exit: code} : {exit: code, result: data as ResultOf<typeof name>};
			} finally {
				controller = undefined;
				// As the real actions do: the exit code lands with busy's end, in one update.
				store.update((state) => ({...state, busy: false, cancelling: false, lastExit: code}));
			}
		},
		cancel() {
			fake.cancels++;
			if (!controller) return;
			store.update((state) => ({...state, cancelling: true}));
			controller.abort();
		},
		settings: () => ({...current, steps: {...current.steps}, aws: {...current.aws}}),
		async chooseTarget(target) {
			fake.chosenTargets.push(target);
			current.target = target;
		},
		async rememberSource(choice) {
			const source = choice.kind === 'default' ? undefined : choice.kind === 'folder' ? folderLocation(choice.location) : choice.location;
			if (source) current.source = source;
			else delete current.source;
			return source;
		},
		async saveSetting(change) {
			fake.savedSettings.push(change);
			if (change.key === 'source') await fake.rememberSource(change.choice);
			else if (change.key === 'target') current.target = change.value;
			else if (change.key === 'maxErrors') current.maxErrors = change.value;
			else current.aws[change.key] = change.value;
		},
		awsProfiles: () => [...(options.profiles ?? ['default', 'work'])],
		saveKeys(profile, keys) {
			fake.savedKeys.push([profile, keys]);
		},
		async worldState() {
			fake.worldReads++;
			return options.world ?? {};
		},
		async query(sql) {
			fake.queries.push(sql);
			controller = new AbortController();
			store.update((state) => ({...state, busy: true}));
			try {
				if (options.query) return await options.query(sql, controller.signal);
				return {kind: 'answer', result: {statement: 'SELECT', columns: ['answer'], rows: [[sql.length]], rowCount: 1, elapsedMs: 3}};
			} finally {
				controller = undefined;
				store.update((state) => ({...state, busy: false, cancelling: false}));
			}
		},
		queryHistory: () => ({entries: [...fake.history], ...(options.history?.notice ? {notice: options.history.notice} : {})}),
		rememberQuery(sql) {
			if (fake.history.at(-1) !== sql.trim()) fake.history.push(sql.trim());
			return {entries: [...fake.history]};
		},
		validators,
		logFile: '/tmp/dwh.log',
	};
	return fake;
}
