// The interactive app: the guided wizard on a first run (and when a setup was left
// unfinished), the menu afterwards, and any one command drawn live. It holds navigation only
// (a reducer over which screen is shown); what happens in what order is in source/flows,
// which the app runs against its WizardUi: a command shows the run view, a question shows
// its screen. Ctrl-C: the first press cancels the running command, the second quits.

import {Box, useApp, useInput, useWindowSize} from 'ink';
import {type ReactNode, useCallback, useEffect, useReducer, useState, useSyncExternalStore} from 'react';
import type {CommandCall} from '../commands/registry.js';
import {changeCredentials, changeSize, localSetup, redshiftSetup, rememberedSource, resumePoint, type SetupStep} from '../flows/setup.js';
import type {ClusterChoice, CredentialsChoice, SizeChoice, SourceChoice, WizardUi} from '../flows/wizard-ui.js';
import type {SizingResult} from '../steps/sizing.js';
import type {WorldState} from '../commands/world-state.js';
import type {QueryHistoryView, UiActions} from './actions.js';
import {ClusterScreen} from './screens/cluster-screen.js';
import {CredentialsScreen} from './screens/credentials-screen.js';
import {MenuScreen, menuValue, type MenuChoice, type MenuKind} from './screens/menu-screen.js';
import {QueryScreen} from './screens/query-screen.js';
import {ResumeScreen} from './screens/resume-screen.js';
import {SessionSourceNote} from './screens/session-source-note.js';
import {RunView} from './screens/run-view.js';
import {SettingsScreen} from './screens/settings-screen.js';
import {SizingScreen} from './screens/sizing-screen.js';
import {SourceScreen} from './screens/source-screen.js';
import {TargetScreen, type Target} from './screens/target-screen.js';
import {type AnswerLine, clusterAnswer, credentialsAnswer, sizeAnswer, sourceAnswer, targetAnswer} from './answer-lines.js';
import {AnsweredQuestion} from './components/finished-lines.js';
import {pendingAnswers, type UiState, type UiStore, withAnswer, withoutPendingAnswers} from './store.js';

type Answer<T> = (choice: T | undefined) => void;

type Screen =
	| {readonly name: 'target'}
	/** A setup left unfinished: go on from `from`, or open the menu. */
	| {readonly name: 'resume'; readonly from: SetupStep}
	| {readonly name: 'menu'}
	/** The "Use the warehouse…" list. */
	| {readonly name: 'use'}
	/** `history`: read once, as the screen opens. */
	| {readonly name: 'query'; readonly history: QueryHistoryView}
	| {readonly name: 'settings'}
	/** A command's live view. `flow`: more may follow; `menu`: the flow has ended, and Enter goes back. */
	| {readonly name: 'running'; readonly afterwards: 'flow' | 'menu'}
	| {readonly name: 'credentials'; readonly answer: Answer<CredentialsChoice>}
	| {readonly name: 'sizing'; readonly offered: SizingResult; readonly answer: Answer<SizeChoice>}
	| {readonly name: 'cluster'; readonly answer: Answer<ClusterChoice>}
	| {readonly name: 'source'; readonly target: 'local' | 'redshift'; readonly answer: Answer<SourceChoice>};

/** `menuAt`/`useAt`: the entry last chosen in each list; `within`: the list to go back to. */
type Navigation = {readonly screen: Screen; readonly menuAt?: MenuChoice; readonly useAt?: MenuChoice; readonly within?: MenuKind};
type Move =
	| {readonly type: 'show'; readonly screen: Screen}
	| {readonly type: 'chose'; readonly choice: MenuChoice; readonly within: MenuKind}
	/** To the list the last choice was made in. */
	| {readonly type: 'back'};

function navigate(state: Navigation, move: Move): Navigation {
	switch (move.type) {
		case 'show':
			return {...state, screen: move.screen};
		case 'back':
			return {...state, screen: {name: state.within === 'use' ? 'use' : 'menu'}};
		case 'chose':
			return move.within === 'use' ? {...state, useAt: move.choice, within: 'use'} : {...state, menuAt: move.choice, within: 'main'};
	}
}

export type AppProps = {
	readonly actions: UiActions;
	readonly store: UiStore;
	/** A command given on the command line: run it, show it, and exit with its code. */
	readonly command?: CommandCall;
	/** The data given with `sparkify-dwh --source` (no command): this session's loads read it, ahead of the remembered one. */
	readonly sessionSource?: string;
	readonly onExit: (code: number) => void;
};

