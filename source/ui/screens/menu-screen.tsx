// The returning user's home: every step with its state (what was last done, and what the
// world says now), and the other things to do — watch a load, check quality, analytics,
// the schema, settings, teardown.

import {Box, Text} from 'ink';
import type {MenuCommand} from '../../commands/registry.js';
import {formatLocalTime} from '../../core/format.js';
import type {WorldState} from '../../commands/world-state.js';
import type {SettingsView} from '../actions.js';
import {SelectList, type SelectItem} from '../components/select-list.js';

/** A command's entry (`run`, or `analytics:top_songs` with its question), or one of the app's own. */
export type MenuChoice = string;

/** The value an entry stands for in the list: its command, and its question if it has one. */
export function menuValue(entry: MenuCommand): MenuChoice {
	return entry.argument ? `${entry.command}:${entry.argument}` : entry.command;
}

function stepState(settings: SettingsView, id: string): string {
	const record = settings.steps[id];
	if (!record) return 'not done';
	const when = formatLocalTime(record.at, {short: true});
	return `${record.status === 'done' ? '✔ done' : record.status === 'failed' ? '✖ failed' : '⊘ cancelled'} ${when}`;
}

function entryHint(entry: MenuCommand, settings: SettingsView, world: WorldState | undefined): string | undefined {
	if (entry.note) return entry.note;
	if (!entry.state) return undefined;
	const now =
		entry.world === 'warehouse' && world?.warehouse
			? ` · now: ${world.warehouse}`
			: entry.world === 'cluster' && world?.cluster
				? ` · AWS says: ${world.cluster}${world.clusterNote ? `, ${world.clusterNote}` : ''}`
				: '';
	return `${stepState(settings, entry.state)}${now}`;
}

/** Which list: the main menu, or "Use the warehouse…" (query, analytics, profile, schema, watch). */
export type MenuKind = 'main' | 'use';

/**
 * The menu: the registry's commands (the AWS steps only on Redshift), then the app's own
 * entries. Using the warehouse has a list of its own, so the main menu fits a 24-row terminal
 * with every AWS step on it.
 */
export function menuItems(settings: SettingsView, world: WorldState | undefined, commands: readonly MenuCommand[], kind: MenuKind = 'main'): SelectItem<MenuChoice>[] {
	const target = settings.target ?? 'local';
	const items: SelectItem<MenuChoice>[] = commands
		.filter((entry) => (!entry.redshiftOnly || target === 'redshift') && (entry.use === true) === (kind === 'use'))
		.map((entry) => {
			const hint = entryHint(entry, settings, world);
			// The whole pipeline says where it runs: the one entry whose target is not obvious from the header alone.
			const label = entry.command === 'run' && target === 'redshift' ? `${entry.label} on Redshift` : entry.label;
			return {label, value: menuValue(entry), ...(hint ? {hint} : {})};
		});
	if (kind === 'use') return [{label: 'Query the warehouse', value: 'query', hint: 'your own SQL, read-only'}, ...items, {label: 'Back', value: 'back'}];
	// After the warehouse's own steps, before the AWS ones.
	const firstAws = items.findIndex((item) => commands.find((entry) => menuValue(entry) === item.value)?.redshiftOnly);
	items.splice(firstAws === -1 ? items.length : firstAws, 0, {label: 'Use the warehouse…', value: 'use', hint: 'query, analytics, profile, schema, watch'});
	items.push(
		{label: 'Settings', value: 'settings'},
		{label: target === 'redshift' ? 'Switch to the local warehouse' : 'Set up Amazon Redshift', value: 'switch-target'},
		{label: 'Quit', value: 'quit'},
	);
	return items;
}

export function MenuScreen(props: {
	readonly settings: SettingsView;
	readonly commands: readonly MenuCommand[];
	readonly world?: WorldState;
	readonly onChoose: (choice: MenuChoice) => void;
	readonly initial?: MenuChoice;
	/** The main menu (default) or the "Use the warehouse…" list, which Esc leaves (as the choice `back`). */
	readonly kind?: MenuKind;
}) {
	const kind = props.kind ?? 'main';
	const items = menuItems(props.settings, props.world, props.commands, kind);
	const initialIndex = Math.max(0, items.findIndex((item) => item.value === props.initial));
	return (
		<Box flexDirection="column">
			<Text bold>
				sparkify-dwh <Text color="gray">— {props.settings.target === 'redshift' ? 'Amazon Redshift' : 'local warehouse'}{props.world ? '' : ' (checking…)'}</Text>
				{kind === 'use' ? ' › Use the warehouse' : ''}
			</Text>
			<SelectList items={items} onSelect={props.onChoose} initialIndex={initialIndex} {...(kind === 'use' ? {onCancel: () => props.onChoose('back')} : {})} />
			<Text color="gray">{kind === 'use' ? '↑↓ Enter · Esc: back · Ctrl-C quits' : '↑↓ Enter · Ctrl-C quits'}</Text>
		</Box>
	);
}
