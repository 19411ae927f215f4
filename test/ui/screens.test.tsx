// The screens drawn into ink-testing-library's fake terminal: what each shows in each state
// (target, credentials, sizing, menu, a command at work) and where keys take it.

import assert from 'node:assert/strict';
import os from 'node:os';
import path from 'node:path';
import {afterEach, test} from 'node:test';
import {Box} from 'ink';
import {cleanup, render} from 'ink-testing-library';
import type {Plan} from '../../source/core/step.js';
import type {SettingsView} from '../../source/ui/actions.js';
import {CredentialsScreen} from '../../source/ui/screens/credentials-screen.js';
import type {CredentialsChoice} from '../../source/flows/wizard-ui.js';
import {menuCommands} from '../../source/commands/registry.js';
import {MenuScreen, menuItems, type MenuChoice} from '../../source/ui/screens/menu-screen.js';
import {RunView} from '../../source/ui/screens/run-view.js';
import {SizingScreen} from '../../source/ui/screens/sizing-screen.js';
import {TargetScreen, type Target} from '../../source/ui/screens/target-screen.js';
import type {StepEvent} from '../../source/core/events.js';
import {applyEvent, emptyState, type UiState} from '../../source/ui/store.js';
import {offers, validators} from './fake-actions.js';
import {type Instance, cells, keys, lines, press, recorder, screen} from './ink-helpers.js';

/** The row marked with ❯ (exactly one). */
const marked = (instance: Instance) => {
	const rows = lines(instance).filter((line) => line.startsWith('❯'));
	assert.equal(rows.length, 1, `one marked row in:\n${screen(instance)}`);
	return rows[0]!;
};

// Step times are shown in the local zone with its name: this file runs in Berlin, one hour east of the records' UTC.
process.env.TZ = 'Europe/Berlin';

afterEach(() => cleanup());

// ── TargetScreen ────────────────────────────────────────────────────────────

test('TargetScreen: the question and both choices, local first and marked', () => {
	const instance = render(<TargetScreen onChoose={() => {}} />);
	const frame = screen(instance);
	assert.match(frame, /^Where should the Sparkify warehouse live\?/);
	assert.match(frame, /1\. On this machine {2}embedded PostgreSQL/);
	assert.match(frame, /2\. Amazon Redshift {2}needs an AWS account/);
	assert.match(marked(instance), /On this machine/);
	assert.match(frame, /Enter to choose/);
});

for (const [name, inputs, expected] of [
	['Enter', [keys.enter], 'local'],
	['Down then Enter', [keys.down, keys.enter], 'redshift'],
	["'2'", ['2'], 'redshift'],
	["'1'", ['1'], 'local'],
] as const) {
	test(`TargetScreen: ${name} chooses ${expected}`, async () => {
		const choose = recorder<[Target]>();
		const instance = render(<TargetScreen onChoose={choose} />);
		await press(instance, ...inputs);
		assert.deepEqual(choose.calls, [[expected]]);
	});
}

// ── CredentialsScreen ───────────────────────────────────────────────────────

const secret = 'wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY00';
const keyId = 'AKIAIOSFODNN7EXAMPLE';

function credentials(props: {profiles?: string[]; initialRegion?: string} = {}) {
	// The file as the AWS SDKs find it without AWS_SHARED_CREDENTIALS_FILE: shown with ~.
	const done = recorder<[CredentialsChoice]>();
	const cancel = recorder<[]>();
	const instance = render(
		<CredentialsScreen
			profiles={props.profiles ?? ['default', 'work']}
			validators={validators}
			credentialsFile={path.join(os.homedir(), '.aws', 'credentials')}
			{...(props.initialRegion ? {initialRegion: props.initialRegion} : {})}
			onDone={done}
			onCancel={cancel}
		/>,
	);
	return {instance, done, cancel};
}

test('CredentialsScreen: lists each profile, the default chain and typing keys', () => {
	const {instance} = credentials();
	assert.deepEqual(
		lines(instance).map((line) => line.trimEnd().replace(/(\S) {2}.*$/, '$1')),
		['AWS credentials', '❯ 1. profile default', '  2. profile work', '  3. the default credential chain', '  4. type access keys…'],
	);
	assert.match(screen(instance), /the default credential chain {2}AWS_\* variables/);
});

test('CredentialsScreen: without profiles only the chain and typing keys are offered', () => {
	const {instance} = credentials({profiles: []});
	const frame = screen(instance);
	assert.doesNotMatch(frame, /\d\. profile /);
	assert.match(frame, /1\. the default credential chain/);
	assert.match(frame, /2\. type access keys…/);
});

