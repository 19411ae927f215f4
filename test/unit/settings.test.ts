import assert from 'node:assert/strict';
import fs from 'node:fs';
import {test} from 'node:test';
import Conf from 'conf';
import {findSecretKeys, migrate, openSettings, settingsFile, settingsSchema, settingsVersion} from '../../source/config/settings.js';
import {UserError} from '../../source/core/errors.js';
import {homePaths} from '../../source/core/paths.js';
import {makeTempDir} from '../support/tmp.js';

const freshPaths = () => homePaths({SPARKIFY_DWH_HOME: makeTempDir('sparkify-settings')});

test('settings persist between opens, in a 0600 file, with the current version', () => {
	const paths = freshPaths();
	const store = openSettings(paths);
	store.update((settings) => ({...settings, target: 'redshift', aws: {region: 'us-west-2', clusterId: 'sparkify', nodes: 2}}));
	store.recordStep('cluster', 'done', 'available', new Date('2026-11-24T12:00:00Z'));
	const again = openSettings(paths).get();
	assert.equal(again.schemaVersion, settingsVersion);
	assert.deepEqual(again.aws, {region: 'us-west-2', clusterId: 'sparkify', nodes: 2});
	assert.deepEqual(again.steps.cluster, {status: 'done', at: '2026-11-24T12:00:00.000Z', detail: 'available'});
	assert.equal(fs.statSync(store.path).mode & 0o777, 0o600);
});

test('values the schema forbids are refused, and so is any secret-looking key', () => {
	const store = openSettings(freshPaths());
	assert.throws(() => store.update((settings) => ({...settings, aws: {clusterId: 'Not_Valid'}})), /clusterId/);
	assert.throws(() => store.update((settings) => ({...settings, aws: {...settings.aws, masterPassword: 'x'} as never})), /secret|additional/i);
	assert.throws(() => store.update((settings) => ({...settings, awsSecretAccessKey: 'x'}) as never), /secret/i);
	assert.deepEqual(findSecretKeys({aws: {region: 'x', password: 'y'}, token: 1}), ['aws.password', 'token']);
});

test('a version-0 store is migrated: names move under aws, the password is dropped', () => {
	const migrated = migrate({clusterIdentifier: 'dwhCluster', region: 'us-west-2', numberOfNodes: 4, dbPassword: 'Passw0rd', source: 's3://udacity-dend', oldFlag: true});
	assert.deepEqual(migrated, {source: 's3://udacity-dend', aws: {clusterId: 'dwhcluster', region: 'us-west-2', nodes: 4}, steps: {}, schemaVersion: 1});
	const paths = freshPaths();
	fs.mkdirSync(paths.config, {recursive: true});
	fs.writeFileSync(settingsFile(paths), JSON.stringify({clusterIdentifier: 'old', dbPassword: 'Passw0rd'}));
	const store = openSettings(paths);
	assert.equal(store.path, settingsFile(paths));
	assert.equal(store.get().aws?.clusterId, 'old');
	assert.equal(store.get().schemaVersion, settingsVersion);
	assert.doesNotMatch(fs.readFileSync(store.path, 'utf8'), /Passw0rd/, 'the password is gone from the disk on opening');
});

test("opening the settings of a new home writes nothing (the app's first frame reads them)", () => {
	const paths = freshPaths();
	assert.deepEqual(openSettings(paths).get(), {steps: {}});
	assert.equal(fs.existsSync(settingsFile(paths)), false);
	openSettings(paths).recordStep('tables', 'done');
	assert.equal(openSettings(paths).get().schemaVersion, settingsVersion, 'the first write says the version');
});

test('settings from a newer version are not silently rewritten', () => {
	assert.throws(
		() => migrate({schemaVersion: settingsVersion + 1, steps: {}}),
		(error: unknown) => error instanceof UserError && error.code === 'settings_newer',
	);
});

test('a damaged settings file is one sentence with what to do', () => {
	const paths = freshPaths();
	fs.mkdirSync(paths.config, {recursive: true});
	fs.writeFileSync(settingsFile(paths), '{"schemaVersion": 1, "steps": {}, "target": "mars"}');
	assert.throws(
		() => openSettings(paths),
		(error: unknown) => error instanceof UserError && error.code === 'settings_invalid' && /move it away/.test(error.hint ?? ''),
	);
});

test('the credentials step is recorded like any other: a step id is a name, not a secret', () => {
	const store = openSettings(freshPaths());
	store.recordStep('credentials', 'done', 'arn:aws:iam::123456789012:user/dana');
	assert.equal(store.get().steps.credentials?.status, 'done');
	// A secret-looking key inside a step record is still refused.
	assert.deepEqual(findSecretKeys({steps: {credentials: {status: 'done', at: 'now', password: 'x'}}}), ['steps.credentials.password']);
	assert.deepEqual(findSecretKeys({aws: {credentials: 'x'}}), ['aws.credentials']);
});

test('the schema is a valid JSON Schema (the store skips that check to open fast)', () => {
	// conf's default validator options check the schema against the meta-schema, and throw.
	const conf = new Conf({cwd: makeTempDir('sparkify-schema'), schema: settingsSchema});
	assert.deepEqual({...conf.store}, {});
});
