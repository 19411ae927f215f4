// The resume offer's words for each place a setup can stop: the step by what it does, and
// what is true of the data.

import assert from 'node:assert/strict';
import {test} from 'node:test';
import {resumeWords} from '../../source/ui/screens/resume-screen.js';

const at = '2026-11-25T14:24:31.000Z';

test('resumeWords: the Redshift steps by what they do, never by id', () => {
	const words = (from: Parameters<typeof resumeWords>[1]) => resumeWords({target: 'redshift', steps: {}}, from);
	assert.deepEqual(words('cluster'), {title: 'The Redshift setup stopped before creating the cluster.', goOn: 'Go on with creating the cluster'});
	assert.deepEqual(words('network'), {title: 'The Redshift setup stopped before opening the cluster port.', goOn: 'Go on with opening the cluster port'});
	for (const from of ['credentials', 'sizing', 'role', 'cluster', 'network'] as const) assert.doesNotMatch(words(from).title, new RegExp(`before ${from}\\b`));
});

test('resumeWords: the load — failed, cancelled, checked badly, unchecked, or never run', () => {
	const local = (steps: Parameters<typeof resumeWords>[0]['steps']) => resumeWords({target: 'local', steps}, 'run');
	assert.deepEqual(local({etl: {status: 'done', at}, check: {status: 'failed', at}}), {
		title: 'The data is loaded into the local warehouse, but a quality check failed.',
		goOn: 'Load and check again',
	});
	assert.equal(local({etl: {status: 'failed', at}}).title, 'The last load into the local warehouse failed.');
	assert.equal(local({etl: {status: 'cancelled', at}}).title, 'The last load into the local warehouse was cancelled.');
	assert.equal(local({}).title, 'Nothing has been loaded into the local warehouse yet.');
	assert.equal(resumeWords({target: 'redshift', steps: {etl: {status: 'done', at}}}, 'run').title, 'The data is loaded into the cluster, but not checked yet.');
});
