// The Settings screen: every remembered choice with its value; Enter edits one with the
// wizard's own question and rules (a bad value refused inline, nothing saved), the new value
// shown once saved; Esc steps back from a question to the list, and from the list to the menu.

import assert from 'node:assert/strict';
import path from 'node:path';
import {afterEach, test} from 'node:test';
import {cleanup, render} from 'ink-testing-library';
import {useState} from 'react';
import type {SettingChange, SettingsView} from '../../source/ui/actions.js';
import {SettingsScreen} from '../../source/ui/screens/settings-screen.js';
import {validators} from './fake-actions.js';
import {cells, keys, lines, press, recorder, screen} from './ink-helpers.js';

afterEach(() => cleanup());

const sample = path.resolve(import.meta.dirname, '..', 'fixtures', 'sparkify-sample');
const file = '/home/test/.local/share/sparkify-dwh/config/settings.json';

type HarnessProps = {readonly initial: Partial<SettingsView>; readonly refuse?: string; readonly saved: SettingChange[]; readonly back: () => void};

/** The screen with settings that change as they are saved, as the app's do. */
function Harness({initial, refuse, saved, back}: HarnessProps) {
	const [settings, setSettings] = useState<SettingsView>({path: file, steps: {}, aws: {}, ...initial});
	const onSave = async (change: SettingChange) => {
		if (refuse) throw new Error(refuse);
		saved.push(change);
		setSettings((now) => {
			if (change.key === 'source') return {...now, source: change.choice.kind === 'default' ? undefined : change.choice.location} as SettingsView;
			if (change.key === 'target' || change.key === 'maxErrors') return {...now, [change.key]: change.value};
			return {...now, aws: {...now.aws, [change.key]: change.value}};
		});
	};
	return <SettingsScreen settings={settings} validators={validators} profiles={['default', 'work']} onSave={onSave} onBack={back} />;
}

/** The screen drawn; what was saved, and the Esc out. */
function settingsScreen(initial: Partial<SettingsView> = {}, options: {refuse?: string} = {}) {
	const saved: SettingChange[] = [];
	const back = recorder<[]>();
	return {instance: render(<Harness initial={initial} saved={saved} back={back} {...options} />), saved, back};
}

test('SettingsScreen: every remembered choice with its value in words, the file named, within 80 columns', () => {
	const {instance} = settingsScreen();
	assert.deepEqual(lines(instance), [
		`Settings — ${file}`,
		'❯ 1. Data to load  the generated sample',
		'  2. Bad records tolerated  0 (the first bad record stops a load)',
		'  3. Warehouse  on this machine (embedded PostgreSQL)',
		'  4. AWS region  not chosen yet',
		'  5. AWS profile  the default credential chain',
		'  6. Cluster name  not chosen yet',
		'Enter to change · Esc back to the menu · no secret is ever stored here',
	]);
	for (const line of lines(instance)) assert.ok(cells(line) <= 80, line);
	const redshift = screen(settingsScreen({target: 'redshift', source: 's3://my-bucket/sparkify', aws: {region: 'eu-west-1', profile: 'work', clusterId: 'dwh'}}).instance);
	assert.match(redshift, /Data to load {2}s3:\/\/my-bucket\/sparkify$/m);
	assert.match(redshift, /Warehouse {2}Amazon Redshift$/m);
	assert.match(redshift, /AWS region {2}eu-west-1$/m);
	assert.match(redshift, /AWS profile {2}work$/m);
	assert.match(redshift, /Cluster name {2}dwh$/m);
});

test('SettingsScreen: the data is the wizard question; a folder is refused inline until it holds the data, then saved and shown', async () => {
	const {instance, saved} = settingsScreen();
	await press(instance, keys.enter);
	assert.match(screen(instance), /Which data should be loaded\?/);
	await press(instance, '3', '/no/such/place', keys.enter);
	assert.match(screen(instance), /↳ There is no \/no\/such\/place\./);
	assert.deepEqual(saved, [], 'nothing saved while the folder is refused');
	for (let typed = 0; typed < '/no/such/place'.length; typed++) await press(instance, keys.backspace);
	await press(instance, sample, keys.enter);
	assert.deepEqual(saved, [{key: 'source', choice: {kind: 'folder', location: sample}}]);
	assert.match(screen(instance), /❯ 1\. Data to load {2}the real Sparkify sample$/m, 'back on the list, the new value on its row (the sample that comes with the tool, by name)');
	assert.match(screen(instance), /✔ Saved: data to load\./);
});

