// The run view stays visibly alive: the steps to come are listed from the start, a running
// step counts its seconds, a task with no known total turns a spinner with its time, finished
// lines are printed once through <Static>, and what is redrawn fits the terminal's height.
// The store and the Ink front end are the real ones; only the clock is the test's.

import assert from 'node:assert/strict';
import {afterEach, test} from 'node:test';
import {cleanup, render} from 'ink-testing-library';
import {nextStepLines, nextSteps} from '../../source/commands/next-steps.js';
import {announceSteps, type StepEvent} from '../../source/core/events.js';
import {inkFrontEnd} from '../../source/ui/ink-front-end.js';
import {fitLiveArea, liveParts} from '../../source/ui/live-area.js';
import {RunView} from '../../source/ui/screens/run-view.js';
import {applyEvent, applyEventAt, createUiStore, emptyState, type UiState, type UiStore} from '../../source/ui/store.js';
import {cells, lines, screen, tick} from './ink-helpers.js';

afterEach(() => cleanup());

const spinner = /[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/;
const pipeline = [
	{id: 'warehouse', title: 'Start the embedded PostgreSQL'},
	{id: 'tables', title: 'Create the staging tables and the star schema'},
	{id: 'etl', title: 'Load the data and build the star schema'},
	{id: 'check', title: 'Check data quality'},
];

/** A store fed through the Ink front end, whose clock reads `time.now`. */
function harness() {
	const time = {now: 1_000};
	const store = createUiStore();
	const front = inkFrontEnd(store, {yes: true, now: () => time.now});
	store.update((state) => ({...state, busy: true}));
	return {time, store, front, clock: () => time.now};
}

const step = (id: string, status: 'running' | 'done', detail?: string): StepEvent => ({
	type: 'step',
	step: id,
	status,
	title: pipeline.find((each) => each.id === id)!.title,
	...(detail ? {detail} : {}),
});

const progress = (task: string, state: 'running' | 'done', done: number, total: number | null, elapsedMs: number): StepEvent => ({
	type: 'progress',
	step: 'etl',
	task,
	state,
	unit: 'rows',
	done,
	total,
	counters: {rows: {done, total}},
	elapsedMs,
});

/** Waits (up to 3 s) for the screen to match: the clock is read on a timer of its own. */
async function until(instance: ReturnType<typeof render>, pattern: RegExp) {
	const deadline = Date.now() + 3000;
	while (!pattern.test(screen(instance))) {
		assert.ok(Date.now() < deadline, `never matched ${pattern}:\n${screen(instance)}`);
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
}

function view(store: UiStore, clock: () => number, size: {rows?: number; columns?: number} = {}) {
	const draw = () => (
		<RunView
			state={store.getState()}
			clock={clock}
			onPrinted={(seq) => store.update((state) => ({...state, printedThrough: Math.max(state.printedThrough, seq)}))}
			{...size}
		/>
	);
	const instance = render(draw());
	return {instance, redraw: () => instance.rerender(draw())};
}

test('the steps to come are listed from the start, the embedded PostgreSQL first, with its time while it starts', async () => {
	const {time, store, front, clock} = harness();
	announceSteps(front.report, pipeline);
	front.report(step('warehouse', 'running'));
	front.notice('Setting up the embedded PostgreSQL in /tmp/warehouse (first run only)…');
	time.now = 4_700;
	const {instance} = view(store, clock);
	await tick();
	assert.deepEqual(lines(instance), [
		`${lines(instance)[0]![0]} Start the embedded PostgreSQL… 3 s`,
		'  Setting up the embedded PostgreSQL in /tmp/warehouse (first run only)…',
		'○ Create the staging tables and the star schema',
		'○ Load the data and build the star schema',
		'○ Check data quality',
	]);
	assert.match(lines(instance)[0]!, new RegExp(`^${spinner.source} `));
});

test('a running step counts its seconds by the clock, between events too', async () => {
	const {time, store, front, clock} = harness();
	front.report(step('etl', 'running'));
	const {instance} = view(store, clock);
	await tick();
	assert.match(screen(instance), /Load the data and build the star schema… 0 s/);
	time.now += 12_400;
	await until(instance, /Load the data and build the star schema… 12 s/);
	time.now += 60_000;
	await until(instance, /… 1m 12s/);
});

test('a task with no known total shows a spinner and its time, not an empty bar; one with a total but no rate yet, its time', async () => {
	const {time, store, front, clock} = harness();
	front.report(step('etl', 'running'));
	front.report(progress('songplays', 'running', 0, null, 200));
	front.report(progress('checks', 'running', 0, 27, 100));
	time.now += 5_000;
	const {instance} = view(store, clock);
	await tick();
	const [songplays, checks] = lines(instance).slice(1);
	assert.match(songplays!, new RegExp(`songplays\\s+${spinner.source} +0 rows {2}5 s$`));
	assert.doesNotMatch(songplays!, /░/);
	assert.match(checks!, /checks\s+░{20} 0 \/ 27 rows {2}5 s$/, 'no time left to tell yet: the time gone instead');
});

test('finished steps are printed once through <Static> with their tasks, above the live area, and never drawn again', async () => {
	const {store, front, clock} = harness();
	announceSteps(front.report, pipeline.slice(1));
	front.report(step('tables', 'running'));
	front.report({type: 'log', step: 'tables', level: 'info', message: 'songs already there'});
	const {instance, redraw} = view(store, clock);
	await tick();
	assert.match(screen(instance), /songs already there/);
	front.report(step('tables', 'done', 'all 7 already there'));
	front.report(step('etl', 'running'));
	front.report(progress('staging_songs', 'running', 10, 71, 100));
	redraw();
	await tick();
	front.report(progress('staging_songs', 'done', 71, 71, 300));
	front.report({type: 'log', step: 'etl', level: 'warn', message: '3 records rejected'});
	front.report(step('etl', 'done', '6,820 songplays in 1.0 s'));
	front.report(step('check', 'running'));
	for (let frame = 0; frame < 3; frame++) {
		redraw();
		await tick();
	}
	const frame = screen(instance);
	assert.equal(frame.match(/all 7 already there/g)?.length, 1, frame);
	assert.equal(frame.match(/staging_songs/g)?.length, 1, frame);
	assert.match(
		frame,
		/^✔ Create the staging tables and the star schema: all 7 already there\n✔ Load the data and build the star schema: 6,820 songplays in 1\.0 s\n✔ staging_songs .* 71 rows in 300 ms\n {2}warning: 3 records rejected\n\S Check data quality… \d+ s$/,
	);
	assert.doesNotMatch(frame, /songs already there/, "a finished step's messages go with it");
	assert.equal(store.getState().printedThrough, store.getState().printed.at(-1)!.seq, 'the store knows what was printed');
});

test('a run view drawn again later (after the menu) prints nothing that was printed before', async () => {
	const {store, front, clock} = harness();
	front.report(step('tables', 'running'));
	front.report(step('tables', 'done', 'all 7 already there'));
	const first = view(store, clock);
	await tick();
	assert.match(screen(first.instance), /all 7 already there/);
	first.instance.unmount();
	store.reset();
	front.report(step('check', 'running'));
	const second = view(store, clock);
	await tick();
	assert.doesNotMatch(second.instance.frames.join(''), /already there/);
	front.report(step('check', 'done', '29 of 29 passed'));
	second.redraw();
	await tick();
	assert.match(screen(second.instance), /^✔ Check data quality: 29 of 29 passed$/m, 'the next command prints its own');
});

test('once the command has ended no spinner turns: a step left running is stopped, the steps never reached were not run', async () => {
	const {store, front, clock} = harness();
	announceSteps(front.report, pipeline.slice(2));
	front.report(step('etl', 'running'));
	front.outcome({command: 'watch', ok: true, data: {}, summary: ['Stopped watching; the load goes on.']});
	store.update((state) => ({...state, busy: false}));
	const {instance} = view(store, clock);
	await tick();
	const frame = screen(instance);
	assert.doesNotMatch(frame, spinner);
	assert.match(frame, /^– Load the data and build the star schema \(stopped\)\n– Check data quality \(not run\)\n\nStopped watching; the load goes on\.$/);
});

test('the live area fits a short terminal: messages first, then the steps to come and the finished tasks fold into a line each', async () => {
	const {store, front, clock} = harness();
	announceSteps(front.report, pipeline);
	front.report(step('warehouse', 'running'));
	front.report(step('warehouse', 'done', 'port 5433'));
	front.report(step('tables', 'running'));
	front.report(step('tables', 'done', 'all 7 already there'));
	front.report(step('etl', 'running'));
	for (const [index, table] of ['artists', 'songs', 'users', 'time'].entries()) front.report(progress(table, 'done', 10, 10, 100 + index));
	front.report(progress('songplays', 'running', 5, 10, 500));
	front.report(progress('star schema', 'running', 1, 5, 500));
	for (const message of ['one', 'two', 'three']) front.report({type: 'log', step: 'etl', level: 'info', message});
	const {instance} = view(store, clock, {rows: 8});
	await tick();
	const live = lines(instance).slice(lines(instance).indexOf(lines(instance).find((line) => /Load the data/.test(line))!));
	assert.ok(live.length <= 7, `at most rows - 1 lines are redrawn:\n${live.join('\n')}`);
	assert.match(live[0]!, /Load the data and build the star schema…/);
	assert.ok(live.some((line) => /songplays .* 5 \/ 10 rows/.test(line)), 'the running tasks are kept');
	assert.ok(live.some((line) => /✔ 4 done/.test(line)), live.join('\n'));
	assert.ok(live.some((line) => /○ Check data quality/.test(line)), 'the next step stays in sight');
	// A terminal of 24 rows has room for it all.
	cleanup();
	const tall = view(store, clock, {rows: 24});
	await tick();
	assert.match(screen(tall.instance), /^\S Load the data and build the star schema… 0 s\n✔ artists[\s\S]*songplays[\s\S]*three\n○ Check data quality$/);
});

test('fitLiveArea: the steps to come fold into "then:" and running tasks go oldest first only when nothing else is left to cut', () => {
	let state: UiState = emptyState;
	const events: StepEvent[] = [
		...pipeline.map((each): StepEvent => ({type: 'step', step: each.id, status: 'pending', title: each.title})),
		step('warehouse', 'running'),
		progress('a', 'running', 1, 2, 10),
		progress('b', 'running', 1, 2, 10),
		progress('c', 'running', 1, 2, 10),
	];
	state = events.reduce(applyEvent, state);
	const parts = liveParts(state);
	assert.equal(fitLiveArea(parts, 20).steps.length, 4, 'all fits: nothing folds');
	const folded = fitLiveArea(parts, 6);
	assert.deepEqual(
		folded.steps.map((each) => each.id),
		['warehouse', 'tables'],
	);
	assert.deepEqual(
		folded.morePending.map((each) => each.id),
		['etl', 'check'],
	);
	assert.equal(folded.tasks.length, 3);
	const tight = fitLiveArea(parts, 4);
	assert.deepEqual(
		tight.tasks.map((task) => task.task),
		['c'],
	);
	assert.equal(tight.moreTasks.running, 2);
});

test('at 80×24 the whole outcome of a run, its next steps last, is on screen without scrolling', async () => {
	const {store, front, clock} = harness();
	for (const each of pipeline) {
		front.report(step(each.id as 'etl', 'running'));
		front.report(step(each.id as 'etl', 'done', 'ok'));
	}
	// As long as a first run's summary: 13 lines of counts and checks, then what to do next.
	const summary = [
		...Array.from({length: 13}, (_, index) => `summary line ${index + 1}`),
		...nextStepLines(nextSteps({command: 'run', target: 'local', maxErrors: 0, source: 'test/fixtures/sparkify-sample'})),
	];
	front.outcome({command: 'run', ok: true, data: {}, summary});
	store.update((state) => ({...state, busy: false}));
	const instance = render(<RunView state={store.getState()} clock={clock} rows={24} columns={80} footer="Enter: back to the menu · Ctrl-C: quit" />);
	await tick();
	const frame = screen(instance);
	assert.match(frame, /This load again:\n {2}sparkify-dwh run --source .* --yes\nEnter: back to the menu · Ctrl-C: quit$/);
	assert.doesNotMatch(frame, /lines \d+–\d+ of/);
});

test('at 60 columns a progress row still fits, with its time left (the bar narrows, the rate goes)', async () => {
	const {store, front, clock} = harness();
	front.report(step('etl', 'running'));
	front.report({
		type: 'progress',
		step: 'etl',
		task: 'staging_events',
		state: 'running',
		unit: 'bytes',
		done: 133_000_000,
		total: 179_000_000,
		counters: {},
		elapsedMs: 2_300,
	});
	const {instance} = view(store, clock, {columns: 60});
	await tick();
	const row = lines(instance).find((line) => /staging_events/.test(line))!;
	assert.ok(cells(row) <= 60, row);
	assert.match(row, /MB {2}\d+ ms left$/);
});

test('applyEventAt notes when a step started (not again while it runs) and when a task was last heard of', () => {
	let state = applyEventAt(emptyState, step('etl', 'running'), 100);
	state = applyEventAt(state, step('etl', 'running'), 900);
	state = applyEventAt(state, progress('songs', 'running', 1, 2, 5), 950);
	assert.equal(state.timing.stepStarted.etl, 100);
	assert.equal(state.timing.taskSeen['etl/songs'], 950);
});

test('a message is wrapped under its indent, never cut, and the live area counts the rows it takes', async () => {
	const {store, front, clock} = harness();
	front.report(step('warehouse', 'running'));
	const notice = `Setting up the embedded PostgreSQL in /var/lib/sparkify-dwh/${'d'.repeat(40)}/warehouse (first run only)…`;
	front.report({type: 'log', step: 'warehouse', level: 'info', message: notice});
	const {instance} = view(store, clock, {rows: 24, columns: 80});
	await tick();
	const shown = lines(instance);
	const start = shown.findIndex((line) => line.includes('Setting up'));
	assert.ok(start >= 0, screen(instance));
	assert.equal(shown[start]!.slice(0, 2), '  ', 'indented');
	assert.equal(shown[start + 1]!.slice(0, 2), '  ', 'wrapped under its indent');
	assert.equal(`${shown[start]!.trim()} ${shown[start + 1]!.trim()}`, notice, 'the whole notice, nothing cut');
	// What the fitting counts: 2 rows at 80 columns, 1 at 200.
	const parts = {steps: [], tasks: [], messages: [notice]};
	assert.deepEqual(fitLiveArea(parts, 2, 80).messages, [notice]);
	assert.deepEqual(fitLiveArea(parts, 1, 80).messages, [], 'it does not fit in one row');
	assert.deepEqual(fitLiveArea(parts, 1, 200).messages, [notice]);
});