export function App({actions, store, command, sessionSource, onExit}: AppProps) {
	const state = useSyncExternalStore(store.subscribe, store.getState);
	const {exit} = useApp();
	// The run view fits its live area (and an outcome's lines) to the terminal, drawn again on a resize.
	const {rows, columns} = useWindowSize();
	// What the run view has printed for good: remembered here, so a run view drawn again prints none of it twice.
	const onPrinted = useCallback((seq: number) => store.update((current) => (current.printedThrough >= seq ? current : {...current, printedThrough: seq})), [store]);
	const [settings, setSettings] = useState(() => actions.settings());
	const [world, setWorld] = useState<WorldState | undefined>();
	const [{screen, menuAt, useAt}, move] = useReducer(navigate, undefined, (): Navigation => {
		const resume = resumePoint(settings);
		// Started at once by the effect below: a command given on the command line, or a Redshift setup not begun.
		if (command || resume === 'credentials') return {screen: {name: 'running', afterwards: 'flow'}};
		if (resume === 'target') return {screen: {name: 'target'}};
		// Going on may start a load or a paid cluster: it is offered, not done behind the user's back.
		if (resume) return {screen: {name: 'resume', from: resume}};
		return {screen: {name: 'menu'}};
	});
	const show = (next: Screen) => move({type: 'show', screen: next});
	const backToMenu = () => move({type: 'back'});
	const target = settings.target ?? 'local';

	const quit = (code: number) => {
		onExit(code);
		exit();
	};

	/** The WizardUi the flows run against: one per flow, so a flow's commands share one run view. */
	function wizardUi(): WizardUi {
		// Commands that follow one another keep the earlier ones' steps on screen; a question starts afresh.
		let chained = false;
		// An answer is printed as one line above what follows; stepping back (undefined) prints nothing.
		const ask = <T,>(screenFor: (answer: Answer<T>) => Screen, line: (answer: T) => AnswerLine) =>
			new Promise<T | undefined>((resolve) => {
				chained = false;
				show(
					screenFor((answer) => {
						if (answer !== undefined) store.update((state) => withAnswer(state, line(answer)));
						resolve(answer);
					}),
				);
			});
		return {
			async run(name, input) {
				show({name: 'running', afterwards: 'flow'});
				const ran = await actions.run(name, input, {keepSteps: chained});
				chained = true;
				return ran;
			},
			askCredentials: () => ask((answer) => ({name: 'credentials', answer}), credentialsAnswer),
			askSize: (offered) => ask((answer) => ({name: 'sizing', offered, answer}), sizeAnswer),
			askCluster: () => ask((answer) => ({name: 'cluster', answer}), clusterAnswer),
			askSource: (on) => ask((answer) => ({name: 'source', target: on, answer}), (choice) => sourceAnswer(choice, on)),
			rememberSource: (choice) => actions.rememberSource(choice),
			saveKeys: (profile, keys) => actions.saveKeys(profile, keys),
		};
	}

	/** Runs a flow; afterwards its last outcome stays on screen until Enter, or the app exits with its code. */
	async function start(flow: (ui: WizardUi) => Promise<number | undefined>, afterwards: 'menu' | 'exit' = 'menu') {
		const code = await flow(wizardUi());
		setSettings(actions.settings());
		if (afterwards === 'exit') return quit(code ?? 0);
		if (code === undefined) return backToMenu();
		show({name: 'running', afterwards: 'menu'});
	}

	// Once, at start: `start` and `command` are read as they were then, on purpose.
	// biome-ignore lint/correctness/useExhaustiveDependencies: runs once, at start
	useEffect(() => {
		if (command) void start(async (ui) => (await ui.run(command.command, command.input)).exit, 'exit');
		// A first run with no target: the target screen. A Redshift setup not begun: its first question.
		else if (resumePoint(settings) === 'credentials') void start((ui) => redshiftSetup(ui));
	}, []);

	useEffect(() => {
		if (screen.name !== 'menu') return;
		// A setup left for the menu: its answers not yet printed go with it.
		store.update(withoutPendingAnswers);
		setSettings(actions.settings());
		let current = true;
		void actions.worldState().then((found) => current && setWorld(found));
		return () => {
			current = false;
		};
	}, [screen.name, actions, store]);

	async function chooseTarget(chosen: Target) {
		store.update((state) => withAnswer(state, targetAnswer(chosen)));
		await actions.chooseTarget(chosen);
		setSettings(actions.settings());
		void start(chosen === 'redshift' ? (ui) => redshiftSetup(ui) : localSetup);
	}

	function choose(choice: MenuChoice, from: MenuKind = 'main') {
		move({type: 'chose', choice, within: from});
		switch (choice) {
			case 'use':
				return show({name: 'use'});
			case 'back':
				return show({name: 'menu'});
			case 'query':
				return show({name: 'query', history: actions.queryHistory()});
			case 'quit':
				return quit(0);
			case 'settings':
				return show({name: 'settings'});
			case 'switch-target':
				return void chooseTarget(target === 'redshift' ? 'local' : 'redshift');
			case 'credentials':
				return void start(changeCredentials);
			case 'sizing':
				return void start(changeSize);
			default: {
				// Any other entry is a command (analytics with its question), run on the chosen warehouse if it takes one.
				const entry = actions.menuCommands.find((candidate) => menuValue(candidate) === choice);
				if (!entry) return;
				// The loads read the data chosen in the wizard (the commands' own default when none was).
				const loads = entry.command === 'run' || entry.command === 'etl';
				const data = sessionSource ?? settings.source;
				const source = loads ? {...rememberedSource(target, data), ...(settings.maxErrors ? {maxErrors: settings.maxErrors} : {})} : {};
				const input = {...(entry.onTarget ? {target} : {}), ...(entry.argument ? {argument: entry.argument} : {}), ...source};
				return void start(async (ui) => (await ui.run(entry.command, input)).exit);
			}
		}
	}

	useInput((input, key) => {
		if (key.ctrl && input === 'c') {
			if (!state.busy) return quit(screen.name === 'running' ? state.lastExit : 0);
			if (state.cancelling) return quit(130);
			return actions.cancel();
		}
		if (screen.name === 'running' && screen.afterwards === 'menu' && !state.busy && !state.question && (key.return || key.escape)) backToMenu();
	});

	const stepBack = () => show({name: 'menu'});
	switch (screen.name) {
		case 'target':
			return <TargetScreen onChoose={(chosen) => void chooseTarget(chosen)} />;
		case 'credentials':
			return (
				<Answered state={state}>
					<CredentialsScreen
						profiles={actions.awsProfiles()}
						validators={actions.validators}
						{...(settings.aws.region ? {initialRegion: String(settings.aws.region)} : {})}
						onDone={(choice) => screen.answer(choice)}
						onCancel={() => screen.answer(undefined)}
					/>
				</Answered>
			);
		case 'sizing': {
			const {region, offers, hoursPerMonth, serverless} = screen.offered;
			return (
				<Answered state={state}>
					<SizingScreen
						{...{region, offers, hoursPerMonth, ...(serverless ? {serverless} : {})}}
						initial={{nodeType: String(settings.aws.nodeType ?? ''), nodes: Number(settings.aws.nodes ?? 1)}}
						onDone={(choice) => screen.answer(choice)}
						onCancel={() => screen.answer(undefined)}
					/>
				</Answered>
			);
		}
		case 'cluster':
			return (
				<Answered state={state}>
					<ClusterScreen
						validators={actions.validators}
						{...(settings.aws.clusterId ? {initialId: String(settings.aws.clusterId)} : {})}
						onDone={(choice) => screen.answer(choice)}
						onCancel={() => screen.answer(undefined)}
					/>
				</Answered>
			);
		case 'source':
			return (
				<Answered state={state}>
					<SourceScreen
						target={screen.target}
						validators={actions.validators}
						{...((sessionSource ?? settings.source) ? {initial: sessionSource ?? settings.source} : {})}
						onDone={(choice) => screen.answer(choice)}
						onCancel={() => screen.answer(undefined)}
					/>
				</Answered>
			);
		case 'resume':
			return (
				<ResumeScreen
					settings={settings}
					from={screen.from}
					onGoOn={() => void start(target === 'local' ? localSetup : (ui) => redshiftSetup(ui, screen.from))}
					onMenu={stepBack}
				/>
			);
		case 'menu':
			return (
				<>
					<MenuScreen settings={settings} commands={actions.menuCommands} {...(world ? {world} : {})} onChoose={choose} {...(menuAt ? {initial: menuAt} : {})} />
					{sessionSource ? <SessionSourceNote source={sessionSource} target={target} /> : null}
				</>
			);
		case 'use':
			return (
				<MenuScreen
					key="use"
					kind="use"
					settings={settings}
					commands={actions.menuCommands}
					{...(world ? {world} : {})}
					onChoose={(choice) => choose(choice, 'use')}
					{...(useAt ? {initial: useAt} : {})}
				/>
			);
		case 'query':
			return (
				<QueryScreen
					target={target}
					run={(sql) => actions.query(sql)}
					history={screen.history}
					remember={(sql) => actions.rememberQuery(sql)}
					onBack={() => show({name: 'use'})}
				/>
			);
		case 'settings':
			return (
				<SettingsScreen
					settings={settings}
					validators={actions.validators}
					profiles={actions.awsProfiles()}
					onSave={async (change) => {
						await actions.saveSetting(change);
						setSettings(actions.settings());
					}}
					onBack={stepBack}
				/>
			);
		case 'running':
			return (
				<RunView
					state={state}
					rows={rows || 24}
					columns={columns || 80}
					onPrinted={onPrinted}
					{...(screen.afterwards === 'menu' ? {footer: 'Enter: back to the menu · Ctrl-C: quit'} : {})}
				/>
			);
	}
}

/** A question screen with the answers given before it in this setup above it (printed for good once a command runs). */
function Answered({state, children}: {readonly state: UiState; readonly children: ReactNode}) {
	const answers = pendingAnswers(state);
	return (
		<Box flexDirection="column">
			{answers.map((line) => (
				<AnsweredQuestion key={line.seq} question={line.question} answer={line.answer} />
			))}
			{children}
		</Box>
	);
}
