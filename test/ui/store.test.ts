// The UI store as data: how step, progress and log events fold into the state the screens
// read, how subscribers hear of changes, and how the Ink front end turns confirm questions,
// failures and reports into that state — all without rendering anything.

import assert from 'node:assert/strict';
import {test} from 'node:test';
import {UserError} from '../../source/core/errors.js';
import type {StepEvent} from '../../source/core/events.js';
import type {Plan} from '../../source/core/step.js';
import {inkFrontEnd} from '../../source/ui/ink-front-end.js';
import {addMessage, applyEvent, createUiStore, emptyState, type UiState, pendingAnswers, withAnswer, withoutPendingAnswers} from '../../source/ui/store.js';
import {clusterAnswer, credentialsAnswer, sizeAnswer, sourceAnswer, targetAnswer} from '../../source/ui/answer-lines.js';
import {realSample} from '../../source/commands/real-sample.js';

const plan: Plan = {actions: [{action: 'create', resource: 'Redshift cluster dwh'}], costPerHour: 0.543, destructive: false};

const fold = (events: readonly StepEvent[], state: UiState = emptyState) => events.reduce(applyEvent, state);

const progress = (task: string, done: number, state: 'running' | 'done' = 'running', step = 'etl'): StepEvent => ({
	type: 'progress',
	step,
	task,
	state,
	unit: 'rows',
	done,
	total: 8056,
	counters: {rows: {done, total: 8056}},
	elapsedMs: done,
});

test('a step event for a known id replaces it in place; new ids append in order', () => {
	const state = fold([
		{type: 'step', step: 'role', status: 'running', title: 'IAM role'},
		{type: 'step', step: 'cluster', status: 'pending', title: 'Cluster'},
		{type: 'step', step: 'role', status: 'done', title: 'IAM role', detail: 'created dwhRole'},
		{type: 'step', step: 'network', status: 'running', title: 'Network'},
	]);
	assert.deepEqual(state.steps, [
		{id: 'role', title: 'IAM role', status: 'done', detail: 'created dwhRole'},
		{id: 'cluster', title: 'Cluster', status: 'pending'},
		{id: 'network', title: 'Network', status: 'running'},
	]);
});

test('a step that ends without detail loses the detail of an earlier event', () => {
	const state = fold([
		{type: 'step', step: 'etl', status: 'failed', title: 'Load', detail: 'disk full'},
		{type: 'step', step: 'etl', status: 'running', title: 'Load'},
	]);
	assert.deepEqual(state.steps, [{id: 'etl', title: 'Load', status: 'running'}]);
	assert.equal('detail' in state.steps[0]!, false);
});

test('applyEvent does not change the state it is given', () => {
	const before = fold([{type: 'step', step: 'role', status: 'running', title: 'IAM role'}]);
	const after = applyEvent(before, {type: 'step', step: 'role', status: 'done', title: 'IAM role'});
	assert.equal(before.steps[0]!.status, 'running');
	assert.equal(after.steps[0]!.status, 'done');
	assert.notEqual(before, after);
});

test('progress for the same step and task replaces the row; other tasks and steps append', () => {
	const state = fold([
		progress('staging_events', 100),
		progress('staging_songs', 5),
		progress('staging_events', 4000),
		progress('staging_events', 7, 'running', 'generate'),
		progress('staging_events', 8056, 'done'),
	]);
	assert.deepEqual(
		state.tasks.map((task) => [task.step, task.task, task.done, task.state]),
		[
			['etl', 'staging_events', 8056, 'done'],
			['etl', 'staging_songs', 5, 'running'],
			['generate', 'staging_events', 7, 'running'],
		],
	);
	assert.equal('type' in state.tasks[0]!, false, 'the event type is not kept in the row');
	assert.deepEqual(state.tasks[0]!.counters, {rows: {done: 8056, total: 8056}});
	assert.equal(state.tasks[0]!.elapsedMs, 8056);
});

test('log messages keep only the last 6, newest last; debug logs are dropped', () => {
	const logs: StepEvent[] = Array.from({length: 8}, (_, index) => ({type: 'log', level: index % 2 ? 'warn' : 'info', message: `line ${index + 1}`}));
	const state = fold([...logs, {type: 'log', level: 'debug', message: 'noise'}]);
	assert.deepEqual(state.messages, ['line 3', 'line 4', 'line 5', 'line 6', 'line 7', 'line 8']);
	assert.equal(fold([{type: 'log', level: 'debug', message: 'noise'}]), emptyState, 'a debug log leaves the state untouched');
	assert.deepEqual(addMessage(addMessage(emptyState, 'a'), 'b').messages, ['a', 'b']);
});

