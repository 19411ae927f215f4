// Every remembered choice, and a way to change each: the data the menu's loads read, the bad
// records they tolerate, where the warehouse lives, and the AWS region, profile and cluster
// name. Enter edits the highlighted one with the wizard's own question, checked as typed by
// the wizard's own rules; the change is saved through the actions (never from here), and the
// list shows the new value. Esc in a question goes back to the list; Esc in the list, to the menu.

import {Box, Text} from 'ink';
import {useState} from 'react';
import type {SettingChange, SettingsView, Validators} from '../actions.js';
import {type SelectItem, SelectList} from '../components/select-list.js';
import {TextField} from '../components/text-field.js';
import {SourceScreen} from './source-screen.js';
import {realSample} from '../../commands/real-sample.js';

type Key = SettingChange['key'];

const labels: Readonly<Record<Key, string>> = {
	source: 'Data to load',
	maxErrors: 'Bad records tolerated',
	target: 'Warehouse',
	region: 'AWS region',
	profile: 'AWS profile',
	clusterId: 'Cluster name',
};

const defaultChain = 'the default credential chain';

/** Each choice as the list shows it: what it is now, in words. */
function current(settings: SettingsView, key: Key): string {
	const redshift = settings.target === 'redshift';
	switch (key) {
		case 'source': {
			const fallback = redshift ? 'the public Sparkify bucket' : 'the generated sample';
			if (!settings.source) return fallback;
			// Kept for when the warehouse changes back, but not what the loads read now: said, so no load surprises.
			const fits = settings.source.startsWith('s3://') === redshift;
			const named = settings.source === realSample.folder ? 'the real Sparkify sample' : settings.source;
			return fits ? named : `${fallback} (${named} does not fit ${redshift ? 'Redshift' : 'this machine'})`;
		}
		case 'maxErrors':
			return settings.maxErrors ? String(settings.maxErrors) : '0 (the first bad record stops a load)';
		case 'target':
			return redshift ? 'Amazon Redshift' : 'on this machine (embedded PostgreSQL)';
		case 'region':
			return settings.aws.region ? String(settings.aws.region) : 'not chosen yet';
		case 'profile':
			return settings.aws.profile ? String(settings.aws.profile) : defaultChain;
		case 'clusterId':
			return settings.aws.clusterId ? String(settings.aws.clusterId) : 'not chosen yet';
	}
}

const order: readonly Key[] = ['source', 'maxErrors', 'target', 'region', 'profile', 'clusterId'];

export type SettingsScreenProps = {
	readonly settings: SettingsView;
	readonly validators: Validators;
	/** Profile names from the AWS shared files. */
	readonly profiles: readonly string[];
	/** Saves a change; a refusal (the settings' own check) is shown under the list. */
	readonly onSave: (change: SettingChange) => Promise<void>;
	/** Esc in the list: back to the menu. */
	readonly onBack: () => void;
};

export function SettingsScreen({settings, validators, profiles, onSave, onBack}: SettingsScreenProps) {
	const [editing, setEditing] = useState<Key | undefined>();
	const [marked, setMarked] = useState<Key>('source');
	const [said, setSaid] = useState<{readonly ok: boolean; readonly text: string} | undefined>();
	const back = () => setEditing(undefined);
	const save = (change: SettingChange) => {
		setEditing(undefined);
		onSave(change).then(
			() => setSaid({ok: true, text: `Saved: ${labels[change.key].toLowerCase()}.`}),
			(error: unknown) => setSaid({ok: false, text: `Not saved: ${error instanceof Error ? error.message : String(error)}`}),
		);
	};
	if (editing === 'source') {
		return (
			<SourceScreen
				target={settings.target ?? 'local'}
				validators={validators}
				{...(settings.source ? {initial: settings.source} : {})}
				onDone={(choice) => save({key: 'source', choice})}
				onCancel={back}
			/>
		);
	}
	if (editing) {
		return (
			<Box flexDirection="column">
				<Text bold>{labels[editing]}</Text>
				<Editor editing={editing} settings={settings} validators={validators} profiles={profiles} save={save} back={back} />
			</Box>
		);
	}
	const items: SelectItem<Key>[] = order.map((key) => ({label: labels[key], value: key, hint: current(settings, key)}));
	return (
		<Box flexDirection="column">
			<Text bold>
				Settings <Text color="gray">— {settings.path}</Text>
			</Text>
			<SelectList<Key>
				items={items}
				initialIndex={order.indexOf(marked)}
				onSelect={(key) => {
					setMarked(key);
					setSaid(undefined);
					setEditing(key);
				}}
				onCancel={onBack}
			/>
			{said ? <Text color={said.ok ? 'green' : 'yellow'}>{said.ok ? `✔ ${said.text}` : `✖ ${said.text}`}</Text> : null}
			<Text color="gray">Enter to change · Esc back to the menu · no secret is ever stored here</Text>
		</Box>
	);
}

