// The interactive app: the guided wizard on a first run (and when a setup was left
// unfinished), the menu afterwards, and any one command drawn live. It only moves between
// screens; the work is done by commands it runs through the actions, whose progress arrives
// in the store. Ctrl-C: the first press cancels the running command, the second quits.

import {Box, Text, useApp, useInput, useStdout} from 'ink';
import {useEffect, useState, useSyncExternalStore} from 'react';
import type {SettingsView, UiActions, WorldState} from './actions.js';
import {ClusterScreen, type ClusterChoice} from './screens/cluster-screen.js';
import {CredentialsScreen, type CredentialsChoice} from './screens/credentials-screen.js';
import {SelectList} from './components/select-list.js';
import {MenuScreen, SettingsScreen, type MenuChoice} from './screens/menu-screen.js';
import {RunView} from './screens/run-view.js';
import {SizingScreen, type SizingScreenProps} from './screens/sizing-screen.js';
import {TargetScreen, type Target} from './screens/target-screen.js';
import type {UiStore} from './store.js';

type Screen =
	| {readonly name: 'target'}
	/** `setup`: part of the guided setup, which goes on to the next step; else back to the menu. */
	| {readonly name: 'credentials'; readonly setup: boolean}
	| {readonly name: 'sizing'; readonly setup: boolean; readonly props: Omit<SizingScreenProps, 'onDone' | 'onCancel'>}
	| {readonly name: 'cluster'; readonly sizing: readonly string[]}
	/** A setup left unfinished: go on from `from`, or open the menu. */
	| {readonly name: 'resume'; readonly from: (typeof redshiftSetup)[number]}
	| {readonly name: 'running'; readonly then: 'menu' | 'exit' | 'stay'}
	| {readonly name: 'menu'}
	| {readonly name: 'settings'};

/** The Redshift setup, in order; the wizard resumes at the first step not yet done. */
const redshiftSetup = ['credentials', 'sizing', 'role', 'cluster', 'network', 'run'] as const;

export function resumePoint(settings: SettingsView): (typeof redshiftSetup)[number] | 'target' | undefined {
	if (!settings.target) return 'target';
	if (settings.target === 'local') return settings.steps.check?.status === 'done' ? undefined : 'run';
	const done = (id: string) => settings.steps[id]?.status === 'done';
	return redshiftSetup.find((id) => (id === 'run' ? !done('check') : !done(id)));
}

export type AppProps = {
	readonly actions: UiActions;
	readonly store: UiStore;
	/** A command given on the command line: run it, show it, and exit with its code. */
	readonly command?: readonly string[];
	readonly onExit: (code: number) => void;
};

