// Every PostgreSQL session's settings (warehouse/connection.ts): a server that does not know
// client_connection_check_interval (before 14), or cannot honour it on its system, still gets
// UTC; any other failure is not hidden.

import assert from 'node:assert/strict';
import {test} from 'node:test';
import type pg from 'pg';
import {sessionSettings} from '../../source/warehouse/connection.js';

/** A client whose first statement fails with `code` (none: succeeds); it records what it was sent. */
function clientFailingFirstWith(code: string | undefined) {
	const sent: string[] = [];
	const client = {
		async query(text: string) {
			sent.push(text);
			if (sent.length === 1 && code) throw Object.assign(new Error(`failed with ${code}`), {code});
			return {rows: []};
		},
	} as unknown as Pick<pg.Client, 'query'>;
	return {client, sent};
}

test('one statement sets both: UTC and the check for a client that is gone', async () => {
	const {client, sent} = clientFailingFirstWith(undefined);
	await sessionSettings(client);
	assert.equal(sent.length, 1);
	assert.match(sent[0]!, /set_config\('TimeZone', 'UTC', false\).*set_config\('client_connection_check_interval', '1000', false\)/);
});

for (const code of ['42704', '22023']) {
	test(`a server that refuses the check (${code}) gets UTC alone`, async () => {
		const {client, sent} = clientFailingFirstWith(code);
		await sessionSettings(client);
		assert.deepEqual(sent.slice(1), ["SET TIME ZONE 'UTC'"]);
	});
}

test('any other failure is thrown, not papered over', async () => {
	const {client, sent} = clientFailingFirstWith('57P01');
	await assert.rejects(sessionSettings(client), {code: '57P01'});
	assert.equal(sent.length, 1);
});
