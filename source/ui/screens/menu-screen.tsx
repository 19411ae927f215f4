// The returning user's home: every step with its state (what was last done, and what the
// world says now), and the other things to do — watch a load, check quality, analytics,
// the schema, settings, teardown.

import {Box, Text} from 'ink';
import type {SettingsView, WorldState} from '../actions.js';
import {SelectList, type SelectItem} from '../components/select-list.js';

export type MenuChoice =
	| 'run' | 'etl' | 'check' | 'watch' | 'analytics:top_songs' | 'analytics:plays_by_hour' | 'analytics:free_vs_paid'
	| 'profile' | 'schema' | 'credentials' | 'sizing' | 'role' | 'cluster' | 'network' | 'settings' | 'teardown' | 'switch-target' | 'quit';

function stepState(settings: SettingsView, id: string): string {
	const record = settings.steps[id];
	if (!record) return 'not done';
	const when = record.at.slice(0, 16).replace('T', ' ');
	return `${record.status === 'done' ? '✔ done' : record.status === 'failed' ? '✖ failed' : '⊘ cancelled'} ${when}`;
}

export function menuItems(settings: SettingsView, world: WorldState | undefined): SelectItem<MenuChoice>[] {
	const target = settings.target ?? 'local';
	const onTarget = target === 'redshift' ? ' on Redshift' : '';
	const items: SelectItem<MenuChoice>[] = [
		{label: `Run the whole pipeline${onTarget}`, value: 'run', hint: stepState(settings, 'check')},
		{label: 'Load again (etl)', value: 'etl', hint: `${stepState(settings, 'etl')}${world?.warehouse ? ` · now: ${world.warehouse}` : ''}`},
		{label: 'Check data quality', value: 'check', hint: stepState(settings, 'check')},
		{label: 'Watch a running load', value: 'watch', hint: 'from another terminal too'},
		{label: 'Analytics: top songs', value: 'analytics:top_songs'},
		{label: 'Analytics: plays by hour', value: 'analytics:plays_by_hour'},
		{label: 'Analytics: free vs paid', value: 'analytics:free_vs_paid'},
		{label: 'Profile the source', value: 'profile'},
		{label: 'The schema', value: 'schema'},
	];
	if (target === 'redshift') {
		items.push(
			{label: 'AWS credentials', value: 'credentials', hint: stepState(settings, 'credentials')},
			{label: 'Cluster size', value: 'sizing', hint: stepState(settings, 'sizing')},
			{label: 'IAM role', value: 'role', hint: stepState(settings, 'role')},
			{label: 'Cluster', value: 'cluster', hint: `${stepState(settings, 'cluster')}${world?.cluster ? ` · AWS says: ${world.cluster}` : ''}`},
			{label: 'Open the port', value: 'network', hint: stepState(settings, 'network')},
			{label: 'Tear everything down', value: 'teardown', hint: stepState(settings, 'teardown')},
		);
	}
	items.push(
		{label: 'Settings', value: 'settings'},
		{label: target === 'redshift' ? 'Switch to the local warehouse' : 'Set up Amazon Redshift', value: 'switch-target'},
		{label: 'Quit', value: 'quit'},
	);
	return items;
}

export function MenuScreen(props: {readonly settings: SettingsView; readonly world?: WorldState; readonly onChoose: (choice: MenuChoice) => void; readonly initial?: MenuChoice}) {
	const items = menuItems(props.settings, props.world);
	const initialIndex = Math.max(0, items.findIndex((item) => item.value === props.initial));
	return (
		<Box flexDirection="column">
			<Text bold>
				sparkify-dwh <Text color="gray">— {props.settings.target === 'redshift' ? 'Amazon Redshift' : 'local warehouse'}{props.world ? '' : ' (checking…)'}</Text>
			</Text>
			<SelectList items={items} onSelect={props.onChoose} initialIndex={initialIndex} />
			<Text color="gray">↑↓ Enter · Ctrl-C quits</Text>
		</Box>
	);
}

export function SettingsScreen({settings}: {readonly settings: SettingsView}) {
	const aws = Object.entries(settings.aws).filter(([, value]) => value !== undefined);
	return (
		<Box flexDirection="column">
			<Text bold>Settings</Text>
			<Text>file: {settings.path}</Text>
			<Text>target: {settings.target ?? 'local'}</Text>
			{aws.map(([key, value]) => (
				<Text key={key}>
					aws.{key}: {String(value)}
				</Text>
			))}
			<Text color="gray">No secret is ever stored here. Esc or Enter: back</Text>
		</Box>
	);
}
