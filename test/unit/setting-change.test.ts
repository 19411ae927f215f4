// The Settings screen's changes as they reach the real settings file: the data made absolute
// (or the default as none), no bad records as none, the default chain as no profile, and a
// value the settings' schema refuses left unwritten.

import assert from 'node:assert/strict';
import path from 'node:path';
import {test} from 'node:test';
import {openSettings} from '../../source/config/settings.js';
import {homePaths} from '../../source/core/paths.js';
import {applySettingChange} from '../../source/interactive/setting-change.js';
import {makeTempDir} from '../support/tmp.js';

const fresh = () => openSettings(homePaths({SPARKIFY_DWH_HOME: makeTempDir('sparkify-setting-change')}));

test('applySettingChange: each choice lands where the commands and the menu read it', () => {
	const store = fresh();
	applySettingChange(store, {key: 'source', choice: {kind: 'folder', location: './data'}});
	applySettingChange(store, {key: 'maxErrors', value: 10});
	applySettingChange(store, {key: 'target', value: 'redshift'});
	applySettingChange(store, {key: 'region', value: 'eu-west-1'});
	applySettingChange(store, {key: 'profile', value: 'work'});
	applySettingChange(store, {key: 'clusterId', value: 'dwh-2'});
	const saved = openSettings({...homePaths({SPARKIFY_DWH_HOME: path.dirname(path.dirname(store.path))})}).get();
	assert.equal(saved.source, path.resolve('./data'));
	assert.equal(saved.maxErrors, 10);
	assert.equal(saved.target, 'redshift');
	assert.deepEqual(saved.aws, {region: 'eu-west-1', profile: 'work', clusterId: 'dwh-2'});
});

test('applySettingChange: the defaults are written as nothing at all', () => {
	const store = fresh();
	applySettingChange(store, {key: 'source', choice: {kind: 's3', location: 's3://bucket/prefix'}});
	applySettingChange(store, {key: 'maxErrors', value: 5});
	applySettingChange(store, {key: 'profile', value: 'work'});
	applySettingChange(store, {key: 'source', choice: {kind: 'default'}});
	applySettingChange(store, {key: 'maxErrors', value: 0});
	applySettingChange(store, {key: 'profile', value: undefined});
	const saved = store.get();
	assert.equal('source' in saved, false);
	assert.equal('maxErrors' in saved, false);
	assert.deepEqual(saved.aws, {});
});

test('applySettingChange: a value the schema refuses is not written', () => {
	const store = fresh();
	applySettingChange(store, {key: 'region', value: 'us-west-2'});
	assert.throws(() => applySettingChange(store, {key: 'clusterId', value: 'Not_Valid'}), /clusterId/);
	assert.throws(() => applySettingChange(store, {key: 'maxErrors', value: -1}), /maxErrors/);
	assert.throws(() => applySettingChange(store, {key: 'maxErrors', value: 1.5}), /maxErrors/);
	assert.deepEqual(store.get().aws, {region: 'us-west-2'});
});