export function App({actions, store, command, onExit}: AppProps) {
	const state = useSyncExternalStore(store.subscribe, store.getState);
	const {exit} = useApp();
	const {stdout} = useStdout();
	// What is left for an outcome's lines once the steps, a gap and the footer are drawn.
	const summaryHeight = Math.max(5, ((stdout as NodeJS.WriteStream).rows || 24) - state.steps.length - 4);
	const [settings, setSettings] = useState(() => actions.settings());
	const [world, setWorld] = useState<WorldState | undefined>();
	const [menuAt, setMenuAt] = useState<MenuChoice | undefined>();
	const [screen, setScreen] = useState<Screen>(() => {
		if (command) return {name: 'running', then: 'exit'};
		const resume = resumePoint(settings);
		if (resume === 'target') return {name: 'target'};
		if (resume === 'credentials') return {name: 'credentials', setup: true};
		// Going on may start a load or a paid cluster: it is offered, not done behind the user's back.
		if (resume) return {name: 'resume', from: resume};
		return {name: 'menu'};
	});

	const quit = (code: number) => {
		onExit(code);
		exit();
	};
	const target = settings.target ?? 'local';

	/** Runs commands one after another, stopping at the first that does not succeed. */
	const runAll = async (commands: ReadonlyArray<readonly string[]>, then: 'menu' | 'exit' | 'stay' = 'menu') => {
		setScreen({name: 'running', then});
		let code = 0;
		for (const [index, argv] of commands.entries()) {
			code = await actions.run(argv, {keepSteps: index > 0});
			if (code !== 0) break;
		}
		setSettings(actions.settings());
		if (then === 'exit') quit(code);
		return code;
	};

	useEffect(() => {
		if (command) void runAll([command], 'exit');
		// Once, at start.
	}, []);

	useEffect(() => {
		if (screen.name !== 'menu') return;
		setSettings(actions.settings());
		let current = true;
		void actions.worldState().then((found) => current && setWorld(found));
		return () => {
			current = false;
		};
	}, [screen.name, actions]);

	/** The setup from a given step on: each step a command, the sizing a screen. */
	async function continueSetup(from: (typeof redshiftSetup)[number]) {
		if (target === 'local' || from === 'run') return void runAll([['run', '--target', target]]);
		if (from === 'credentials') return setScreen({name: 'credentials', setup: true});
		if (from === 'sizing') return showSizing(true);
		const rest = redshiftSetup.slice(redshiftSetup.indexOf(from)).map((id) => (id === 'run' ? ['run', '--target', 'redshift'] : [id]));
		await runAll(rest);
	}

	async function showSizing(setup: boolean) {
		const code = await runAll([['sizing']], setup ? 'stay' : 'menu');
		const data = store.getState().outcome?.data as Omit<SizingScreenProps, 'onDone' | 'onCancel'> | undefined;
		if (code === 0 && data?.offers) setScreen({name: 'sizing', setup, props: {region: data.region, offers: data.offers, hoursPerMonth: data.hoursPerMonth, ...(data.serverless ? {serverless: data.serverless} : {}), initial: {nodeType: String(settings.aws.nodeType ?? ''), nodes: Number(settings.aws.nodes ?? 1)}}});
	}

	async function afterCredentials(choice: CredentialsChoice, setup: boolean) {
		if (choice.keys && choice.profile) actions.saveKeys(choice.profile, choice.keys);
		const code = await runAll([['credentials', '--region', choice.region, ...(choice.profile ? ['--profile', choice.profile] : [])]], setup ? 'stay' : 'menu');
		if (code === 0 && setup) await showSizing(true);
	}

	/** A size accepted: in the setup, the cluster's name and access come next; from the menu, only the size is kept. */
	function afterSizing(choice: {nodeType: string; nodes: number}, setup: boolean) {
		const sizing = ['sizing', '--node-type', choice.nodeType, '--nodes', String(choice.nodes)];
		if (setup) setScreen({name: 'cluster', sizing});
		else void runAll([sizing]);
	}

	/** Then every step that creates something, in order, each told the cluster's name. */
	function afterCluster(sizing: readonly string[], choice: ClusterChoice) {
		const named = ['--cluster-id', choice.clusterId];
		// Wider than a /16 needs --allow-world; the network step then asks again, with the warning.
		const access = choice.cidr ? ['--cidr', choice.cidr, ...(Number(choice.cidr.split('/')[1]) < 16 ? ['--allow-world'] : [])] : [];
		// `cluster` makes the role too, after its plan (role, group, cluster) is confirmed: nothing is made before.
		void runAll([[...sizing, ...named], ['cluster', ...named], ['network', ...named, ...access], ['run', '--target', 'redshift', ...named]]);
	}

	async function chooseTarget(chosen: Target) {
		await actions.chooseTarget(chosen);
		setSettings(actions.settings());
		if (chosen === 'redshift') setScreen({name: 'credentials', setup: true});
		else void runAll([['run', '--target', 'local']]);
	}

	function choose(choice: MenuChoice) {
		setMenuAt(choice);
		const on = ['--target', target];
		switch (choice) {
			case 'quit':
				return quit(0);
			case 'settings':
				return setScreen({name: 'settings'});
			case 'credentials':
				return setScreen({name: 'credentials', setup: false});
			case 'sizing':
				return void showSizing(false);
			case 'switch-target':
				return void chooseTarget(target === 'redshift' ? 'local' : 'redshift');
			case 'run':
			case 'etl':
			case 'check':
			case 'watch':
				return void runAll([[choice, ...on]]);
			case 'profile':
			case 'schema':
				return void runAll([[choice]]);
			case 'role':
			case 'cluster':
			case 'network':
			case 'teardown':
				return void runAll([[choice]]);
			default:
				return void runAll([['analytics', choice.slice('analytics:'.length), ...on]]);
		}
	}

	useInput((input, key) => {
		if (key.ctrl && input === 'c') {
			if (!state.busy) return quit(screen.name === 'running' ? state.lastExit : 0);
			if (state.cancelling) return quit(130);
			return actions.cancel();
		}
		if (screen.name === 'running' && !state.busy && !state.question && (key.return || key.escape)) {
			if (screen.then === 'menu' || (screen.then === 'stay' && state.lastExit !== 0)) setScreen({name: 'menu'});
		}
		if (screen.name === 'settings' && (key.return || key.escape)) setScreen({name: 'menu'});
	});

	switch (screen.name) {
		case 'target':
			return <TargetScreen onChoose={(chosen) => void chooseTarget(chosen)} />;
		case 'credentials':
			return <CredentialsScreen profiles={actions.awsProfiles()} validators={actions.validators} {...(settings.aws.region ? {initialRegion: String(settings.aws.region)} : {})} onDone={(choice) => void afterCredentials(choice, screen.setup)} onCancel={() => setScreen({name: 'menu'})} />;
		case 'sizing':
			return <SizingScreen {...screen.props} onDone={(choice) => afterSizing(choice, screen.setup)} onCancel={() => setScreen({name: 'menu'})} />;
		case 'cluster':
			return <ClusterScreen validators={actions.validators} {...(settings.aws.clusterId ? {initialId: String(settings.aws.clusterId)} : {})} onDone={(choice) => afterCluster(screen.sizing, choice)} onCancel={() => setScreen({name: 'menu'})} />;
		case 'resume':
			return (
				<Box flexDirection="column">
					<Text bold>The setup of the {target === 'redshift' ? 'Redshift' : 'local'} warehouse stopped before: {screen.from}</Text>
					<SelectList
						items={[
							{label: `Go on from ${screen.from}`, value: 'go' as const},
							{label: 'Open the menu', value: 'menu' as const},
						]}
						onSelect={(choice) => (choice === 'go' ? void continueSetup(screen.from) : setScreen({name: 'menu'}))}
					/>
				</Box>
			);
		case 'menu':
			return <MenuScreen settings={settings} {...(world ? {world} : {})} onChoose={choose} {...(menuAt ? {initial: menuAt} : {})} />;
		case 'settings':
			return <SettingsScreen settings={settings} />;
		case 'running':
			return (
				<Box flexDirection="column">
					<RunView state={state} maxSummaryLines={summaryHeight} {...(screen.then === 'menu' ? {footer: 'Enter: back to the menu · Ctrl-C: quit'} : {})} />
					{screen.then === 'stay' && !state.busy && state.lastExit !== 0 ? <Text color="gray">Enter: the menu · Ctrl-C: quit</Text> : null}
				</Box>
			);
	}
}
