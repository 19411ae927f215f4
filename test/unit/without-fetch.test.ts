import assert from 'node:assert/strict';
import {test} from 'node:test';
import {importWithoutFetch} from '../../source/core/without-fetch.js';

test('fetch is hidden while the module loads, and put back as it was, even on failure', async () => {
	const before = Object.getOwnPropertyDescriptor(globalThis, 'fetch');
	const seen = await importWithoutFetch(async () => typeof globalThis.fetch);
	assert.equal(seen, 'undefined');
	assert.deepEqual(Object.getOwnPropertyDescriptor(globalThis, 'fetch'), before);
	await assert.rejects(
		importWithoutFetch(async () => {
			throw new Error('load failed');
		}),
		/load failed/,
	);
	assert.deepEqual(Object.getOwnPropertyDescriptor(globalThis, 'fetch'), before);
	assert.equal(typeof globalThis.fetch, 'function');
});