test('CredentialsScreen: a profile, then the region (us-west-2 by default) → onDone({profile, region})', async () => {
	const {instance, done} = credentials();
	await press(instance, keys.down, keys.enter);
	assert.match(screen(instance), /^✔ Credentials: profile work\nRegion: ▌us-west-2$/m, 'the answer stays as one line; the default waits behind the cursor');
	assert.match(screen(instance), /public Sparkify bucket is in us-west-2/);
	assert.doesNotMatch(screen(instance), /profile default/, 'the list is gone');
	assert.deepEqual(done.calls, []);
	await press(instance, keys.enter);
	assert.deepEqual(done.calls, [[{profile: 'work', region: 'us-west-2'}]]);
});

test('CredentialsScreen: Tab puts the default region in the field, to be edited', async () => {
	const {instance, done} = credentials();
	await press(instance, '1', '\t');
	assert.match(screen(instance), /Region: us-west-2▌/);
	await press(instance, keys.backspace, '1');
	assert.match(screen(instance), /Region: us-west-1▌/);
	await press(instance, keys.enter);
	assert.deepEqual(done.calls, [[{profile: 'default', region: 'us-west-1'}]]);
});

test('CredentialsScreen: an invalid region shows the reason and Enter does nothing', async () => {
	const {instance, done} = credentials();
	await press(instance, '1');
	await press(instance, ...Array.from({length: 9}, () => keys.backspace), 'mars-1');
	assert.match(screen(instance), /Region: mars-1▌/);
	assert.match(screen(instance), /↳ "mars-1" is not an AWS region name \(like us-west-2\)\./);
	await press(instance, keys.enter);
	assert.deepEqual(done.calls, []);
	assert.match(screen(instance), /Region: mars-1/, 'still on the region field');
});

test('CredentialsScreen: the default chain gives onDone without a profile', async () => {
	const {instance, done} = credentials({initialRegion: 'eu-west-1'});
	await press(instance, '3');
	assert.match(screen(instance), /Region: ▌eu-west-1/, 'the initial region is the one given');
	await press(instance, keys.enter);
	assert.deepEqual(done.calls, [[{region: 'eu-west-1'}]]);
	assert.equal('profile' in done.calls[0]![0], false);
});

test('CredentialsScreen: Escape on the list calls onCancel', async () => {
	const {instance, cancel, done} = credentials();
	await press(instance, keys.escape);
	assert.equal(cancel.calls.length, 1);
	assert.deepEqual(done.calls, []);
});

test('CredentialsScreen: typed keys — key id validated, secret masked, profile name, region → onDone with keys', async () => {
	const {instance, done} = credentials();
	await press(instance, '4');
	assert.match(screen(instance), /Access key id: ▌/);

	await press(instance, 'AKIA12');
	assert.match(screen(instance), /↳ An access key id is 20 characters starting with AKIA \(or ASIA\)\./);
	await press(instance, keys.enter);
	assert.match(screen(instance), /Access key id: AKIA12▌/, 'Enter on an invalid id stays');
	await press(instance, ...Array.from({length: 6}, () => keys.backspace), keyId);
	assert.doesNotMatch(screen(instance), /↳/);
	await press(instance, keys.enter);

	assert.match(screen(instance), /Secret access key: ▌/);
	await press(instance, secret.slice(0, 20), secret.slice(20, 30));
	assert.match(screen(instance), /Secret access key: •{30}▌/);
	assert.match(screen(instance), /↳ A secret access key is 40 characters\./);
	await press(instance, keys.enter);
	assert.match(screen(instance), /Secret access key: •{30}▌/, 'a short secret is not accepted');
	await press(instance, secret.slice(30), keys.enter);

	assert.match(screen(instance), /Save as profile: ▌sparkify-dwh/);
	await press(instance, keys.enter);
	assert.match(screen(instance), /Save these keys to ~\/\.aws\/credentials as profile sparkify-dwh\? \[y\/N\]/);
	await press(instance, 'y');
	assert.match(screen(instance), /Region: ▌us-west-2/);
	await press(instance, keys.enter);

	assert.deepEqual(done.calls, [[{region: 'us-west-2', profile: 'sparkify-dwh', keys: {accessKeyId: keyId, secretAccessKey: secret}}]]);
	assert.ok(instance.frames.length > 5);
	for (const frame of instance.frames) {
		assert.doesNotMatch(frame, /wJalr|XUtnFEMI|EXAMPLEKEY|bPxRfiCY/, 'no frame shows the secret, or a piece of it');
	}
});