type EditorProps = Omit<SettingsScreenProps, 'onSave' | 'onBack'> & {
	readonly editing: Exclude<Key, 'source'>;
	readonly save: (change: SettingChange) => void;
	readonly back: () => void;
};

/** The names typed in: the wizard's default, its rule, and the form it is kept in (Redshift's names are lower case). */
const names = {
	region: {label: 'Region:', fallback: 'us-west-2', normal: (value: string) => value, validate: (rules: Validators, value: string) => rules.region(value)},
	clusterId: {label: 'Name:', fallback: 'sparkify-dwh', normal: (value: string) => value.toLowerCase(), validate: (rules: Validators, value: string) => rules.clusterId(value)},
} as const;

/** The question for one choice, as the wizard asks it. */
function Editor({editing, settings, validators, profiles, save, back}: EditorProps) {
	const {aws} = settings;
	switch (editing) {
		case 'maxErrors':
			return (
				<>
					<TextField
						label="Bad records:"
						defaultValue={String(settings.maxErrors ?? 0)}
						validate={validators.maxErrors}
						onSubmit={(value) => save({key: 'maxErrors', value: Number(value)})}
						onCancel={back}
					/>
					<Text color="gray">How many bad records a load sets aside (and lists) before it fails. Enter to save, Esc to go back.</Text>
				</>
			);
		case 'target': {
			const targets: SelectItem<'local' | 'redshift'>[] = [
				{label: 'On this machine', value: 'local', hint: 'embedded PostgreSQL: free, nothing to install'},
				{label: 'Amazon Redshift', value: 'redshift', hint: 'the cluster the AWS steps make; billed by the hour'},
			];
			return (
				<>
					<SelectList items={targets} initialIndex={settings.target === 'redshift' ? 1 : 0} onSelect={(value) => save({key: 'target', value})} onCancel={back} />
					<Text color="gray">Nothing is made or deleted here: the menu then offers that warehouse's steps.</Text>
				</>
			);
		}
		case 'profile': {
			const chain = '\u0000chain';
			const choices: SelectItem<string>[] = [...profiles.map((name) => ({label: `profile ${name}`, value: name})), {label: defaultChain, value: chain, hint: 'AWS_PROFILE, keys in the environment, SSO'}];
			const at = Math.max(0, choices.findIndex((item) => item.value === (aws.profile ? String(aws.profile) : chain)));
			return (
				<>
					<SelectList items={choices} initialIndex={at} onSelect={(value) => save({key: 'profile', value: value === chain ? undefined : value})} onCancel={back} />
					<Text color="gray">Profiles from ~/.aws. New keys are typed in the menu's "Credentials".</Text>
				</>
			);
		}
		case 'region':
		case 'clusterId': {
			const {label, fallback, normal, validate} = names[editing];
			const now = aws[editing];
			return (
				<>
					<TextField
						label={label}
						defaultValue={now ? String(now) : fallback}
						validate={(value) => validate(validators, normal(value))}
						onSubmit={(value) => save({key: editing, value: normal(value)})}
						onCancel={back}
					/>
					{editing === 'clusterId' && settings.steps.cluster?.status === 'done' ? (
						<Text color="yellow">The AWS steps then work on the cluster of this name; {String(now)} is left as it is (and billed).</Text>
					) : null}
				</>
			);
		}
	}
}