test('the store notifies subscribers on update and reset, and not after they unsubscribe', () => {
	const store = createUiStore();
	let calls = 0;
	let seen: UiState | undefined;
	const unsubscribe = store.subscribe(() => {
		calls++;
		seen = store.getState();
	});
	store.update((state) => addMessage(state, 'hello'));
	assert.equal(calls, 1);
	assert.deepEqual(seen?.messages, ['hello'], 'the listener sees the new state');
	store.reset();
	assert.equal(calls, 2);
	assert.deepEqual(store.getState(), emptyState);
	unsubscribe();
	store.update((state) => addMessage(state, 'unheard'));
	assert.equal(calls, 2, 'no call after unsubscribing');
	assert.deepEqual(store.getState().messages, ['unheard'], 'the update still happened');
});

test('the store starts from the state it is given', () => {
	const initial: UiState = {...emptyState, busy: true};
	assert.equal(createUiStore(initial).getState().busy, true);
	assert.equal(createUiStore().getState(), emptyState);
});

test('inkFrontEnd: report and notice land in the store', () => {
	const store = createUiStore();
	const front = inkFrontEnd(store, {yes: false});
	front.report({type: 'step', step: 'role', status: 'running', title: 'IAM role'});
	front.report(progress('staging_events', 10));
	front.report({type: 'log', level: 'warn', message: 'slow network'});
	front.notice('Saved settings.');
	const state = store.getState();
	assert.deepEqual(state.steps, [{id: 'role', title: 'IAM role', status: 'running'}]);
	assert.equal(state.tasks.length, 1);
	assert.deepEqual(state.messages, ['slow network', 'Saved settings.']);
});

test('inkFrontEnd: outcome is stored as given', () => {
	const store = createUiStore();
	const outcome = {command: 'etl', ok: true, data: {rows: 8056}, summary: ['8,056 rows loaded']};
	inkFrontEnd(store, {yes: false}).outcome(outcome);
	assert.deepEqual(store.getState().outcome, outcome);
});

test('inkFrontEnd: confirm with yes resolves true without asking', async () => {
	const store = createUiStore();
	let notified = 0;
	store.subscribe(() => notified++);
	assert.equal(await inkFrontEnd(store, {yes: true}).confirm('Create it?', plan, '--yes'), true);
	assert.equal(store.getState().question, undefined);
	assert.equal(notified, 0);
});

for (const answer of [true, false]) {
	test(`inkFrontEnd: confirm without yes asks a 'confirm' question and resolves ${answer} when answered`, async () => {
		const store = createUiStore();
		const pending = inkFrontEnd(store, {yes: false}).confirm('Create the cluster?', plan, '--yes');
		const question = store.getState().question;
		assert.ok(question?.kind === 'confirm', 'a confirm question is asked');
		assert.equal(question.question, 'Create the cluster?');
		assert.deepEqual(question.plan, plan, 'the plan as asked (its text made safe to draw)');
		let settled = false;
		void pending.then(() => (settled = true));
		await new Promise((resolve) => setImmediate(resolve));
		assert.equal(settled, false, 'it waits for the answer');
		question.answer(answer);
		assert.equal(await pending, answer);
		assert.equal(store.getState().question, undefined, 'the answered question is removed');
		assert.equal('question' in store.getState(), false);
	});
}

test('inkFrontEnd: confirmByTyping with a matching --confirm resolves true at once', async () => {
	const store = createUiStore();
	// Even with yes:false: the given name is the agreement.
	assert.equal(await inkFrontEnd(store, {yes: false}).confirmByTyping('Delete?', 'dwhCluster', plan, ' dwhCluster '), true);
	assert.equal(store.getState().question, undefined);
});

test('inkFrontEnd: confirmByTyping with a mismatching --confirm rejects with confirmation_mismatch', async () => {
	const store = createUiStore();
	await assert.rejects(inkFrontEnd(store, {yes: true}).confirmByTyping('Delete?', 'dwhCluster', plan, 'otherCluster'), (error: unknown) => {
		assert.ok(error instanceof UserError);
		assert.equal(error.code, 'confirmation_mismatch');
		assert.match(error.message, /otherCluster/);
		assert.match(error.hint ?? '', /--confirm dwhCluster/);
		return true;
	});
	assert.equal(store.getState().question, undefined);
});

