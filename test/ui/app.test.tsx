// The interactive App with fake actions: which screen a first run, a returning user and an
// unfinished setup start on; the commands each choice runs (recorded argv, in order,
// stopping at the first failure); questions asked while a command runs; Ctrl-C.

import assert from 'node:assert/strict';
import path from 'node:path';
import {afterEach, test} from 'node:test';
import {stripVTControlCharacters} from 'node:util';
import {cleanup, render} from 'ink-testing-library';
import type {Plan} from '../../source/core/step.js';
import type {SettingsView} from '../../source/ui/actions.js';
import {App} from '../../source/ui/app.js';
import {resumePoint} from '../../source/flows/setup.js';
import {createUiStore} from '../../source/ui/store.js';
import {commandCall, fakeActions, holding, type FakeOptions} from './fake-actions.js';
import {type Instance, keys, press, screen, tick} from './ink-helpers.js';

/** The last frame drawn before the app unmounted (an unmounted app's last frame is empty). */
const lastDrawn = (instance: Instance) => stripVTControlCharacters(instance.frames.findLast((frame) => frame.trim() !== '') ?? '');

afterEach(() => cleanup());

const at = '2026-11-25T14:24:31.000Z';
const done = {status: 'done', at} as const;

/** Waits (up to 2 s) until the screen shows `pattern`, then a tick more for the new screen to listen to keys. */
async function until(instance: Instance, pattern: RegExp) {
	const deadline = Date.now() + 2000;
	while (!pattern.test(screen(instance)) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
	assert.match(screen(instance), pattern);
	await tick();
}

/** Renders the App with fake actions and waits for its first frame; `sessionSource`: as `sparkify-dwh --source X` gives it. */
async function start(options: FakeOptions = {}, command?: readonly string[], sessionSource?: string) {
	// A command exits by itself, leaving an empty frame: wait for that instead.
	const store = createUiStore();
	const actions = fakeActions(store, options);
	const exits: number[] = [];
	const given = {...(command ? {command: commandCall(command)} : {}), ...(sessionSource ? {sessionSource} : {})};
	const instance = render(<App actions={actions} store={store} {...given} onExit={(code) => exits.push(code)} />);
	if (command) {
		const deadline = Date.now() + 2000;
		while (exits.length === 0 && Date.now() < deadline) await tick();
	} else await until(instance, /\S/);
	return {instance, store, actions, exits};
}

// ── resumePoint ─────────────────────────────────────────────────────────────

const view = (overrides: Partial<SettingsView>): SettingsView => ({path: '/x/config.json', steps: {}, aws: {}, ...overrides});

test('resumePoint: no target → the target question', () => {
	assert.equal(resumePoint(view({})), 'target');
	assert.equal(resumePoint(view({steps: {check: done}})), 'target', 'even with steps recorded');
});

test("resumePoint: local without a done check → 'run'; with one → nothing to resume", () => {
	assert.equal(resumePoint(view({target: 'local'})), 'run');
	assert.equal(resumePoint(view({target: 'local', steps: {etl: done, check: {status: 'failed', at}}})), 'run');
	assert.equal(resumePoint(view({target: 'local', steps: {check: done}})), undefined);
});

test('resumePoint: Redshift resumes at the first step not done', () => {
	assert.equal(resumePoint(view({target: 'redshift'})), 'credentials');
	assert.equal(resumePoint(view({target: 'redshift', steps: {credentials: done}})), 'sizing');
	assert.equal(resumePoint(view({target: 'redshift', steps: {credentials: done, sizing: done}})), 'role');
	assert.equal(resumePoint(view({target: 'redshift', steps: {credentials: done, sizing: done, role: done, cluster: {status: 'failed', at}}})), 'cluster');
	assert.equal(resumePoint(view({target: 'redshift', steps: {credentials: done, sizing: done, role: done, cluster: done, network: done}})), 'run');
	assert.equal(resumePoint(view({target: 'redshift', steps: {credentials: done, sizing: done, role: done, cluster: done, network: done, check: done}})), undefined);
});

// ── first run: local ────────────────────────────────────────────────────────

test('App: a first run (no target) asks where the warehouse lives and runs nothing', async () => {
	const {instance, actions} = await start();
	await tick();
	assert.match(screen(instance), /Where should the Sparkify warehouse live\?/);
	assert.match(screen(instance), /On this machine/);
	assert.deepEqual(actions.runs, []);
});

test('App: choosing local saves it, asks for the data, runs the pipeline locally, shows it, and Enter goes to the menu', async () => {
	const {instance, actions} = await start({world: {warehouse: '6,820 songplays'}});
	await press(instance, keys.enter);
	await until(instance, /Which data should be loaded\?\n❯ 1\. The generated sample/);
	assert.deepEqual(actions.runs, [], 'nothing runs before the data is chosen');
	await press(instance, keys.enter);
	await until(instance, /Enter: back to the menu/);
	assert.deepEqual(actions.chosenTargets, ['local']);
	assert.deepEqual(actions.runs, [['run', '--target', 'local']]);
	const running = screen(instance);
	assert.match(running, /✔ run: run done/);
	assert.match(running, /run: all done/, 'the outcome summary');
	assert.match(running, /Enter: back to the menu · Ctrl-C: quit/);
	assert.doesNotMatch(running, /Where should/);

	await press(instance, keys.enter);
	await until(instance, /now: 6,820/);
	const menu = screen(instance);
	assert.match(menu, /^sparkify-dwh — local warehouse$/m);
	assert.match(menu, /Run the whole pipeline {2}not done/);
	assert.match(menu, /now: 6,820 songplays/, 'the world state is asked for and shown');
	assert.doesNotMatch(menu, /Tear everything down/);
	assert.ok(actions.worldReads >= 1);
	assert.deepEqual(actions.runs, [['run', '--target', 'local']], 'Enter on the run view runs nothing more');
});

test('App: a local run that fails shows the error panel; Enter still goes to the menu', async () => {
	const {instance, actions} = await start({failOn: ['run']});
	await press(instance, '1');
	await until(instance, /Which data should be loaded/);
	await press(instance, '1');
	await until(instance, /✖ The run step failed\./);
	assert.deepEqual(actions.runs, [['run', '--target', 'local']]);
	assert.match(screen(instance), /What to do: Run sparkify-dwh run again\./);
	await press(instance, keys.enter);
	await until(instance, /^sparkify-dwh — local warehouse/m);
	assert.match(screen(instance), /❯ 1\. Run the whole pipeline {2}not done/, 'the pipeline counts as done only once its check is');
	assert.equal(actions.runs.length, 1);
});

test('App: local: a folder of ones own, refused inline until it holds the data, then run and remembered', async () => {
	const {instance, actions} = await start();
	await press(instance, '1');
	await until(instance, /Which data should be loaded/);
	await press(instance, '3');
	await until(instance, /Folder: ▌~\/data\/sparkify/);
	const fixtures = path.resolve(import.meta.dirname, '..', 'fixtures');
	await press(instance, fixtures, keys.enter);
	await until(instance, /has no song_data\/ and no log_data\/ in it/);
	assert.deepEqual(actions.runs, [], 'a folder without the data is not taken');
	const sample = path.join(fixtures, 'sparkify-sample');
	await press(instance, '/sparkify-sample', keys.enter);
	await until(instance, /run: all done/);
	assert.deepEqual(actions.runs, [['run', '--target', 'local', '--source', sample]]);
	assert.equal(actions.current.source, sample);
});

test('App: each question answered stays above what follows as one line, and is printed once with the run', async () => {
	const {instance} = await start();
	await press(instance, keys.enter);
	await until(instance, /^✔ Warehouse: on this machine \(embedded PostgreSQL\)\nWhich data should be loaded\?/m);
	await press(instance, '2');
	await until(instance, /run: all done/);
	const run = screen(instance);
	assert.match(run, /^✔ Warehouse: on this machine \(embedded PostgreSQL\)\n✔ Data: the real Sparkify sample\n✔ run: run done/m, 'the answers, then the steps');
	assert.equal(run.split('\n').filter((line) => line.startsWith('✔ Data:')).length, 1, 'printed once');
});

test('App: a setup left at a question (Esc) takes its answers with it: the menu starts afresh', async () => {
	const {instance} = await start();
	await press(instance, keys.enter);
	await until(instance, /✔ Warehouse: on this machine/);
	await press(instance, keys.escape);
	await until(instance, /^sparkify-dwh — local warehouse/m);
	assert.doesNotMatch(screen(instance), /✔ Warehouse:/);
});

test('App: Esc at the data question runs nothing and opens the menu', async () => {
	const {instance, actions} = await start();
	await press(instance, '1');
	await until(instance, /Which data should be loaded/);
	await press(instance, keys.escape);
	await until(instance, /^sparkify-dwh — local warehouse/m);
	assert.deepEqual(actions.runs, []);
});

test('App: the menu loads the remembered folder again; an s3:// source is not used on this machine', async () => {
	const settings = {target: 'local', source: '/data/sparkify', steps: {check: done}, aws: {}} as const;
	const {instance, actions} = await start({settings});
	await until(instance, /Load again \(etl\)/);
	await press(instance, '2');
	await until(instance, /etl: all done/);
	assert.deepEqual(actions.runs, [['etl', '--target', 'local', '--source', '/data/sparkify']]);
	await press(instance, keys.enter);
	await until(instance, /Run the whole pipeline/);
	await press(instance, '1');
	await until(instance, /run: all done/);
	assert.deepEqual(actions.runs[1], ['run', '--target', 'local', '--source', '/data/sparkify']);

	cleanup();
	const other = await start({settings: {...settings, source: 's3://my-bucket/'}});
	await until(other.instance, /Load again \(etl\)/);
	await press(other.instance, '2');
	await until(other.instance, /etl: all done/);
	assert.deepEqual(other.actions.runs, [['etl', '--target', 'local']]);
});

// ── first run: Redshift ─────────────────────────────────────────────────────

/** From the target screen to the sizing screen, through profile `work` and region us-west-2. */
async function toSizing(instance: Instance) {
	await press(instance, keys.down, keys.enter);
	await until(instance, /AWS credentials/);
	assert.match(screen(instance), /profile work/);
	await press(instance, '2');
	await until(instance, /Region: ▌us-west-2/);
	await press(instance, keys.enter);
	await until(instance, /Cluster size in/);
}

test('App: choosing Redshift goes to the credentials screen and runs nothing yet', async () => {
	const {instance, actions} = await start({profiles: ['default', 'work']});
	await press(instance, '2');
	await until(instance, /AWS credentials/);
	assert.deepEqual(actions.chosenTargets, ['redshift']);
	assert.match(screen(instance), /AWS credentials\n❯ 1\. profile default/);
	assert.match(screen(instance), /type access keys…/);
	assert.deepEqual(actions.runs, []);
});

test('App: Redshift: credentials, then sizing, then the sizing screen from its outcome; Enter runs the rest in order', async () => {
	const {instance, actions} = await start();
	await toSizing(instance);
	assert.deepEqual(actions.runs, [['credentials', '--region', 'us-west-2', '--profile', 'work'], ['sizing']]);
	const sizing = screen(instance);
	assert.match(sizing, /Cluster size in us-west-2/);
	assert.match(sizing, /❯ ra3\.large/);
	assert.match(sizing, /ra3\.4xlarge/);
	assert.match(sizing, /1 × ra3\.large: \$0\.543 per hour, about \$396 per month \(730 h\)/);
	assert.match(sizing, /For comparison, Serverless at 4 RPU/);

	await press(instance, keys.right, keys.enter);
	// The cluster's name (validated as typed) and who may connect, before anything is created.
	await until(instance, /The cluster\nName: ▌sparkify-dwh/);
	assert.equal(actions.runs.length, 2, 'nothing runs while the name is asked');
	await press(instance, '\t', keys.backspace, keys.backspace, keys.backspace, '-', keys.enter);
	await until(instance, /cannot end with a hyphen/);
	await press(instance, keys.backspace, 'x', keys.enter);
	await until(instance, /Allow connections from: ▌this machine's address/);
	await press(instance, '10.0.0.0/33');
	await until(instance, /not an IPv4 CIDR block/);
	for (let typed = 0; typed < '10.0.0.0/33'.length; typed++) await press(instance, keys.backspace);
	await press(instance, keys.enter);
	// The data, before anything is made (the role reads only that bucket): the public one, or one's own.
	await until(instance, /Which data should the cluster load\?\n❯ 1\. The public Sparkify bucket/);
	assert.doesNotMatch(screen(instance), /generated sample|folder/, 'Redshift loads from S3 only');
	await press(instance, '2');
	await until(instance, /S3 location: ▌s3:\/\/bucket\/prefix/);
	await press(instance, 'my-bucket', keys.enter);
	await until(instance, /Write it as s3:\/\/bucket\/prefix/);
	for (let typed = 0; typed < 'my-bucket'.length; typed++) await press(instance, keys.backspace);
	await press(instance, 's3://my-bucket/sparkify/', keys.enter);
	await until(instance, /Enter: back to the menu/);
	assert.equal(actions.current.source, 's3://my-bucket/sparkify/', 'the choice is remembered');
	const named = ['--cluster-id', 'sparkify-x'];
	const source = ['--source', 's3://my-bucket/sparkify/'];
	// No separate `role`: `cluster` makes the role once its plan (role, group, cluster) is confirmed.
	assert.deepEqual(actions.runs.slice(2), [
		['sizing', '--node-type', 'ra3.large', '--nodes', '2', ...named],
		['cluster', ...named, ...source],
		['network', ...named],
		['run', '--target', 'redshift', ...named, ...source],
	]);
	assert.deepEqual(
		actions.runOptions.slice(2).map((options) => options?.keepSteps),
		[false, true, true, true],
		'the steps of one setup stay on screen together',
	);
	const frame = screen(instance);
	for (const step of ['sizing', 'cluster', 'network', 'run']) assert.match(frame, new RegExp(`✔ ${step}: ${step} done`));
	assert.match(frame, /Enter: back to the menu/);
	await press(instance, keys.enter);
	await until(instance, /^sparkify-dwh — Amazon Redshift/m);
	assert.match(screen(instance), /Cluster {2}✔ done/);
});

test('App: Redshift: the setup stops at the first command that fails', async () => {
	const {instance, actions} = await start({failOn: ['cluster']});
	await toSizing(instance);
	await press(instance, keys.down, keys.enter);
	await until(instance, /Name: ▌sparkify-dwh/);
	await press(instance, keys.enter);
	await until(instance, /Allow connections from/);
	await press(instance, '0.0.0.0/0', keys.enter);
	await until(instance, /Which data should the cluster load/);
	await press(instance, keys.enter);
	await until(instance, /The cluster step failed/);
	const named = ['--cluster-id', 'sparkify-dwh'];
	assert.deepEqual(actions.runs, [
		['credentials', '--region', 'us-west-2', '--profile', 'work'],
		['sizing'],
		['sizing', '--node-type', 'ra3.xlplus', '--nodes', '1', ...named],
		['cluster', ...named],
	]);
	const frame = screen(instance);
	assert.match(frame, /✔ sizing: sizing done/);
	assert.match(frame, /✖ cluster\n {4}cluster went wrong/);
	assert.match(frame, /✖ The cluster step failed\./);
	assert.doesNotMatch(frame, /network/);
	await press(instance, keys.enter);
	await until(instance, /Cluster {2}✖ failed/);
});

test('App: Redshift: a refused size is not accepted; a valid one is', async () => {
	const {instance, actions} = await start();
	await toSizing(instance);
	await press(instance, keys.up);
	assert.match(screen(instance), /↳ ra3\.4xlarge has no single-node clusters/);
	await press(instance, keys.enter);
	assert.equal(actions.runs.length, 2, 'nothing runs for a refused size');
	await press(instance, '+', keys.enter);
	await until(instance, /Name: ▌sparkify-dwh/);
	await press(instance, keys.enter);
	await until(instance, /Allow connections from/);
	await press(instance, keys.enter);
	await until(instance, /Which data should the cluster load/);
	await press(instance, keys.enter);
	await until(instance, /Enter: back to the menu/);
	assert.deepEqual(actions.runs[2], ['sizing', '--node-type', 'ra3.4xlarge', '--nodes', '2', '--cluster-id', 'sparkify-dwh']);
});

test('App: Redshift: the default credential chain runs credentials without --profile', async () => {
	const {instance, actions} = await start({profiles: []});
	await press(instance, '2');
	await until(instance, /AWS credentials/);
	await press(instance, '1');
	await until(instance, /Region:/);
	await press(instance, keys.enter);
	await until(instance, /Cluster size in/);
	assert.deepEqual(actions.runs[0], ['credentials', '--region', 'us-west-2']);
});

test('App: Redshift: typed keys are saved to the named profile (not passed on the command line)', async () => {
	const {instance, actions} = await start({profiles: []});
	const secret = 'wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY00';
	await press(instance, '2');
	await until(instance, /AWS credentials/);
	await press(instance, '2');
	await until(instance, /Access key id:/);
	await press(instance, 'AKIAIOSFODNN7EXAMPLE', keys.enter);
	await until(instance, /Secret access key:/);
	await press(instance, secret, keys.enter);
	await until(instance, /Save as profile:/);
	await press(instance, keys.enter);
	await until(instance, /Save these keys to .* as profile sparkify-dwh\? \[y\/N\]/);
	assert.deepEqual(actions.savedKeys, [], 'nothing saved before the yes');
	await press(instance, 'y');
	await until(instance, /Region:/);
	await press(instance, '\t', keys.backspace, '1', keys.enter);
	await until(instance, /Cluster size in/);
	assert.deepEqual(actions.savedKeys, [['sparkify-dwh', {accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: secret}]]);
	assert.deepEqual(actions.runs[0], ['credentials', '--region', 'us-west-1', '--profile', 'sparkify-dwh']);
	assert.ok(!actions.runs.flat().some((arg) => arg.includes(secret) || arg.includes('AKIA')), 'no key on any command line');
	for (const frame of instance.frames) assert.doesNotMatch(frame, /wJalr|EXAMPLEKEY/);
});

test('App: Redshift: credentials that fail stop there; Enter goes to the menu', async () => {
	const {instance, actions} = await start({failOn: ['credentials']});
	await press(instance, '2');
	await until(instance, /AWS credentials/);
	await press(instance, '1');
	await until(instance, /Region:/);
	await press(instance, keys.enter);
	await until(instance, /✖ The credentials step failed\./);
	assert.deepEqual(actions.runs, [['credentials', '--region', 'us-west-2', '--profile', 'default']]);
	assert.match(screen(instance), /Enter: back to the menu · Ctrl-C: quit/);
	await press(instance, keys.enter);
	await until(instance, /^sparkify-dwh — Amazon Redshift/m);
	assert.deepEqual(actions.runs.length, 1);
});

test('App: Redshift: Escape on the sizing screen goes to the menu without running anything more', async () => {
	const {instance, actions} = await start();
	await toSizing(instance);
	await press(instance, keys.escape);
	await until(instance, /^sparkify-dwh — Amazon Redshift/m);
	assert.equal(actions.runs.length, 2);
});

// ── a question while a command runs ─────────────────────────────────────────

const createPlan: Plan = {actions: [{action: 'create', resource: 'Redshift cluster dwhCluster', detail: '1 × ra3.large'}], costPerHour: 0.543, destructive: false};

const confirmingCluster: FakeOptions['behaviours'] = {
	async cluster(_argv, {front}) {
		front.report({type: 'step', step: 'cluster', status: 'running', title: 'cluster'});
		if (!(await front.confirm('Create the cluster dwhCluster?', createPlan, '--yes'))) {
			front.outcome({command: 'cluster', ok: false, data: {cancelled: true}, summary: ['Nothing was created.']});
			return 130;
		}
		front.report({type: 'step', step: 'cluster', status: 'done', title: 'cluster', detail: 'created'});
		return 0;
	},
};

const halfDone = {target: 'redshift' as const, steps: {credentials: done, sizing: done}, aws: {region: 'us-west-2'}};

test('App: a confirm question shows the plan and [y/N]; y lets the setup go on', async () => {
	const {instance, actions} = await start({settings: halfDone, behaviours: confirmingCluster});
	await until(instance, /Go on with creating the IAM role/);
	await press(instance, keys.enter);
	await until(instance, /\[y\/N\]/);
	assert.deepEqual(actions.runs, [['role'], ['cluster']], 'resumed at role; waiting at the cluster');
	const frame = screen(instance);
	assert.match(frame, /\+ create Redshift cluster dwhCluster \(1 × ra3\.large\)/);
	assert.match(frame, /Create the cluster dwhCluster\? \[y\/N\]/);
	await press(instance, 'y');
	await until(instance, /Enter: back to the menu/);
	assert.deepEqual(actions.runs, [['role'], ['cluster'], ['network'], ['run', '--target', 'redshift']]);
	assert.doesNotMatch(screen(instance), /\[y\/N\]/);
});

test('App: answering no to the confirm stops the setup there', async () => {
	const {instance, actions} = await start({settings: halfDone, behaviours: confirmingCluster});
	await until(instance, /Go on with creating the IAM role/);
	await press(instance, keys.enter);
	await until(instance, /\[y\/N\]/);
	await press(instance, 'n');
	await until(instance, /Nothing was created\./);
	assert.deepEqual(actions.runs, [['role'], ['cluster']]);
	await press(instance, keys.enter);
	await until(instance, /^sparkify-dwh — Amazon Redshift/m);
});

// ── resuming an unfinished setup ────────────────────────────────────────────

test('App: a setup left unfinished can be left for the menu instead', async () => {
	const {instance, actions} = await start({settings: halfDone});
	await until(instance, /Go on with creating the IAM role/);
	await press(instance, keys.down, keys.enter);
	await until(instance, /^sparkify-dwh — Amazon Redshift/m);
	assert.deepEqual(actions.runs, []);
});

test('App: Redshift with credentials and sizing done offers to go on from role, and runs the rest', async () => {
	const {instance, actions} = await start({settings: halfDone});
	await until(instance, /The Redshift setup stopped before creating the IAM role\.\n❯ 1\. Go on with creating the IAM role/);
	assert.deepEqual(actions.runs, [], 'nothing runs before the user says so');
	await press(instance, keys.enter);
	await until(instance, /Enter: back to the menu/);
	assert.deepEqual(actions.runs, [['role'], ['cluster'], ['network'], ['run', '--target', 'redshift']]);
	assert.match(screen(instance), /Enter: back to the menu/);
});

test('App: Redshift with only credentials done resumes at the sizing screen', async () => {
	const {instance, actions} = await start({settings: {target: 'redshift', steps: {credentials: done}, aws: {region: 'us-west-2', nodeType: 'ra3.xlplus', nodes: 3}}});
	await until(instance, /Go on with choosing the cluster size/);
	await press(instance, keys.enter);
	await until(instance, /Cluster size in/);
	assert.deepEqual(actions.runs, [['sizing']]);
	assert.match(screen(instance), /❯ ra3\.xlplus/, 'the remembered node type is marked');
	assert.match(screen(instance), /3 × ra3\.xlplus/, 'with the remembered count');
});

test('App: Redshift without credentials starts at the credentials screen, the remembered region filled in', async () => {
	const {instance, actions} = await start({settings: {target: 'redshift', steps: {}, aws: {region: 'eu-west-1'}}});
	await press(instance);
	assert.match(screen(instance), /AWS credentials/);
	assert.deepEqual(actions.runs, []);
	await press(instance, '1');
	await until(instance, /Region: ▌eu-west-1/);
});

test('App: local with a load but no done check says so in words, and runs the pipeline on Enter', async () => {
	const {instance, actions} = await start({settings: {target: 'local', steps: {etl: done}, aws: {}}});
	await until(instance, /The data is loaded into the local warehouse, but not checked yet\.\n❯ 1\. Load and check again/);
	assert.deepEqual(actions.runs, []);
	await press(instance, keys.enter);
	await until(instance, /Which data should be loaded/);
	await press(instance, keys.enter);
	await until(instance, /run: all done/);
	assert.deepEqual(actions.runs, [['run', '--target', 'local']]);
});

test('App: with everything done it opens on the menu and runs nothing', async () => {
	const {instance, actions} = await start({
		settings: {target: 'redshift', steps: {credentials: done, sizing: done, role: done, cluster: done, network: done, check: done}, aws: {}},
		world: {cluster: 'available'},
	});
	await until(instance, /AWS says: available/);
	assert.deepEqual(actions.runs, []);
	assert.match(screen(instance), /^sparkify-dwh — Amazon Redshift$/m);
	assert.match(screen(instance), /AWS says: available/);
});

// ── the menu ────────────────────────────────────────────────────────────────

const allDoneLocal = {target: 'local' as const, steps: {check: done}, aws: {region: 'us-west-2'}};
const realSample = path.resolve(import.meta.dirname, '..', 'fixtures', 'sparkify-sample');

test('App: menu items run their commands with the target', async () => {
	const {instance, actions} = await start({settings: allDoneLocal});
	const menu = /↑↓ Enter · Ctrl-C quits/;
	const ended = /Enter: back to the menu/;
	await press(instance, '2');
	await until(instance, ended);
	assert.deepEqual(actions.runs, [['etl', '--target', 'local']]);
	await press(instance, keys.enter);
	await until(instance, menu);
	assert.match(screen(instance), /❯ 2\. Load again/, 'the menu comes back on the item last chosen');
	const useMenu = /› Use the warehouse\n❯ 1\. Query the warehouse/;
	await press(instance, '4');
	await until(instance, useMenu);
	await press(instance, '3');
	await until(instance, ended);
	assert.deepEqual(actions.runs[1], ['analytics', 'top_songs', '--target', 'local']);
	await press(instance, keys.enter);
	await until(instance, /Esc: back/);
	assert.match(screen(instance), /❯ 3\. Analytics: top songs/, 'back in the list it was chosen from, on the item chosen');
	await press(instance, '7');
	await until(instance, ended);
	assert.deepEqual(actions.runs[2], ['schema']);
	await press(instance, keys.enter);
	await until(instance, /❯ 7\. The schema/);
	await press(instance, keys.escape);
	await until(instance, menu);
	assert.match(screen(instance), /❯ 4\. Use the warehouse…/, 'Esc leaves the list for the main menu, on the entry that opened it');
});

test('App: Settings from the menu lists the choices; a change is saved, Esc goes back, and Load again reads it', async () => {
	const {instance, actions} = await start({settings: allDoneLocal});
	await press(instance, keys.up, keys.up, keys.up, keys.enter);
	await until(instance, /^Settings/);
	assert.match(screen(instance), /AWS region {2}us-west-2$/m);
	await press(instance, '2', '7', keys.enter);
	await until(instance, /Bad records tolerated {2}7$/m);
	await press(instance, '1', '3');
	await until(instance, /^Folder:/m);
	await press(instance, realSample, keys.enter);
	await until(instance, /✔ Saved: data to load\./);
	assert.deepEqual(actions.savedSettings, [
		{key: 'maxErrors', value: 7},
		{key: 'source', choice: {kind: 'folder', location: realSample}},
	]);
	await press(instance, keys.escape);
	await until(instance, /^sparkify-dwh — local warehouse/m);
	assert.deepEqual(actions.runs, [], 'nothing runs from the Settings screen');
	await press(instance, '2');
	await until(instance, /etl: all done/);
	assert.deepEqual(actions.runs, [['etl', '--target', 'local', '--source', realSample, '--max-errors', '7']]);
});

test('App: Quit on the menu exits with 0', async () => {
	const {instance, exits, actions} = await start({settings: allDoneLocal});
	await press(instance, keys.up, keys.enter);
	assert.deepEqual(exits, [0]);
	assert.deepEqual(actions.runs, []);
});

test('App: switching from local to Redshift on the menu asks for credentials', async () => {
	const {instance, actions} = await start({settings: allDoneLocal});
	await press(instance, keys.up, keys.up, keys.enter);
	await until(instance, /AWS credentials/);
	assert.deepEqual(actions.chosenTargets, ['redshift']);
});

// ── a command from the command line ─────────────────────────────────────────

test('App: a command prop runs that command, shows it, and exits with its code', async () => {
	const {instance, actions, exits} = await start({settings: allDoneLocal}, ['check', '--target', 'local']);
	assert.deepEqual(actions.runs, [['check', '--target', 'local']]);
	assert.deepEqual(exits, [0]);
	assert.match(lastDrawn(instance), /✔ check: check done\n\ncheck: all done/);
	assert.doesNotMatch(lastDrawn(instance), /Enter: back to the menu/, 'nothing to go back to');
});

test('App: a failing command prop exits with its code (1)', async () => {
	const {instance, exits, actions} = await start({settings: allDoneLocal, failOn: ['etl']}, ['etl']);
	assert.deepEqual(actions.runs, [['etl', '--target', 'local', '--max-errors', '0']], 'the input as the command line parsed it');
	assert.deepEqual(exits, [1]);
	assert.match(lastDrawn(instance), /✖ The etl step failed\./);
});

// ── Ctrl-C ──────────────────────────────────────────────────────────────────

test('App: Ctrl-C while busy cancels the command; a second Ctrl-C quits with 130', async () => {
	const hold = holding();
	const {instance, actions, exits} = await start({settings: allDoneLocal, behaviours: {etl: hold.behaviour}});
	await press(instance, '2');
	await until(instance, /etl…/);
	assert.deepEqual(actions.runs, [['etl', '--target', 'local']]);
	assert.doesNotMatch(screen(instance), /Cancelling/);
	await press(instance, keys.ctrlC);
	assert.equal(actions.cancels, 1);
	assert.deepEqual(exits, [], 'the first Ctrl-C does not quit');
	assert.match(screen(instance), /Cancelling… \(Ctrl-C again quits at once\)/);
	await press(instance, keys.ctrlC);
	assert.deepEqual(exits, [130]);
	assert.equal(actions.cancels, 1, 'the second press quits instead of cancelling again');
	hold.release(130);
});

test('App: Ctrl-C while idle on the menu exits with 0, without cancelling', async () => {
	const {instance, exits, actions} = await start({settings: allDoneLocal});
	await press(instance, keys.down, keys.ctrlC);
	assert.deepEqual(exits, [0]);
	assert.equal(actions.cancels, 0);
	assert.deepEqual(actions.runs, []);
});

test('App: Ctrl-C after a failed run exits with its code', async () => {
	const {instance, exits} = await start({settings: allDoneLocal, failOn: ['etl']});
	await press(instance, '2');
	await until(instance, /The etl step failed/);
	await press(instance, keys.ctrlC);
	assert.deepEqual(exits, [1]);
});

test('App: once a cancelled command has stopped, "Cancelling…" goes, the footer shows, and Ctrl-C quits with its code', async () => {
	const hold = holding();
	const {instance, actions, exits} = await start({settings: allDoneLocal, behaviours: {etl: hold.behaviour}});
	await press(instance, '2');
	await until(instance, /etl…/);
	await press(instance, keys.ctrlC);
	assert.match(screen(instance), /Cancelling…/);
	assert.doesNotMatch(screen(instance), /Enter: back to the menu/, 'no footer while it still runs');
	hold.release(130);
	await until(instance, /Enter: back to the menu/);
	assert.doesNotMatch(screen(instance), /Cancelling…/);
	assert.equal(actions.cancels, 1);
	await press(instance, keys.ctrlC);
	assert.deepEqual(exits, [130]);
});

// ── changing one AWS step from the menu ─────────────────────────────────────

const allDoneRedshift = {
	target: 'redshift' as const,
	steps: {credentials: done, sizing: done, role: done, cluster: done, network: done, check: done},
	aws: {region: 'us-west-2', nodeType: 'ra3.large', nodes: 2},
};

test(
	'App: "Cluster size" on the menu of a finished setup saves only the size',
	async () => {
		const {instance, actions} = await start({settings: allDoneRedshift});
		await press(instance, ...Array.from({length: 5}, () => keys.down));
		assert.match(screen(instance), /❯ 6\. Cluster size/);
		await press(instance, keys.enter);
		await until(instance, /Cluster size in/);
		assert.deepEqual(actions.runs, [['sizing']]);
		assert.match(screen(instance), /❯ ra3\.large/);
		assert.match(screen(instance), /2 × ra3\.large/, 'the remembered size first');
		await press(instance, keys.right, keys.enter);
		await until(instance, /Enter: back to the menu/);
		assert.deepEqual(actions.runs, [['sizing'], ['sizing', '--node-type', 'ra3.large', '--nodes', '3']]);
	},
);

test('App: a load whose only failure was a quality check is offered in those words', async () => {
	const {instance, actions} = await start({settings: {target: 'local', steps: {etl: done, check: {status: 'failed', at, detail: '28 of 29 passed'}}, aws: {}}});
	await until(instance, /^The data is loaded into the local warehouse, but a quality check failed \(28 of 29 passed\)\.\n❯ 1\. Load and check again\n {2}2\. Open the menu$/m);
	assert.doesNotMatch(screen(instance), /\brun\b/, 'no internal step id on screen');
	await press(instance, '2');
	await until(instance, /^sparkify-dwh — local warehouse/m);
	assert.deepEqual(actions.runs, []);
});

// ── sparkify-dwh --source DIR ───────────────────────────────────────────────

test('App opened with --source: the menu says its loads read it this session, and Load again does, ahead of the remembered data', async () => {
	const {instance, actions} = await start({settings: {...allDoneLocal, source: '/data/remembered'}}, undefined, realSample);
	await until(instance, /^Loads read .*sparkify-sample this session \(--source\)$/m);
	await press(instance, '2');
	await until(instance, /etl: all done/);
	assert.deepEqual(actions.runs, [['etl', '--target', 'local', '--source', realSample]]);
	assert.equal(actions.current.source, '/data/remembered', 'a flag is for this session: the settings keep their own');
});

test('App opened with --source on a first run: the data question offers that folder, filled in', async () => {
	const {instance, actions} = await start({}, undefined, realSample);
	await press(instance, '1');
	// The folder given is the real sample that comes with the tool: it is marked as such, one Enter away.
	await until(instance, /❯ 2\. The real Sparkify sample/);
	await press(instance, keys.enter);
	await until(instance, /run: all done/);
	assert.deepEqual(actions.runs, [['run', '--target', 'local', '--source', realSample]]);
});

test('App opened with an s3:// --source on this machine: the menu says it is not used, and the loads do not use it', async () => {
	const {instance, actions} = await start({settings: allDoneLocal}, undefined, 's3://bucket/prefix');
	await until(instance, /--source s3:\/\/bucket\/prefix is not used: this machine loads a folder$/m);
	await press(instance, '2');
	await until(instance, /etl: all done/);
	assert.deepEqual(actions.runs, [['etl', '--target', 'local']]);
});