test('CredentialsScreen: the profile name for typed keys can be changed and is validated', async () => {
	const {instance, done} = credentials();
	await press(instance, '4', keyId, keys.enter, secret, keys.enter);
	assert.match(screen(instance), /Save as profile: ▌sparkify-dwh/);
	await press(instance, 'my key');
	assert.match(screen(instance), /Save as profile: my key▌\n {2}↳ A profile name is letters, digits and - _ \. \+ only\./, 'typing replaces the default');
	await press(instance, keys.enter);
	assert.match(screen(instance), /Save as profile:/, 'an invalid name is not accepted');
	await press(instance, keys.backspace, keys.backspace, keys.backspace, keys.backspace, '-dev', keys.enter);
	assert.match(screen(instance), /as profile my-dev\? \[y\/N\]/);
	await press(instance, 'y', keys.enter);
	assert.deepEqual(done.calls, [[{region: 'us-west-2', profile: 'my-dev', keys: {accessKeyId: keyId, secretAccessKey: secret}}]]);
});

test('CredentialsScreen: each answer stays as one line; the key id shortened, the secret never drawn', async () => {
	const {instance} = credentials();
	await press(instance, '4', keyId, keys.enter, secret, keys.enter, keys.enter);
	assert.deepEqual(lines(instance).slice(0, 6), [
		'AWS credentials',
		'✔ Credentials: access keys typed here',
		'✔ Access key id: AKIA…MPLE',
		'✔ Secret access key: •••••••• (hidden)',
		'✔ Profile: sparkify-dwh',
		'Save these keys to ~/.aws/credentials as profile sparkify-dwh? [y/N]',
	]);
	await press(instance, 'y');
	assert.match(screen(instance), /✔ Save to ~\/\.aws\/credentials: yes\nRegion:/);
	for (const frame of instance.frames) assert.doesNotMatch(frame, /wJalr|EXAMPLEKEY|bPxRfiCY/, "no frame shows the secret");
});

for (const [name, answer] of [
	['n', 'n'],
	['Enter (the default is no)', keys.enter],
] as const) {
	test(`CredentialsScreen: ${name} at "Save these keys?" saves nothing, says how to go on, and offers the list again`, async () => {
		const {instance, done} = credentials();
		await press(instance, '4', keyId, keys.enter, secret, keys.enter, keys.enter);
		await press(instance, answer);
		const frame = screen(instance);
		assert.match(frame, /Nothing was written to ~\/\.aws\/credentials, and the keys were forgotten\./);
		assert.match(frame, /choose a profile you already have, or the default credential chain/);
		assert.match(marked(instance), /1\. profile default/, 'back on the list');
		assert.deepEqual(done.calls, []);
		// Going on with a profile: no keys in the answer.
		await press(instance, '2', keys.enter);
		assert.deepEqual(done.calls, [[{region: 'us-west-2', profile: 'work'}]]);
		assert.doesNotMatch(screen(instance), /Nothing was written/, 'the notice goes once a way on is chosen');
	});
}

test('CredentialsScreen: keys typed ahead of the save question never answer it', async () => {
	const {instance, done} = credentials();
	// One burst: "y" and Enter arrive before the question was drawn.
	await press(instance, '4', keyId, keys.enter, `${secret}\r\ry\r`);
	assert.match(screen(instance), /Save these keys to .* \[y\/N\]/);
	assert.deepEqual(done.calls, []);
	await press(instance, 'y');
	assert.match(screen(instance), /Region: ▌us-west-2/);
});

// ── SizingScreen ────────────────────────────────────────────────────────────

const serverless = {baseRpu: 4, dollarsPerHourWhileBusy: 1.5, asOf: '2025-06-01'};

function sizing(extra: {initial?: {nodeType?: string; nodes?: number}; withServerless?: boolean} = {}) {
	const done = recorder<[{nodeType: string; nodes: number}]>();
	const cancel = recorder<[]>();
	const instance = render(
		<SizingScreen
			region="us-west-2"
			offers={offers}
			hoursPerMonth={730}
			{...(extra.withServerless === false ? {} : {serverless})}
			{...(extra.initial ? {initial: extra.initial} : {})}
			onDone={done}
			onCancel={cancel}
		/>,
	);
	return {instance, done, cancel};
}

const costLine = (instance: Instance) => lines(instance).find((line) => / × /.test(line));

test('SizingScreen: the region, a row per node type with its counts and price; the first marked', () => {
	const {instance} = sizing();
	const frame = screen(instance);
	assert.match(frame, /^Cluster size in us-west-2/);
	assert.match(marked(instance), /❯ ra3\.large\s+2 vCPU\s+16 GiB\s+nodes 1, 2–16\s+\$0\.543\/node-hour/);
	assert.match(frame, /^ {2}ra3\.xlplus\s+4 vCPU\s+32 GiB\s+nodes 1, 2–32\s+\$1\.086\/node-hour/m);
	assert.match(frame, /^ {2}ra3\.4xlarge\s+12 vCPU\s+96 GiB\s+nodes 2–32\s+\$3\.260\/node-hour/m, 'multi-node only: no "1"');
	assert.match(frame, /Nodes: 1 \(← →\)/);
});