test("inkFrontEnd: confirmByTyping without --confirm asks a 'typed' question (even with yes)", async () => {
	const store = createUiStore();
	const pending = inkFrontEnd(store, {yes: true}).confirmByTyping('Delete the cluster?', 'dwhCluster', plan, undefined);
	const question = store.getState().question;
	assert.ok(question?.kind === 'typed', 'a typed question is asked');
	assert.equal(question.expected, 'dwhCluster');
	assert.equal(question.question, 'Delete the cluster?');
	question.answer(false);
	assert.equal(await pending, false);
	assert.equal(store.getState().question, undefined);
});

test('inkFrontEnd: failure of a UserError keeps message, hint and log file, bug false', () => {
	const store = createUiStore();
	inkFrontEnd(store, {yes: false}).failure(new UserError('The cluster dwh is not available.', {hint: 'Run sparkify-dwh cluster first.', code: 'cluster_missing'}), '/tmp/dwh.log');
	assert.deepEqual(store.getState().failure, {
		message: 'The cluster dwh is not available.',
		hint: 'Run sparkify-dwh cluster first.',
		logFile: '/tmp/dwh.log',
		code: 'cluster_missing',
		bug: false,
	});
});

test('inkFrontEnd: failure without hint or log file leaves them out', () => {
	const store = createUiStore();
	inkFrontEnd(store, {yes: false}).failure(new UserError('No.'), undefined);
	assert.deepEqual(store.getState().failure, {message: 'No.', code: 'user_error', bug: false});
});

