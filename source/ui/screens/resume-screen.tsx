// A setup left unfinished, offered in plain words: what stopped (the step by what it does, not
// its id), and, when the data was loaded and only a quality check failed, that — so the user
// knows the data is there and what going on will do. Going on may start a load or a paid
// cluster, so it is a choice, never done behind the user's back.

import {Box, Text} from 'ink';
import type {SetupStep} from '../../flows/setup.js';
import type {SettingsView} from '../actions.js';
import {SelectList} from '../components/select-list.js';

/** Each setup step by what it does, as it reads after "stopped before" and "Go on with". */
const doing: Readonly<Record<SetupStep, string>> = {
	credentials: 'checking the AWS credentials',
	sizing: 'choosing the cluster size',
	role: 'creating the IAM role',
	cluster: 'creating the cluster',
	network: 'opening the cluster port',
	run: 'loading the data',
};

/** The question's title and its "go on" choice, for a setup that stopped before `from`. */
export function resumeWords(settings: Pick<SettingsView, 'target' | 'steps'>, from: SetupStep): {readonly title: string; readonly goOn: string} {
	const where = settings.target === 'redshift' ? 'the cluster' : 'the local warehouse';
	if (from === 'run') {
		const {etl, check} = settings.steps;
		if (etl?.status === 'done' && check?.status === 'failed') {
			return {title: `The data is loaded into ${where}, but a quality check failed${check.detail ? ` (${check.detail})` : ''}.`, goOn: 'Load and check again'};
		}
		if (etl?.status === 'done') return {title: `The data is loaded into ${where}, but not checked yet.`, goOn: 'Load and check again'};
		if (etl?.status === 'failed' || etl?.status === 'cancelled') return {title: `The last load into ${where} ${etl.status === 'failed' ? 'failed' : 'was cancelled'}.`, goOn: 'Load again'};
		return {title: `Nothing has been loaded into ${where} yet.`, goOn: 'Choose the data and load it'};
	}
	return {title: `The Redshift setup stopped before ${doing[from]}.`, goOn: `Go on with ${doing[from]}`};
}

export function ResumeScreen(props: {
	readonly settings: Pick<SettingsView, 'target' | 'steps'>;
	readonly from: SetupStep;
	readonly onGoOn: () => void;
	readonly onMenu: () => void;
}) {
	const {title, goOn} = resumeWords(props.settings, props.from);
	return (
		<Box flexDirection="column">
			<Text bold>{title}</Text>
			<SelectList
				items={[
					{label: goOn, value: 'go' as const},
					{label: 'Open the menu', value: 'menu' as const},
				]}
				onSelect={(choice) => (choice === 'go' ? props.onGoOn() : props.onMenu())}
			/>
		</Box>
	);
}
