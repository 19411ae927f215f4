import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {test} from 'node:test';
import {findSecretKeys, migrate, openSettings, settingsVersion} from '../../source/config/settings.js';
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
	assert.throws(() => store.update((settings) => ({...settings, awsSecretAccessKey: 'x'} as never)), /secret/i);
	assert.deepEqual(findSecretKeys({aws: {region: 'x', password: 'y'}, token: 1}), ['aws.password', 'token']);
});

test('a version-0 store is migrated: names move under aws, the password is dropped', () => {
	const migrated = migrate({clusterIdentifier: 'dwhCluster', region: 'us-west-2', numberOfNodes: 4, dbPassword: 'Passw0rd', source: 's3://udacity-dend'});
	assert.deepEqual(migrated, {source: 's3://udacity-dend', aws: {clusterId: 'dwhcluster', region: 'us-west-2', nodes: 4}, steps: {}, schemaVersion: 1});
	const paths = freshPaths();
	fs.mkdirSync(paths.config, {recursive: true});
	fs.writeFileSync(path.join(paths.config, 'settings.json'), JSON.stringify({clusterIdentifier: 'old', dbPassword: 'Passw0rd'}));
	const store = openSettings(paths);
	assert.equal(store.get().aws?.clusterId, 'old');
	assert.doesNotMatch(fs.readFileSync(store.path, 'utf8'), /Passw0rd/);
});

test('settings from a newer version are not silently rewritten', () => {
	assert.throws(() => migrate({schemaVersion: settingsVersion + 1, steps: {}}), (error: unknown) => error instanceof UserError && error.code === 'settings_newer');
});

test('a damaged settings file is one sentence with what to do', () => {
	const paths = freshPaths();
	fs.mkdirSync(paths.config, {recursive: true});
	fs.writeFileSync(path.join(paths.config, 'settings.json'), '{"schemaVersion": 1, "steps": {}, "maxErrors": -5}');
	assert.throws(() => openSettings(paths), (error: unknown) => error instanceof UserError && error.code === 'settings_invalid' && /move it away/.test(error.hint ?? ''));
});

test('the credentials step is recorded like any other: a step id is a name, not a secret', () => {
	const store = openSettings(freshPaths());
	store.recordStep('credentials', 'done', 'arn:aws:iam::123456789012:user/dana');
	assert.equal(store.get().steps.credentials?.status, 'done');
	// A secret-looking key inside a step record is still refused.
	assert.deepEqual(findSecretKeys({steps: {credentials: {status: 'done', at: 'now', password: 'x'}}}), ['steps.credentials.password']);
	assert.deepEqual(findSecretKeys({aws: {credentials: 'x'}}), ['aws.credentials']);
});