test('inkFrontEnd: failure of a plain Error is reported as a bug', () => {
	const store = createUiStore();
	inkFrontEnd(store, {yes: false}).failure(new TypeError('x is undefined'), '/tmp/dwh.log');
	const failure = store.getState().failure;
	assert.ok(failure);
	assert.equal(failure.bug, true);
	assert.match(failure.message, /^Unexpected error \(a bug/);
	assert.match(failure.message, /x is undefined$/);
	assert.equal(failure.hint, undefined);
	assert.equal(failure.logFile, '/tmp/dwh.log');
});

test('inkFrontEnd: failure of a thrown non-Error is a bug too', () => {
	const store = createUiStore();
	inkFrontEnd(store, {yes: false}).failure('just a string', undefined);
	assert.equal(store.getState().failure?.bug, true);
	assert.match(store.getState().failure?.message ?? '', /a bug.*just a string/);
});

test('inkFrontEnd: secrets in failure messages and hints are redacted', () => {
	const store = createUiStore();
	const front = inkFrontEnd(store, {yes: false});
	front.failure(
		new UserError('Cannot connect to postgres://dwhuser:Sup3rSecret@localhost:5439/dwh', {hint: 'Check password=Sup3rSecret and key AKIAABCDEFGHIJKLMNOP.'}),
		undefined,
	);
	const failure = store.getState().failure!;
	assert.equal(failure.message, 'Cannot connect to postgres://dwhuser:***@localhost:5439/dwh');
	assert.doesNotMatch(failure.hint ?? '', /Sup3rSecret|ABCDEFGHIJKLMNOP/);
	assert.match(failure.hint ?? '', /password=\*\*\*/);
	assert.match(failure.hint ?? '', /AKIA\*{16}/);

	front.failure(new Error('token=abc123 leaked'), undefined);
	assert.doesNotMatch(store.getState().failure!.message, /abc123/);
});

test('a step that ends is printed once, with its tasks and its warnings; its messages leave the live area', () => {
	const state = fold([
		{type: 'step', step: 'etl', status: 'running', title: 'Load'},
		progress('staging_events', 8056, 'done'),
		{type: 'log', step: 'etl', level: 'warn', message: '3 records rejected'},
		{type: 'log', step: 'etl', level: 'info', message: 'reading files'},
		{type: 'step', step: 'etl', status: 'done', title: 'Load', detail: '6,820 songplays'},
		{type: 'step', step: 'etl', status: 'done', title: 'Load', detail: 'again'},
	]);
	assert.equal(state.printed.length, 1, 'a repeated end prints nothing more');
	const [line] = state.printed;
	assert.equal(line?.kind, 'step');
	if (line?.kind !== 'step') return;
	assert.equal(line.step.detail, '6,820 songplays');
	assert.deepEqual(
		line.tasks.map((task) => task.task),
		['staging_events'],
	);
	assert.deepEqual(line.notes, ['3 records rejected']);
	assert.deepEqual(state.messages, []);
	assert.deepEqual(state.warnings, {});
});

test('a finished task of no step on screen is printed on its own; a running one is not', () => {
	const state = fold([progress('songs', 10, 'running', 'generate'), progress('songs', 1000, 'done', 'generate')]);
	assert.deepEqual(
		state.printed.map((line) => (line.kind === 'task' ? [line.seq, line.task.task, line.task.state] : [])),
		[[1, 'songs', 'done']],
	);
});

test('reset starts a fresh screen but keeps counting: what was printed is never printed again', () => {
	const store = createUiStore();
	store.update((state) => fold([{type: 'step', step: 'tables', status: 'done', title: 'Tables'}], state));
	store.update((state) => ({...state, printedThrough: 1}));
	store.reset();
	assert.deepEqual(store.getState().printed, []);
	assert.equal(store.getState().printedThrough, 1);
	store.update((state) => fold([{type: 'step', step: 'check', status: 'done', title: 'Check'}], state));
	assert.equal(store.getState().printed[0]?.seq, 2);
});

test('answers: pending until a run view prints them; a new command keeps them to print; the menu lets them go', () => {
	const store = createUiStore();
	store.update((state) => withAnswer(state, {question: 'Warehouse', answer: 'on this machine'}));
	store.update((state) => withAnswer(state, {question: 'Data', answer: 'the real Sparkify sample'}));
	assert.deepEqual(
		pendingAnswers(store.getState()).map((line) => line.question),
		['Warehouse', 'Data'],
	);
	store.reset();
	assert.equal(pendingAnswers(store.getState()).length, 2, 'a command starting keeps the answers it has not printed yet');
	const [, data] = pendingAnswers(store.getState());
	store.update((state) => ({...state, printedThrough: data!.seq}));
	assert.deepEqual(pendingAnswers(store.getState()), [], 'printed');
	store.update((state) => withAnswer(state, {question: 'Cluster', answer: 'x'}));
	store.update(withoutPendingAnswers);
	assert.deepEqual(pendingAnswers(store.getState()), []);
	assert.ok(!store.getState().printed.some((line) => line.kind === 'answer' && line.question === 'Cluster'));
});

test('answer lines: the words each choice is shown with', () => {
	assert.deepEqual(targetAnswer('redshift'), {question: 'Warehouse', answer: 'Amazon Redshift'});
	assert.equal(sourceAnswer({kind: 'default'}, 'local').answer, 'the generated sample');
	assert.equal(sourceAnswer({kind: 'default'}, 'redshift').answer, 'the public bucket (s3://udacity-dend/)');
	assert.equal(sourceAnswer({kind: 'folder', location: realSample.folder}, 'local').answer, 'the real Sparkify sample');
	assert.equal(sourceAnswer({kind: 's3', location: 's3://b/p/'}, 'redshift').answer, 's3://b/p/');
	assert.equal(credentialsAnswer({profile: 'work', region: 'us-west-2'}).answer, 'profile work, region us-west-2');
	assert.equal(credentialsAnswer({region: 'eu-west-1'}).answer, 'the default chain, region eu-west-1');
	assert.equal(credentialsAnswer({profile: 'p', region: 'r', keys: {accessKeyId: 'AKIA', secretAccessKey: 's'}}).answer, 'keys typed, saved to profile p, region r');
	assert.doesNotMatch(
		JSON.stringify(credentialsAnswer({profile: 'p', region: 'r', keys: {accessKeyId: 'AKIAXXXX', secretAccessKey: 'SECRET'}})),
		/AKIAXXXX|SECRET/,
		'no key is printed',
	);
	assert.equal(sizeAnswer({nodeType: 'ra3.large', nodes: 2}).answer, '2 × ra3.large');
	assert.equal(clusterAnswer({clusterId: 'sparkify-x'}).answer, 'sparkify-x, its port open to this machine');
	assert.equal(clusterAnswer({clusterId: 'c', cidr: '10.0.0.0/16'}).answer, 'c, its port open to 10.0.0.0/16');
});