test('SettingsScreen: bad records take a whole number; a word is refused inline', async () => {
	const {instance, saved} = settingsScreen();
	await press(instance, '2');
	assert.match(screen(instance), /^Bad records: /m);
	await press(instance, 'ten', keys.enter);
	assert.match(screen(instance), /↳ A whole number/);
	assert.deepEqual(saved, []);
	for (let typed = 0; typed < 3; typed++) await press(instance, keys.backspace);
	await press(instance, '25', keys.enter);
	assert.deepEqual(saved, [{key: 'maxErrors', value: 25}]);
	assert.match(screen(instance), /Bad records tolerated {2}25$/m);
});

test('SettingsScreen: the warehouse is chosen from the two, marked where it is now', async () => {
	const {instance, saved} = settingsScreen();
	await press(instance, '3');
	assert.match(screen(instance), /❯ 1\. On this machine/);
	await press(instance, keys.down, keys.enter);
	assert.deepEqual(saved, [{key: 'target', value: 'redshift'}]);
	assert.match(screen(instance), /Warehouse {2}Amazon Redshift$/m);
	assert.match(screen(instance), /Data to load {2}the public Sparkify bucket$/m, 'the default data follows the warehouse');
	const folderOnRedshift = screen(settingsScreen({target: 'redshift', source: '/data/sparkify'}).instance);
	assert.match(folderOnRedshift, /Data to load {2}the public Sparkify bucket \(\/data\/sparkify does not fit Redshift\)$/m, 'a folder is not what Redshift loads');
});

test('SettingsScreen: the region is checked as typed; the remembered one is the default', async () => {
	const {instance, saved} = settingsScreen({aws: {region: 'us-west-2'}});
	await press(instance, '4');
	assert.match(screen(instance), /Region: .*us-west-2/);
	await press(instance, 'mars-1', keys.enter);
	assert.match(screen(instance), /↳ /, 'an invalid region is refused inline');
	assert.deepEqual(saved, []);
	for (let typed = 0; typed < 'mars-1'.length; typed++) await press(instance, keys.backspace);
	await press(instance, 'eu-central-1', keys.enter);
	assert.deepEqual(saved, [{key: 'region', value: 'eu-central-1'}]);
	assert.match(screen(instance), /AWS region {2}eu-central-1$/m);
});

test('SettingsScreen: the profile is one from ~/.aws or the default chain (saved as no profile)', async () => {
	const {instance, saved} = settingsScreen({aws: {profile: 'work'}});
	await press(instance, '5');
	assert.match(screen(instance), /❯ 2\. profile work/, 'the remembered profile is marked');
	await press(instance, '3');
	assert.deepEqual(saved, [{key: 'profile', value: undefined}]);
	await press(instance, '5', '1');
	assert.deepEqual(saved.at(-1), {key: 'profile', value: 'default'});
	assert.match(screen(instance), /AWS profile {2}default$/m);
});

test('SettingsScreen: the cluster name follows Redshift\'s rules, lower-cased; a made cluster is said to stay', async () => {
	const {instance, saved} = settingsScreen({aws: {clusterId: 'dwh'}, steps: {cluster: {status: 'done', at: '2026-11-25T14:24:00.000Z'}}});
	await press(instance, '6');
	assert.match(screen(instance), /dwh is left as it is \(and billed\)/);
	await press(instance, keys.backspace, '9lives', keys.enter);
	assert.match(screen(instance), /↳ /, 'a name starting with a digit is refused');
	assert.deepEqual(saved, []);
	for (let typed = 0; typed < '9lives'.length; typed++) await press(instance, keys.backspace);
	await press(instance, 'Sparkify-2', keys.enter);
	assert.deepEqual(saved, [{key: 'clusterId', value: 'sparkify-2'}]);
});

test('SettingsScreen: Esc in a question goes back to the list unsaved; Esc in the list goes back to the menu', async () => {
	const {instance, saved, back} = settingsScreen();
	await press(instance, '4', 'eu-west-1', keys.escape);
	assert.match(screen(instance), /❯ 4\. AWS region {2}not chosen yet/);
	assert.deepEqual(saved, []);
	assert.equal(back.calls.length, 0);
	await press(instance, keys.escape);
	assert.equal(back.calls.length, 1);
});

test('SettingsScreen: a change the settings refuse is said under the list, and the value is unchanged', async () => {
	const {instance} = settingsScreen({}, {refuse: 'The settings file cannot be written.'});
	await press(instance, '2', '3', keys.enter);
	assert.match(screen(instance), /✖ Not saved: The settings file cannot be written\./);
	assert.match(screen(instance), /Bad records tolerated {2}0 /);
});
