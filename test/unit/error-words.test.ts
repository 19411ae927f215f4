// Errors in the words of the place: on the command line the hint names flags; in the wizard
// (Ink or plain) the same error names menu items and settings. The panel says a failed step's
// sentence once: the step's own line then names only the step.

import assert from 'node:assert/strict';
import {PassThrough} from 'node:stream';
import {test} from 'node:test';
import {translateAwsError} from '../../source/aws/errors.js';
import {UserError, hintFor} from '../../source/core/errors.js';
import {explainError} from '../../source/core/explain-error.js';
import {plainFrontEnd} from '../../source/plain/front-end.js';
import {inkFrontEnd} from '../../source/ui/ink-front-end.js';
import {createUiStore} from '../../source/ui/store.js';

const noCredentials = Object.assign(new Error('Could not load credentials from any providers'), {name: 'CredentialsProviderError'});
const flag = /--[a-z]/;

test('hintFor: the wizard gets its own words where there are some, else the one hint', () => {
	const both = new UserError('No cluster.', {hint: 'Pass --cluster-id.', wizardHint: 'Choose one in Settings → Cluster name.'});
	assert.equal(hintFor(both, false), 'Pass --cluster-id.');
	assert.equal(hintFor(both, true), 'Choose one in Settings → Cluster name.');
	const one = new UserError('Disk full.', {hint: 'Free some space.'});
	assert.equal(hintFor(one, true), 'Free some space.');
});

test('AWS credential errors: flags on the command line, the menu and settings in the wizard', () => {
	for (const error of [translateAwsError(noCredentials, 'checking the credentials'), explainError(noCredentials)]) {
		assert.ok(error instanceof UserError);
		assert.match(error.hint!, /--profile/);
		assert.doesNotMatch(error.wizardHint!, flag, error.wizardHint);
		assert.match(error.wizardHint!, /AWS credentials|Settings → AWS profile/);
	}
});

test('the Ink front end: in the wizard the hint has no flag; from the command line it keeps it; the sentence is said once', () => {
	for (const wizard of [true, false]) {
		const store = createUiStore();
		const front = inkFrontEnd(store, {yes: false, wizard});
		const sentence = 'There is no cluster dwh in this region.';
		front.report({type: 'step', step: 'cluster', status: 'running', title: 'Create the Redshift cluster'});
		front.report({type: 'step', step: 'cluster', status: 'failed', title: 'Create the Redshift cluster', detail: sentence});
		front.failure(new UserError(sentence, {hint: 'Pass --cluster-id.', wizardHint: 'Choose it in Settings → Cluster name.'}), '/tmp/dwh.log');
		const {failure, steps} = store.getState();
		assert.equal(failure?.message, sentence);
		assert.equal(failure?.hint, wizard ? 'Choose it in Settings → Cluster name.' : 'Pass --cluster-id.');
		assert.deepEqual(steps, [{id: 'cluster', title: 'Create the Redshift cluster', status: 'failed'}], 'the step line no longer repeats the panel');
	}
});

test('the Ink front end keeps a failed step reason that the panel does not say', () => {
	const store = createUiStore();
	const front = inkFrontEnd(store, {yes: false, wizard: true});
	front.report({type: 'step', step: 'check', status: 'failed', title: 'Check data quality', detail: '28 of 29 passed'});
	front.failure(new UserError('A quality check failed.'), undefined);
	assert.equal(store.getState().steps[0]?.detail, '28 of 29 passed');
});

test('the plain front end: the plain wizard says the wizard words', () => {
	const said = (wizard: boolean) => {
		const err = new PassThrough();
		let text = '';
		err.on('data', (chunk: Buffer) => (text += chunk.toString()));
		plainFrontEnd({yes: false, interactive: false, verbose: false, wizard, out: new PassThrough(), err}).failure(
			new UserError('Nothing to load.', {hint: 'Check the --source path.', wizardHint: 'Choose another folder in Settings → Data to load.'}),
			undefined,
		);
		return text;
	};
	assert.match(said(true), /What to do: Choose another folder in Settings → Data to load\./);
	assert.match(said(false), /What to do: Check the --source path\./);
});
