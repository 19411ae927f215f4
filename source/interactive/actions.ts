// The interactive app's actions: running commands through the shared dispatcher with the
// Ink front end, and the few reads and writes the screens need (settings, AWS profiles,
// typed keys). This is where the screens meet the steps, so the screens never import them.

import {awsProfileNames, saveTypedKeys} from './aws-profiles.js';
import type {Settings, SettingsStore} from '../config/settings.js';
import type {Context} from '../core/context.js';
import {errorMessage} from '../core/errors.js';
import type {WorldState} from '../commands/world-state.js';
import type {SettingsView, UiActions} from '../ui/actions.js';
import {inkFrontEnd} from '../ui/ink-front-end.js';
import {applySettingChange} from './setting-change.js';
import {rememberSource} from './source-choice.js';
import {addToQueryHistory, historyFile, loadQueryHistory} from './query-history.js';
import {queryOutcome} from './query-in-app.js';
import {validators} from './validators.js';
import {menuCommands} from '../commands/registry.js';
import type {UiStore} from '../ui/store.js';

/** The most rows the query screen fetches: enough to scroll through, never a whole table into memory. */
const screenRows = 1000;

type SettingsModule = typeof import('../config/settings.js');

/**
 * `settingsModule`: conf and its validator, loaded by the caller when a settings file exists.
 * A first run has none: its first frame needs nothing from it, so conf (≈150 ms of start-up)
 * loads only when something is to be written — by a command, or the target chosen.
 */
export function createActions(ctx: Context, store: UiStore, options: {yes: boolean; fromCommandLine?: boolean; settingsModule?: SettingsModule}): UiActions {
	let controller: AbortController | undefined;
	// A command given on the command line is told in flags; the menu's and the wizard's, in their own words.
	const frontEnd = inkFrontEnd(store, {yes: options.yes, wizard: !options.fromCommandLine});
	let settingsModule = options.settingsModule;
	let settingsStore: SettingsStore | undefined;
	const loadSettingsModule = async () => (settingsModule ??= await import('../config/settings.js'));
	/** What the settings hold; none yet (or a file that cannot be read) reads as a fresh start here (a command says why). */
	const storedSettings = (): Settings => {
		if (!settingsModule) return {steps: {}};
		try {
			settingsStore ??= settingsModule.openSettings(ctx.paths);
			return settingsStore.get();
		} catch {
			return {steps: {}};
		}
	};
	const actions: UiActions = {
		menuCommands: menuCommands(),
		async run(name, input, runOptions = {}) {
			controller = new AbortController();
			const kept = runOptions.keepSteps ? store.getState().steps : [];
			store.reset();
			store.update((state) => ({...state, steps: kept}));
			store.update((state) => ({...state, busy: true}));
			let code = 1;
			try {
				// The commands (and pg and the AWS SDK behind them) load on the first run, not before the first frame.
				const [{defaultInput}, {execute, rememberingOutcomes}] = await Promise.all([import('../cli/args.js'), import('../cli/dispatch.js')]);
				const ran = await execute(
					name,
					{...defaultInput(name, ctx.env), ...input},
					{
						ctx,
						frontEnd: rememberingOutcomes(frontEnd, name, ctx.paths, ctx.log),
						signal: controller.signal,
						write: (text) => store.update((state) => ({...state, messages: [...state.messages, ...text.trimEnd().split('\n')].slice(-20)})),
					},
				);
				code = ran.exit;
				// The command may have written the settings (its outcome): read them through conf from now on.
				await loadSettingsModule();
				return ran;
			} finally {
				controller = undefined;
				store.update((state) => ({...state, busy: false, cancelling: false, lastExit: code}));
			}
		},
		cancel() {
			if (!controller) return;
			// A question on screen is answered "no": the command then ends by itself.
			store.getState().question?.answer(false);
			store.update((state) => ({...state, cancelling: true}));
			controller.abort();
		},
		settings(): SettingsView {
			const settings = storedSettings();
			return {
				path: ctx.paths.settings,
				...(settings.target ? {target: settings.target} : {}),
				...(settings.source ? {source: settings.source} : {}),
				...(settings.maxErrors === undefined ? {} : {maxErrors: settings.maxErrors}),
				steps: settings.steps,
				aws: {...settings.aws},
			};
		},
		async chooseTarget(target) {
			settingsStore ??= (await loadSettingsModule()).openSettings(ctx.paths);
			settingsStore.update((settings) => ({...settings, target}));
		},
		async rememberSource(choice) {
			settingsStore ??= (await loadSettingsModule()).openSettings(ctx.paths);
			return rememberSource(settingsStore, choice);
		},
		async saveSetting(change) {
			settingsStore ??= (await loadSettingsModule()).openSettings(ctx.paths);
			applySettingChange(settingsStore, change);
		},
		awsProfiles: () => awsProfileNames(ctx.env),
		saveKeys: (profile, keys) => saveTypedKeys(ctx.env, profile, keys),
		async worldState(): Promise<WorldState> {
			const {worldState} = await import('../commands/world-state.js');
			return worldState(ctx, storedSettings());
		},
		async query(sql) {
			// Never --write: the screen only reads (a write is refused by the server, in a READ ONLY transaction).
			// At most screenRows rows: the screen scrolls through them, and the rest stay on the server.
			const ran = await actions.run('sql', {argument: sql, target: storedSettings().target ?? 'local', write: false, maxRows: screenRows});
			return queryOutcome(ran, store.getState().failure);
		},
		queryHistory: () => loadQueryHistory(historyFile(ctx.paths)),
		rememberQuery(sql) {
			const file = historyFile(ctx.paths);
			try {
				return {entries: addToQueryHistory(file, sql)};
			} catch (error) {
				ctx.log.write('warn', 'could not write the query history', error);
				return {...loadQueryHistory(file), notice: `The query could not be added to the history ${file} (${errorMessage(error)}).`};
			}
		},
		validators,
		logFile: ctx.log.file ?? '',
	};
	return actions;
}
