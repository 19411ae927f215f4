// The lock and the leases that let several processes share one embedded PostgreSQL: a live
// owner is waited for, a dead one (or a pid reused by another program) is not, and only
// live holders count.

import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {test} from 'node:test';
import {serverEnvironment} from '../../source/warehouse/embedded.js';
import {acquireLock, identityIsLive, leasePaths, liveHolders, LockTimeoutError, selfIdentity, writeLease} from '../../source/warehouse/leases.js';
import {makeTempDir} from '../support/tmp.js';

/** The pid of a process that has ended. */
function deadPid(): number {
	const {pid} = spawnSync(process.execPath, ['-e', '']);
	assert.ok(pid);
	return pid;
}

test('a lock held by a live process is waited for, and taken once released', async () => {
	const {lock} = leasePaths(makeTempDir('sparkify-lock'));
	const release = await acquireLock(lock);
	await assert.rejects(acquireLock(lock, {timeoutMs: 200}), LockTimeoutError);
	release();
	(await acquireLock(lock, {timeoutMs: 200}))();
	assert.ok(!fs.existsSync(lock));
});

test('a lock whose owner died, or whose pid now belongs to another process, is broken', async () => {
	const {lock} = leasePaths(makeTempDir('sparkify-stale-lock'));
	for (const owner of [`${deadPid()} 123`, `${process.pid} 1`]) {
		fs.mkdirSync(lock);
		fs.writeFileSync(path.join(lock, 'owner'), owner);
		const release = await acquireLock(lock, {timeoutMs: 2000});
		assert.equal(fs.readFileSync(path.join(lock, 'owner'), 'utf8'), selfIdentity());
		release();
	}
});

test('only live holders count; the leases of dead ones are swept away', () => {
	const {leases} = leasePaths(makeTempDir('sparkify-leases'));
	writeLease(leases);
	const dead = deadPid();
	fs.writeFileSync(path.join(leases, String(dead)), `${dead} 123`);
	// This process's pid with another start time: the pid was reused.
	assert.equal(identityIsLive(`${process.pid} 1`), process.platform !== 'linux');
	assert.deepEqual(liveHolders(leases), [process.pid]);
	assert.deepEqual(fs.readdirSync(leases), [String(process.pid)]);
});

test("the server's environment is an allow-list: no secret the tool was given reaches it", () => {
	const env = serverEnvironment(undefined, {
		PATH: '/usr/bin',
		TZ: 'UTC',
		HOME: '/home/someone',
		AWS_SECRET_ACCESS_KEY: 'secret',
		AWS_SESSION_TOKEN: 'token',
		SPARKIFY_DWH_DATABASE_URL: 'postgres://user:password@host/db',
	});
	assert.deepEqual(env, {PATH: '/usr/bin', TZ: 'UTC', HOME: '/home/someone', LANG: 'C', LC_ALL: 'C'});
});