test('SizingScreen: the cost line for 1 × ra3.large, with the hours per month', () => {
	const {instance} = sizing();
	assert.equal(costLine(instance)?.trim(), '1 × ra3.large: $0.543 per hour, about $396 per month (730 h)');
	assert.doesNotMatch(screen(instance), /↳/, 'a valid choice has no reason');
});

test('SizingScreen: → adds a node and the cost follows; ← takes it away, never below 1', async () => {
	const {instance} = sizing();
	await press(instance, keys.right);
	assert.match(screen(instance), /Nodes: 2/);
	assert.equal(costLine(instance)?.trim(), '2 × ra3.large: $1.086 per hour, about $793 per month (730 h)');
	await press(instance, '+');
	assert.match(costLine(instance)!, /^3 × ra3\.large: \$1\.629 per hour/);
	await press(instance, keys.left, keys.left, keys.left, '-');
	assert.match(costLine(instance)!, /^1 × ra3\.large: \$0\.543 per hour/);
});

test('SizingScreen: ra3.4xlarge with 1 node shows why AWS would refuse and Enter does nothing; → fixes it and Enter accepts', async () => {
	const {instance, done} = sizing();
	await press(instance, keys.down, keys.down);
	assert.match(marked(instance), /ra3\.4xlarge/);
	assert.match(costLine(instance)!, /^1 × ra3\.4xlarge: \$3\.260 per hour, about \$2,380 per month/);
	assert.match(screen(instance), /↳ ra3\.4xlarge has no single-node clusters; choose at least 2 nodes\./);
	await press(instance, keys.enter);
	assert.deepEqual(done.calls, []);
	await press(instance, keys.right);
	assert.doesNotMatch(screen(instance), /no single-node|↳/);
	await press(instance, keys.enter);
	assert.deepEqual(done.calls, [[{nodeType: 'ra3.4xlarge', nodes: 2}]]);
});

test('SizingScreen: too many nodes is refused with the maximum', async () => {
	const {instance, done} = sizing({initial: {nodeType: 'ra3.large', nodes: 16}});
	assert.doesNotMatch(screen(instance), /↳/);
	await press(instance, keys.right);
	assert.match(screen(instance), /↳ ra3\.large allows at most 16 nodes at creation\./);
	await press(instance, keys.enter);
	assert.deepEqual(done.calls, []);
});

test('SizingScreen: "Down Down Right Enter" in one burst accepts 2 × ra3.4xlarge, each key from where the one before left it', async () => {
	const {instance, done} = sizing();
	await press(instance, keys.down + keys.down + keys.right + keys.enter);
	assert.deepEqual(done.calls, [[{nodeType: 'ra3.4xlarge', nodes: 2}]]);
});

test('SizingScreen: "Down Down Enter" in one burst is refused like ra3.4xlarge with 1 node is; Enter is judged on the choice the keys made', async () => {
	const {instance, done} = sizing();
	await press(instance, keys.down + keys.down + keys.enter);
	assert.deepEqual(done.calls, []);
	assert.match(marked(instance), /ra3\.4xlarge/);
	await press(instance, `++-${keys.enter}`);
	assert.deepEqual(done.calls, [[{nodeType: 'ra3.4xlarge', nodes: 2}]], '"++-" in one read is three keys');
});

test('SizingScreen: ↑ from the first wraps to the last; the initial choice is marked first', async () => {
	const {instance, done} = sizing({initial: {nodeType: 'ra3.xlplus', nodes: 3}});
	assert.match(marked(instance), /ra3\.xlplus/);
	assert.match(costLine(instance)!, /^3 × ra3\.xlplus: \$3\.258 per hour/);
	await press(instance, keys.up, keys.up);
	assert.match(marked(instance), /ra3\.4xlarge/);
	await press(instance, keys.enter);
	assert.deepEqual(done.calls, [[{nodeType: 'ra3.4xlarge', nodes: 3}]]);
});

test('SizingScreen: where the prices come from and when, and the Serverless comparison', () => {
	const {instance} = sizing();
	const frame = screen(instance);
	assert.match(frame, /prices: price table of 2025-06-01/);
	assert.match(frame, /For comparison, Serverless at 4 RPU: \$1\.500 per hour while queries run, nothing idle\./);
	assert.match(frame, /Enter to accept · Esc back/);
});

test('SizingScreen: prices from the Pricing API say so; without serverless there is no comparison', () => {
	const done = recorder<[{nodeType: string; nodes: number}]>();
	const fromApi = offers.map((offer) => ({...offer, price: {dollarsPerNodeHour: 0.543, source: 'pricing-api' as const, asOf: '2026-11-25'}}));
	const frame = screen(render(<SizingScreen region="eu-west-1" offers={fromApi} hoursPerMonth={730} onDone={done} />));
	assert.match(frame, /prices: AWS Pricing API of 2026-11-25/);
	assert.doesNotMatch(frame, /Serverless|Esc back/);
});

