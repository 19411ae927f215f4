// A plan given as a function (core/front-end.ts) is made only by a front end that shows it: a
// load's plan lists its whole source, which --yes in --json or in the app never shows. The
// plain front end shows it with --yes too; a refusal in --json carries it (to the log file).

import assert from 'node:assert/strict';
import {PassThrough} from 'node:stream';
import {test} from 'node:test';
import {UserError} from '../../source/core/errors.js';
import type {LazyPlan} from '../../source/core/front-end.js';
import type {Plan} from '../../source/core/step.js';
import {jsonFrontEnd} from '../../source/headless/json-front-end.js';
import {plainFrontEnd} from '../../source/plain/front-end.js';
import {inkFrontEnd} from '../../source/ui/ink-front-end.js';
import {createUiStore} from '../../source/ui/store.js';

const plan: Plan = {destructive: true, actions: [{action: 'load', resource: 'staging_songs', detail: '385,000 files, 96 MB from the source'}]};

/** The plan as a function that counts how often it was made. */
function counted(): {lazy: LazyPlan; made: () => number} {
	let made = 0;
	return {
		lazy: async () => {
			made++;
			return plan;
		},
		made: () => made,
	};
}

function collected(): {stream: PassThrough; text: () => string} {
	const stream = new PassThrough();
	let text = '';
	stream.on('data', (chunk: Buffer) => {
		text += chunk.toString();
	});
	return {stream, text: () => text};
}

test('--json with --yes goes ahead without making the plan', async () => {
	const {lazy, made} = counted();
	const front = jsonFrontEnd({yes: true, streamEvents: true, out: collected().stream});
	assert.equal(await front.confirm('Replace the current load?', lazy, '--yes'), true);
	assert.equal(made(), 0);
});

test('the app with --yes goes ahead without making the plan', async () => {
	const {lazy, made} = counted();
	const front = inkFrontEnd(createUiStore(), {yes: true});
	assert.equal(await front.confirm('Replace the current load?', lazy, '--yes'), true);
	assert.equal(made(), 0);
});

test('--json without --yes refuses, with the plan it made', async () => {
	const {lazy, made} = counted();
	const front = jsonFrontEnd({yes: false, streamEvents: true, out: collected().stream});
	const refusal = await front.confirm('Replace the current load?', lazy, '--yes').then(
		() => assert.fail('it went ahead without --yes'),
		(error: unknown) => error,
	);
	assert.ok(refusal instanceof UserError);
	assert.deepEqual(refusal.cause, plan);
	assert.equal(made(), 1);
});

test('plain lines show the plan with --yes too, made once', async () => {
	const {lazy, made} = counted();
	const out = collected();
	const err = collected();
	const front = plainFrontEnd({yes: true, interactive: false, verbose: false, out: out.stream, err: err.stream});
	assert.equal(await front.confirm('Replace the current load?', lazy, '--yes'), true);
	assert.equal(made(), 1);
	assert.match(out.text() + err.text(), /staging_songs.*385,000 files/);
});

test('the app without --yes makes the plan, then asks with it', async () => {
	const {lazy, made} = counted();
	const store = createUiStore();
	const pending = inkFrontEnd(store, {yes: false}).confirm('Replace the current load?', lazy, '--yes');
	await new Promise((resolve) => setImmediate(resolve));
	const question = store.getState().question;
	assert.ok(question?.kind === 'confirm', 'a confirm question is asked');
	assert.deepEqual(question.plan, plan);
	assert.equal(made(), 1);
	question.answer(false);
	assert.equal(await pending, false);
});
