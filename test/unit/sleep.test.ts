import assert from 'node:assert/strict';
import {getEventListeners} from 'node:events';
import {test} from 'node:test';
import {CancelledError, UserError} from '../../source/core/errors.js';
import {cancelledAs, sleep} from '../../source/core/sleep.js';

/** The timers this process has pending, by Node's own count. */
const pendingTimers = () => process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length;

test('sleep resolves after its time', async () => {
	const started = performance.now();
	await sleep(30);
	assert.ok(performance.now() - started >= 25);
	await sleep(10, new AbortController().signal);
});

test('sleep rejects with CancelledError as soon as the signal aborts, and leaves no timer behind', async () => {
	const before = pendingTimers();
	const controller = new AbortController();
	const started = performance.now();
	const waiting = sleep(60_000, controller.signal);
	assert.equal(pendingTimers(), before + 1);
	setImmediate(() => controller.abort());
	await assert.rejects(waiting, CancelledError);
	assert.ok(performance.now() - started < 1000, 'ended at once');
	assert.equal(pendingTimers(), before, 'the timer is cleared');
});

test('sleep on a signal that has already aborted rejects at once without starting a timer', async () => {
	const before = pendingTimers();
	const waiting = sleep(60_000, AbortSignal.abort());
	assert.equal(pendingTimers(), before);
	await assert.rejects(waiting, CancelledError);
});

test('a finished sleep leaves no listener on its signal', async () => {
	const controller = new AbortController();
	for (let index = 0; index < 20; index++) await sleep(0, controller.signal);
	// A listener left behind would keep each finished wait alive as long as the step's signal.
	assert.equal(getEventListeners(controller.signal, 'abort').length, 0);
});

test("cancelledAs turns a cancellation into the step's own words and lets anything else through", async () => {
	const stopped = () => new CancelledError('Stopped watching; it goes on in AWS.');
	await assert.rejects(sleep(60_000, AbortSignal.abort()).catch(cancelledAs(stopped)), /goes on in AWS/);
	const other = new UserError('not a cancellation');
	await assert.rejects(Promise.reject(other).catch(cancelledAs(stopped)), (error: unknown) => error === other);
});