test('SizingScreen: a type without a price says "price unknown"', () => {
	const {price: _price, ...unpriced} = offers[0]!;
	const frame = screen(render(<SizingScreen region="us-west-2" offers={[unpriced]} hoursPerMonth={730} onDone={() => {}} />));
	assert.match(frame, /nodes 1, 2–16\s+price unknown/);
	assert.match(frame, /1 × ra3\.large: price unknown/);
	assert.doesNotMatch(frame, /prices:/);
});

test('SizingScreen: no offers says so and Enter does nothing', async () => {
	const done = recorder<[{nodeType: string; nodes: number}]>();
	const instance = render(<SizingScreen region="ap-east-2" offers={[]} hoursPerMonth={730} onDone={done} />);
	assert.match(screen(instance), /↳ ap-east-2 offers no node types to this account\./);
	await press(instance, keys.down, keys.enter);
	assert.deepEqual(done.calls, []);
});

test('SizingScreen: Escape calls onCancel', async () => {
	const {instance, cancel, done} = sizing();
	await press(instance, keys.escape);
	assert.equal(cancel.calls.length, 1);
	assert.deepEqual(done.calls, []);
});

// ── MenuScreen / menuItems ──────────────────────────────────────────────────

const at = '2026-11-25T14:24:31.000Z';
const settings = (overrides: Partial<SettingsView> = {}): SettingsView => ({path: '/home/test/.config/sparkify-dwh/config.json', steps: {}, aws: {}, ...overrides});

const redshiftSettings = settings({
	target: 'redshift',
	steps: {
		credentials: {status: 'done', at},
		sizing: {status: 'done', at},
		role: {status: 'done', at},
		cluster: {status: 'done', at},
		network: {status: 'failed', at: '2026-11-25T15:02:00.000Z', detail: 'AccessDenied'},
		etl: {status: 'cancelled', at},
		check: {status: 'done', at},
	},
	aws: {region: 'us-west-2', clusterId: 'dwhCluster', nodeType: 'ra3.large', nodes: 2},
});

const awsValues: MenuChoice[] = ['credentials', 'sizing', 'role', 'cluster', 'network', 'pause', 'resume', 'teardown'];

test('menuItems: the local target has no AWS steps and no teardown, and offers to set up Redshift', () => {
	const items = menuItems(settings({target: 'local'}), undefined, menuCommands());
	const values = items.map((item) => item.value);
	for (const value of awsValues) assert.ok(!values.includes(value), `${value} is not offered locally`);
	assert.deepEqual(values, ['run', 'etl', 'check', 'use', 'settings', 'switch-target', 'quit']);
	assert.equal(items[0]!.label, 'Run the whole pipeline');
	assert.equal(items.find((item) => item.value === 'switch-target')!.label, 'Set up Amazon Redshift');
	assert.deepEqual(menuItems(settings(), undefined, menuCommands()), items, 'no target means local');
});

test('menuItems: the Redshift target adds the AWS steps and teardown, and offers to switch back', () => {
	const items = menuItems(redshiftSettings, undefined, menuCommands());
	const values = items.map((item) => item.value);
	assert.deepEqual(values.slice(4, 12), awsValues);
	assert.equal(items[0]!.label, 'Run the whole pipeline on Redshift');
	assert.equal(items.find((item) => item.value === 'switch-target')!.label, 'Switch to the local warehouse');
	assert.equal(values.at(-1), 'quit');
});

test('menuItems: each step says done (with when), failed, cancelled or not done', () => {
	const hint = (value: MenuChoice) => menuItems(redshiftSettings, undefined, menuCommands()).find((item) => item.value === value)!.hint;
	assert.equal(hint('role'), '✔ done Nov 25 15:24 CET');
	assert.equal(hint('run'), '✔ done Nov 25 15:24 CET', 'the pipeline counts as done when its check is');
	assert.equal(hint('network'), '✖ failed Nov 25 16:02 CET');
	assert.equal(hint('etl'), '⊘ cancelled Nov 25 15:24 CET');
	assert.equal(hint('teardown'), 'not done');
	assert.equal(menuItems(settings(), undefined, menuCommands()).find((item) => item.value === 'check')!.hint, 'not done');
});

test('menuItems: what the world says now is added to the step hints', () => {
	const items = menuItems(redshiftSettings, {warehouse: '6,820 songplays', cluster: 'available'}, menuCommands());
	assert.equal(items.find((item) => item.value === 'etl')!.hint, '⊘ cancelled Nov 25 15:24 CET · now: 6,820 songplays');
	assert.equal(items.find((item) => item.value === 'cluster')!.hint, '✔ done Nov 25 15:24 CET · AWS says: available');
	const costed = menuItems(redshiftSettings, {cluster: 'available', clusterNote: '5h02m ≈$2.74 ⚠'}, menuCommands());
	assert.equal(costed.find((item) => item.value === 'cluster')!.hint, '✔ done Nov 25 15:24 CET · AWS says: available, 5h02m ≈$2.74 ⚠');
	assert.equal(costed.find((item) => item.value === 'pause')!.hint, 'no compute billed while paused');
	const without = menuItems(redshiftSettings, {}, menuCommands());
	assert.doesNotMatch(without.find((item) => item.value === 'etl')!.hint!, /now:/);
	assert.doesNotMatch(without.find((item) => item.value === 'cluster')!.hint!, /AWS says/);
});

test('MenuScreen: the target in the title, "(checking…)" until the world is known, the rows with their states', () => {
	const checking = screen(render(<MenuScreen commands={menuCommands()} settings={redshiftSettings} onChoose={() => {}} />));
	assert.match(checking, /^sparkify-dwh — Amazon Redshift \(checking…\)/);
	const instance = render(<MenuScreen commands={menuCommands()} settings={redshiftSettings} world={{warehouse: '6,820 songplays', cluster: 'available'}} onChoose={() => {}} />);
	const frame = screen(instance);
	assert.match(frame, /^sparkify-dwh — Amazon Redshift$/m);
	assert.match(marked(instance), /1\. Run the whole pipeline on Redshift {2}✔ done Nov 25 15:24 CET/);
	assert.match(frame, /2\. Load again \(etl\) {2}⊘ cancelled Nov 25 15:24 CET · now: 6,820 songplays/);
	assert.match(frame, /Cluster {2}✔ done Nov 25 15:24 CET · AWS says: available/);
	assert.match(frame, /Open the port {2}✖ failed Nov 25 16:02 CET/);
	assert.match(frame, /Tear everything down {2}not done/);
	assert.match(frame, /↑↓ Enter · Ctrl-C quits$/);
	const local = screen(render(<MenuScreen commands={menuCommands()} settings={settings({target: 'local'})} world={{}} onChoose={() => {}} />));
	assert.match(local, /^sparkify-dwh — local warehouse$/m);
	assert.doesNotMatch(local, /Tear everything down|IAM role|Open the port/);
});

test('MenuScreen: Enter calls onChoose with the highlighted item; a number chooses directly', async () => {
	const choose = recorder<[MenuChoice]>();
	const instance = render(<MenuScreen commands={menuCommands()} settings={redshiftSettings} world={{}} onChoose={choose} />);
	await press(instance, keys.down, keys.down, keys.enter);
	assert.deepEqual(choose.calls, [['check']]);
	await press(instance, keys.up, keys.up, keys.up, keys.enter);
	assert.deepEqual(choose.calls[1], ['quit'], '↑ past the top wraps to Quit');
	await press(instance, '4');
	assert.deepEqual(choose.calls[2], ['use'], 'using the warehouse is a list of its own');
});

test('MenuScreen: initial marks that item', async () => {
	const choose = recorder<[MenuChoice]>();
	const instance = render(<MenuScreen commands={menuCommands()} settings={redshiftSettings} world={{}} initial="teardown" onChoose={choose} />);
	assert.match(marked(instance), /Tear everything down/);
	await press(instance, keys.enter);
	assert.deepEqual(choose.calls, [['teardown']]);
});

test('MenuScreen: for the Redshift target the whole menu fits 24 rows and 80 columns, with room to spare', () => {
	const world = {warehouse: '6,820 songplays', cluster: 'available', clusterNote: '47h59m ≈$52.12 ⚠'};
	for (const kind of ['main', 'use'] as const) {
		const instance = render(<MenuScreen kind={kind} commands={menuCommands()} settings={redshiftSettings} world={world} onChoose={() => {}} />);
		const shown = lines(instance);
		assert.ok(shown.length <= 20, `${kind}: ${shown.length} rows`);
		assert.equal(shown.length, 2 + menuItems(redshiftSettings, undefined, menuCommands(), kind).length, 'a title, one row per item, a footer');
		const tooWide = shown.filter((line) => cells(line.trimEnd()) > 80);
		assert.deepEqual(tooWide, [], 'every row within 80 columns (the fake terminal is 100 wide)');
	}
});

test('menuItems: every entry of the registry is on the main menu or in "Use the warehouse…", once, and the list has the query screen and a way back', () => {
	const main = menuItems(redshiftSettings, undefined, menuCommands()).map((item) => item.value);
	const use = menuItems(redshiftSettings, undefined, menuCommands(), 'use').map((item) => item.value);
	assert.ok(main.includes('use'));
	assert.deepEqual([use[0], use.at(-1)], ['query', 'back']);
	const commands = menuCommands().map((entry) => (entry.argument ? `${entry.command}:${entry.argument}` : entry.command));
	for (const value of commands) assert.equal([...main, ...use].filter((each) => each === value).length, 1, value);
	assert.deepEqual(use.slice(1, -1), ['watch', 'analytics:top_songs', 'analytics:plays_by_hour', 'analytics:free_vs_paid', 'profile', 'schema']);
});

test('MenuScreen: in 80 columns a long world hint is cut, not wrapped onto another row', () => {
	const world = {warehouse: '6,820 songplays', cluster: 'unknown (CredentialsProviderError: Could not load credentials from any providers)'};
	const instance = render(
		<Box width={80}>
			<MenuScreen commands={menuCommands()} settings={redshiftSettings} world={world} onChoose={() => {}} />
		</Box>,
	);
	const shown = lines(instance);
	assert.equal(shown.length, 2 + menuItems(redshiftSettings, world, menuCommands()).length);
	for (const line of shown) assert.ok(cells(line.trimEnd()) <= 80, `${cells(line)} cells: "${line}"`);
	assert.match(shown.find((line) => / Cluster {2}/.test(line))!, /AWS says: unknown \(Credentials\w*…$/);
});

// ── RunView ─────────────────────────────────────────────────────────────────

const state = (overrides: Partial<UiState> = {}): UiState => ({...emptyState, ...overrides});

const createPlan: Plan = {actions: [{action: 'create', resource: 'Redshift cluster dwhCluster', detail: '2 × ra3.large'}], costPerHour: 1.086, destructive: false};
const deletePlan: Plan = {actions: [{action: 'delete', resource: 'Redshift cluster dwhCluster'}], destructive: true};

/** The state the store reaches from these events, as the app's front end folds them. */
const after = (events: readonly StepEvent[], overrides: Partial<UiState> = {}): UiState => ({...events.reduce(applyEvent, emptyState), ...overrides});

test('RunView: steps, a progress row per task and the latest three messages while running', () => {
	const frame = screen(
		render(
			<RunView
				state={after(
					[
						{type: 'step', step: 'tables', status: 'running', title: 'Create the tables'},
						{type: 'step', step: 'tables', status: 'done', title: 'Create the tables', detail: '7 tables'},
						{type: 'step', step: 'etl', status: 'running', title: 'Load the data'},
						{type: 'progress', step: 'etl', task: 'staging_events', state: 'done', unit: 'rows', done: 8056, total: 8056, counters: {}, elapsedMs: 2000},
						{type: 'progress', step: 'etl', task: 'staging_songs', state: 'running', unit: 'files', done: 100, total: 400, counters: {}, elapsedMs: 1000},
						...['one', 'two', 'three', 'four'].map((message): StepEvent => ({type: 'log', step: 'etl', level: 'info', message})),
					],
					{busy: true},
				)}
				footer="Enter: back to the menu"
			/>,
		),
	);
	assert.match(frame, /✔ Create the tables: 7 tables/);
	assert.match(frame, /[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] Load the data…/);
	assert.match(frame, /✔ staging_events .* 8,056 rows in 2\.0 s/);
	assert.match(frame, /staging_songs .* 100 \/ 400 files/);
	assert.match(frame, /^ {2}two\n {2}three\n {2}four$/m);
	assert.doesNotMatch(frame, /one/);
	assert.doesNotMatch(frame, /Enter: back/, 'no footer while busy');
});

test('RunView: a confirm question shows the plan and [y/N], and y answers it', async () => {
	const answer = recorder<[boolean]>();
	const instance = render(
		<RunView
			state={state({busy: true, steps: [{id: 'cluster', title: 'Redshift cluster', status: 'running'}], messages: ['planning'], question: {kind: 'confirm', question: 'Create the cluster?', plan: createPlan, answer}})}
		/>,
	);
	const frame = screen(instance);
	assert.match(frame, /\+ create Redshift cluster dwhCluster \(2 × ra3\.large\)/);
	assert.match(frame, /Cost: \$1\.086 per hour/);
	assert.match(frame, /Create the cluster\? \[y\/N\]/);
	assert.doesNotMatch(frame, /planning/, 'messages make way for the question');
	await press(instance, 'y');
	assert.deepEqual(answer.calls, [[true]]);
});

test('RunView: a typed question asks for the name; the name and Enter answers yes', async () => {
	const answer = recorder<[boolean]>();
	const instance = render(<RunView state={state({busy: true, question: {kind: 'typed', question: 'Delete the cluster?', expected: 'dwhCluster', plan: deletePlan, answer}})} />);
	const frame = screen(instance);
	assert.match(frame, /- delete Redshift cluster dwhCluster/);
	assert.match(frame, /Delete the cluster\?\nType dwhCluster to confirm \(Esc keeps it\):/);
	assert.doesNotMatch(frame, /\[y\/N\]/);
	await press(instance, 'y');
	assert.deepEqual(answer.calls, [], 'y is not an answer here');
	await press(instance, keys.backspace, 'dwhCluster', keys.enter);
	assert.deepEqual(answer.calls, [[true]]);
});

test("RunView: the outcome's summary lines replace the progress and messages; the footer once idle", () => {
	const frame = screen(
		render(
			<RunView
				state={after(
					[
						{type: 'step', step: 'check', status: 'running', title: 'Quality checks'},
						{type: 'progress', step: 'check', task: 'checks', state: 'done', unit: 'checks', done: 9, total: 9, counters: {}, elapsedMs: 100},
						{type: 'step', step: 'check', status: 'done', title: 'Quality checks'},
						{type: 'log', level: 'info', message: 'a message'},
					],
					{outcome: {command: 'check', ok: true, data: {}, summary: ['9 checks passed', 'songplays: 6,820 rows']}},
				)}
				footer="Enter: back to the menu · Ctrl-C: quit"
			/>,
		),
	);
	// The step and its task were printed when the step ended; the summary follows them.
	assert.match(frame, /✔ Quality checks\n✔ checks .* 9 checks in 100 ms\n\n9 checks passed\nsongplays: 6,820 rows\nEnter: back to the menu · Ctrl-C: quit$/);
	assert.doesNotMatch(frame, /a message|9 \/ 9/);
	assert.doesNotMatch(frame, /lines \d/, 'a short summary does not scroll');
});

const longSummary = Array.from({length: 12}, (_, index) => `row ${index + 1}`);

test('RunView: a long summary scrolls: a window of lines, a "lines 1–N of M" hint, Down scrolls by one', async () => {
	const instance = render(<RunView state={state({outcome: {command: 'analytics', ok: true, data: {}, summary: longSummary}})} maxSummaryLines={5} />);
	const summaryRows = () => lines(instance).filter((line) => /^row \d+$/.test(line));
	assert.deepEqual(summaryRows(), ['row 1', 'row 2', 'row 3', 'row 4']);
	assert.match(screen(instance), /lines 1–4 of 12 · ↑↓ PgUp PgDn to scroll/);
	assert.ok(lines(instance).filter(Boolean).length <= 5, 'the summary and its hint take maxSummaryLines rows');
	await press(instance, keys.down);
	assert.deepEqual(summaryRows(), ['row 2', 'row 3', 'row 4', 'row 5']);
	assert.match(screen(instance), /lines 2–5 of 12/);
	await press(instance, keys.up, keys.up);
	assert.match(screen(instance), /lines 1–4 of 12/, 'not above the top');
	await press(instance, ' ', ' ', ' ', ' ');
	assert.match(screen(instance), /lines 9–12 of 12/, 'a page at a time, stopping at the end');
	assert.deepEqual(summaryRows(), ['row 9', 'row 10', 'row 11', 'row 12']);
});

test('RunView: a failure shows the error panel with what to do and the log file', () => {
	const frame = screen(
		render(
			<RunView
				state={after([{type: 'step', step: 'network', status: 'failed', title: 'Network access', detail: 'AccessDenied'}], {
					failure: {message: 'Cannot open port 5439.', hint: 'Ask for ec2:AuthorizeSecurityGroupIngress.', logFile: '/tmp/dwh.log', bug: false},
				})}
				footer="Enter: back to the menu"
			/>,
		),
	);
	assert.match(frame, /✖ Network access\n {4}AccessDenied/);
	assert.match(frame, /╭─+╮/);
	assert.match(frame, /✖ Cannot open port 5439\./);
	assert.match(frame, /What to do: Ask for ec2:AuthorizeSecurityGroupIngress\./);
	assert.match(frame, /Details: \/tmp\/dwh\.log/);
	assert.match(frame, /Enter: back to the menu$/);
});

test('RunView: "Cancelling…" only while cancelling and busy', () => {
	const running = [{id: 'etl', title: 'Load the data', status: 'running' as const}];
	assert.match(screen(render(<RunView state={state({busy: true, cancelling: true, steps: running})} />)), /Cancelling… \(Ctrl-C again quits at once\)/);
	assert.doesNotMatch(screen(render(<RunView state={state({busy: true, steps: running})} />)), /Cancelling/);
	assert.doesNotMatch(screen(render(<RunView state={state({busy: false, cancelling: true})} footer="done" />)), /Cancelling/);
});

test('RunView: without a footer nothing is added once idle', () => {
	const frame = screen(render(<RunView state={state({outcome: {command: 'x', ok: true, data: {}, summary: ['ok']}})} />));
	assert.equal(frame.trim(), 'ok');
});
