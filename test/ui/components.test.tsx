// The small Ink components drawn into ink-testing-library's fake terminal: what each one
// shows for a given state, and what it does with keys written to its stdin.

import assert from 'node:assert/strict';
import {afterEach, test} from 'node:test';
import {stripVTControlCharacters} from 'node:util';
import {Box} from 'ink';
import {cleanup, render} from 'ink-testing-library';
import {useState} from 'react';
import type {Plan} from '../../source/core/step.js';
import {ConfirmPrompt, TypedConfirm} from '../../source/ui/components/confirm-prompt.js';
import {ErrorPanel} from '../../source/ui/components/error-panel.js';
import {ProgressTable} from '../../source/ui/components/progress-table.js';
import {ScrollLines} from '../../source/ui/components/scroll-lines.js';
import {SelectList, type SelectItem} from '../../source/ui/components/select-list.js';
import {StepList} from '../../source/ui/components/step-list.js';
import {TextField} from '../../source/ui/components/text-field.js';
import type {TaskView} from '../../source/ui/store.js';
import {type Instance, cells, keys, lines, press, recorder, screen} from './ink-helpers.js';

const spinnerFrames = /[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/;

afterEach(() => cleanup());

// ── StepList ────────────────────────────────────────────────────────────────

test('StepList: a mark and a title per step; done detail inline, a failure reason on its own line', () => {
	const instance = render(
		<StepList
			steps={[
				{id: 'role', title: 'IAM role', status: 'done', detail: 'created dwhRole'},
				{id: 'network', title: 'Network access', status: 'failed', detail: 'AccessDenied on AuthorizeSecurityGroupIngress'},
				{id: 'etl', title: 'Load the data', status: 'cancelled', detail: 'Cancelled.'},
				{id: 'quality', title: 'Quality checks', status: 'pending'},
				{id: 'analytics', title: 'Analytics', status: 'skipped'},
			]}
		/>,
	);
	assert.deepEqual(
		lines(instance).map((line) => line.trimEnd()),
		[
			'✔ IAM role: created dwhRole',
			'✖ Network access',
			'    AccessDenied on AuthorizeSecurityGroupIngress',
			'⊘ Load the data',
			'    Cancelled.',
			'○ Quality checks',
			'– Analytics',
		],
	);
});

test('StepList: a running step shows a turning spinner and "…", not its detail', async () => {
	const instance = render(<StepList steps={[{id: 'cluster', title: 'Redshift cluster', status: 'running', detail: 'stale'}]} />);
	const first = screen(instance);
	assert.match(first, /^[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] Redshift cluster…$/);
	assert.doesNotMatch(first, /stale|[✔✖⊘○]/);
	await new Promise((resolve) => setTimeout(resolve, 350));
	const shown = new Set(instance.frames.map((frame) => stripVTControlCharacters(frame)).filter((frame) => spinnerFrames.test(frame)));
	assert.ok(shown.size >= 2, `the spinner turns (${[...shown].join(' | ')})`);
});

test('StepList: a step that finishes replaces its spinner with a mark', () => {
	const instance = render(<StepList steps={[{id: 'cluster', title: 'Redshift cluster', status: 'running'}]} />);
	assert.match(screen(instance), spinnerFrames);
	instance.rerender(<StepList steps={[{id: 'cluster', title: 'Redshift cluster', status: 'done', detail: 'available'}]} />);
	assert.equal(screen(instance), '✔ Redshift cluster: available');
});

// ── ProgressTable ───────────────────────────────────────────────────────────

const task = (overrides: Partial<TaskView> = {}): TaskView => ({
	step: 'etl',
	task: 'songplays',
	state: 'running',
	unit: 'rows',
	done: 4028,
	total: 8056,
	counters: {},
	elapsedMs: 2000,
	...overrides,
});

test('ProgressTable: one row per task with its count, a rate and the time left while running', () => {
	const instance = render(<ProgressTable tasks={[task(), task({task: 'users', done: 52, total: 104, elapsedMs: 1000})]} />);
	const [songplays, users, ...rest] = lines(instance);
	assert.equal(rest.length, 0);
	assert.match(songplays!, /songplays\s+█{10}░{10} 4,028 \/ 8,056 rows {2}2\.0 s left · 2,014\/s/);
	assert.match(users!, /users\s+█{10}░{10} 52 \/ 104 rows {2}1\.0 s left · 52\/s/);
	assert.doesNotMatch(songplays!, /✔| in /);
});

test('ProgressTable: a finished task shows ✔, a full bar and "in <duration>", no rate or time left', () => {
	const instance = render(<ProgressTable tasks={[task({state: 'done', done: 8056, elapsedMs: 3500})]} />);
	const frame = screen(instance);
	assert.match(frame, /✔ songplays\s+█{20} 8,056 rows in 3\.5 s$/);
	assert.doesNotMatch(frame, /left|\/s/);
});

test('ProgressTable: a failed task shows ✖ and keeps the count it reached', () => {
	const frame = screen(render(<ProgressTable tasks={[task({state: 'failed', done: 100, elapsedMs: 61_000})]} />));
	assert.match(frame, /✖ songplays\s+▏░{19} 100 \/ 8,056 rows in 1m 01s$/);
});

test('ProgressTable: an unknown total has no bar to fill: a spinner, the counter, the time gone and a rate, no time left', () => {
	const frame = screen(render(<ProgressTable tasks={[task({done: 1500, total: null, elapsedMs: 1000})]} />));
	assert.match(frame, new RegExp(`songplays\\s+${spinnerFrames.source} {20}1,500 rows {2}1\\.0 s · 1,500/s\\s*$`));
	assert.doesNotMatch(frame, /░|left/);
});

test('ProgressTable: a task counted in bytes shows bytes and its time left while running', () => {
	const frame = screen(
		render(
			<ProgressTable
				tasks={[task({task: 'staging_events', unit: 'bytes', done: 1_258_291, total: 3_774_873, counters: {rows: {done: 2700, total: null}}})]}
			/>,
		),
	);
	assert.match(frame, /staging_events\s+\S{20} 1\.2 MB \/ 3\.6 MB {2}4\.0 s left · 614 KB\/s/);
});

test('ProgressTable: re-rendering with new numbers redraws the rows', () => {
	const instance = render(<ProgressTable tasks={[task({done: 0, elapsedMs: 100})]} />);
	const start = screen(instance);
	assert.match(start, /░{20} 0 \/ 8,056 rows/);
	assert.doesNotMatch(start, /left|\/s/, 'no rate before there is one');

	instance.rerender(<ProgressTable tasks={[task({done: 2014, elapsedMs: 1000})]} />);
	const quarter = screen(instance);
	assert.match(quarter, /█{5}░{15} 2,014 \/ 8,056 rows {2}3\.0 s left · 2,014\/s/);

	instance.rerender(<ProgressTable tasks={[task({done: 6042, elapsedMs: 2000}), task({task: 'users', done: 10, total: 104, elapsedMs: 500})]} />);
	const later = lines(instance);
	assert.equal(later.length, 2, 'a new task adds a row');
	assert.match(later[0]!, /█{15}░{5} 6,042 \/ 8,056 rows {2}667 ms left · 3,021\/s/);
	assert.match(later[1]!, /users .* 10 \/ 104 rows/);

	instance.rerender(<ProgressTable tasks={[task({state: 'done', done: 8056, elapsedMs: 2600}), task({task: 'users', state: 'done', done: 104, total: 104, elapsedMs: 900})]} />);
	const end = lines(instance);
	assert.match(end[0]!, /✔ songplays\s+█{20} 8,056 rows in 2\.6 s/);
	assert.match(end[1]!, /✔ users\s+█{20} 104 rows in 900 ms/);
	assert.notEqual(screen(instance), start);
});

test('ProgressTable: draws nothing without tasks', () => {
	assert.equal(screen(render(<ProgressTable tasks={[]} />)), '');
});

test('ProgressTable: every line fits 80 columns, and long task names are cut to their column', () => {
	const tasks = [
		task({task: 'songplays', done: 123_456_789, total: 987_654_321, elapsedMs: 61_000}),
		task({task: 'a_table_with_a_very_long_name_indeed', state: 'done', done: 8056, elapsedMs: 3500}),
		task({task: 'staging_events', unit: 'bytes', done: 1_258_291, total: 3_774_873, counters: {rows: {done: 2700, total: null}}}),
		task({task: 'dwhCluster', unit: 'seconds', done: 312, total: 600, elapsedMs: 312_000}),
	];
	const instance = render(
		<Box width={80}>
			<ProgressTable tasks={tasks} />
		</Box>,
	);
	const shown = lines(instance);
	assert.equal(shown.length, tasks.length, 'one line per task, none wrapped');
	for (const line of shown) assert.ok(cells(line) <= 80, `${cells(line)} cells: "${line}"`);
	assert.match(shown[1]!, /✔ a_table_with_a_ █{20} 8,056/, 'the name is cut to 15 characters');
	assert.match(shown[0]!, /123,456,789 \/ 987,654,321 rows/);
	assert.match(shown[3]!, /5m 12s \/ 10m 00s/);
});

test(
	'ProgressTable: at 80 columns a staging load still shows its time left',
	() => {
		const instance = render(
			<Box width={80}>
				<ProgressTable
					tasks={[
						task({task: 'staging_events', unit: 'bytes', done: 1_258_291, total: 3_774_873, counters: {rows: {done: 2700, total: null}}}),
						task({task: 'staging_songs', unit: 'files', done: 7210, total: 14_896, counters: {rows: {done: 7210, total: null}}, elapsedMs: 23_000}),
					]}
				/>
			</Box>,
		);
		const [events, songs] = lines(instance);
		assert.match(events!, /\d s left · [\d.]+ KB\/s$/);
		assert.match(songs!, /\d s left · [\d,]+\/s$/);
		for (const line of [events!, songs!]) assert.ok(line.length <= 80, line);
	},
);

// ── ErrorPanel ──────────────────────────────────────────────────────────────

test('ErrorPanel: the message, what to do, and where the details are', () => {
	const frame = screen(
		render(<ErrorPanel failure={{message: 'The cluster dwh is not available yet.', hint: 'Wait a minute, then run sparkify-dwh tables.', logFile: '/tmp/dwh/log.txt', bug: false}} />),
	);
	assert.match(frame, /✖ The cluster dwh is not available yet\./);
	assert.match(frame, /What to do: Wait a minute, then run sparkify-dwh tables\./);
	assert.match(frame, /Details: \/tmp\/dwh\/log\.txt/);
	assert.match(frame, /^╭─+╮$/m, 'in a box');
	const order = ['✖', 'What to do:', 'Details:'].map((text) => frame.indexOf(text));
	assert.deepEqual(order, [...order].sort((a, b) => a - b), 'message, then hint, then log file');
});

test('ErrorPanel: without a hint or log file those lines are left out', () => {
	const frame = screen(render(<ErrorPanel failure={{message: 'Unexpected error (a bug in sparkify-dwh): boom', bug: true}} />));
	assert.match(frame, /✖ Unexpected error \(a bug in sparkify-dwh\): boom/);
	assert.doesNotMatch(frame, /What to do|Details/);
});

// ── TextField ───────────────────────────────────────────────────────────────

test('TextField: typed text shows beside the label', async () => {
	const instance = render(<TextField label="Cluster name:" onSubmit={() => {}} />);
	assert.match(screen(instance), /^Cluster name: ▌$/);
	await press(instance, 'dwh', 'Cluster');
	assert.match(screen(instance), /^Cluster name: dwhCluster▌$/);
});

test('TextField: the placeholder shows only while the field is empty', async () => {
	const instance = render(<TextField label="Region:" placeholder="us-west-2" onSubmit={() => {}} />);
	assert.equal(screen(instance), 'Region: ▌us-west-2', 'the cursor before it: typing does not add to it');
	await press(instance, 'eu');
	assert.match(screen(instance), /Region: eu▌/);
	assert.doesNotMatch(screen(instance), /us-west-2/);
});

test('TextField: a masked field shows • only, never the secret', async () => {
	const submit = recorder<[string]>();
	const instance = render(<TextField label="Secret access key:" mask onSubmit={submit} />);
	await press(instance, 'wJalr', 'XUtnFEMI');
	assert.match(screen(instance), /Secret access key: •{13}▌/);
	for (const frame of instance.frames) assert.doesNotMatch(frame, /wJalr|XUtnFEMI|[a-zA-Z]{3,}▌/);
	await press(instance, keys.enter);
	assert.deepEqual(submit.calls, [['wJalrXUtnFEMI']], 'the real value is submitted');
});

test('TextField: an invalid value shows the reason, and Enter does not submit', async () => {
	const submit = recorder<[string]>();
	const instance = render(
		<TextField label="Access key id:" validate={(value) => (/^AKIA[A-Z0-9]{16}$/.test(value) ? undefined : 'an access key id is AKIA and 16 more')} onSubmit={submit} />,
	);
	assert.doesNotMatch(screen(instance), /↳/, 'no complaint before anything is typed');
	await press(instance, 'AKIA12');
	assert.match(screen(instance), /Access key id: AKIA12▌\n {2}↳ an access key id is AKIA and 16 more/);
	await press(instance, keys.enter);
	assert.deepEqual(submit.calls, []);
	await press(instance, '34567890ABCDEF');
	assert.doesNotMatch(screen(instance), /↳/, 'the reason goes once the value is valid');
	await press(instance, keys.enter);
	assert.deepEqual(submit.calls, [['AKIA1234567890ABCDEF']]);
});

test('TextField: Enter on an empty required field shows why and does not submit', async () => {
	const submit = recorder<[string]>();
	const instance = render(<TextField label="Name:" validate={(value) => (value ? undefined : 'a name is needed')} onSubmit={submit} />);
	await press(instance, keys.enter);
	assert.match(screen(instance), /↳ a name is needed/);
	assert.deepEqual(submit.calls, []);
});

test('TextField: a valid value is submitted trimmed', async () => {
	const submit = recorder<[string]>();
	const instance = render(<TextField label="Name:" validate={(value) => (value === 'dwh' ? undefined : 'not dwh')} onSubmit={submit} />);
	await press(instance, '  dwh ', keys.enter);
	assert.deepEqual(submit.calls, [['dwh']]);
});

test('TextField: pasted text loses its newline and is trimmed on submit', async () => {
	const submit = recorder<[string]>();
	const instance = render(<TextField label="Access key id:" validate={(value) => (/^AKIA[A-Z0-9]{16}$/.test(value) ? undefined : 'not a key id')} onSubmit={submit} />);
	await press(instance, '  AKIAABCDEFGHIJKLMNOP  \n');
	assert.deepEqual(submit.calls, [], 'a paste alone does not submit');
	const frame = screen(instance);
	assert.equal(frame.split('\n')[0], 'Access key id:   AKIAABCDEFGHIJKLMNOP  ▌', 'one line, newline dropped');
	assert.doesNotMatch(frame, /not a key id/, 'validated trimmed');
	await press(instance, keys.enter);
	assert.deepEqual(submit.calls, [['AKIAABCDEFGHIJKLMNOP']]);
});

test('TextField: a newline inside pasted text is dropped too', async () => {
	const submit = recorder<[string]>();
	const instance = render(<TextField label="Bucket:" onSubmit={submit} />);
	await press(instance, 'udacity-\r\ndend\n');
	assert.match(screen(instance), /^Bucket: udacity-dend▌$/);
	await press(instance, keys.enter);
	assert.deepEqual(submit.calls, [['udacity-dend']]);
});

test('TextField: backspace deletes the last character, one per press', async () => {
	const submit = recorder<[string]>();
	const instance = render(<TextField label="Name:" onSubmit={submit} />);
	await press(instance, 'dwhx', keys.backspace);
	assert.match(screen(instance), /Name: dwh▌/);
	await press(instance, `${keys.backspace}${keys.backspace}`);
	assert.match(screen(instance), /Name: d▌/);
	await press(instance, keys.backspace, keys.backspace);
	assert.match(screen(instance), /^Name: ▌$/, 'backspace on empty is harmless');
	await press(instance, 'ok', keys.enter);
	assert.deepEqual(submit.calls, [['ok']]);
});

test('TextField: Escape calls onCancel and does not submit', async () => {
	const submit = recorder<[string]>();
	const cancel = recorder<[]>();
	const instance = render(<TextField label="Name:" onSubmit={submit} onCancel={cancel} />);
	await press(instance, 'dwh', keys.escape);
	assert.equal(cancel.calls.length, 1);
	assert.deepEqual(submit.calls, []);
});

test('TextField: an inactive field ignores keys and hides its cursor', async () => {
	const submit = recorder<[string]>();
	const instance = render(<TextField label="Name:" defaultValue="dwh" isActive={false} onSubmit={submit} />);
	await press(instance, 'x', keys.enter);
	assert.equal(screen(instance), 'Name: dwh');
	assert.deepEqual(submit.calls, []);
});

// ── TextField: the cursor and the editing keys ──────────────────────────────

const ctrl = (letter: string) => String.fromCharCode(letter.charCodeAt(0) - 0x60);
const edits = {home: '\u001B[H', end: '\u001B[F', delete: '\u001B[3~', ctrlLeft: '\u001B[1;5D', altBackspace: '\u001B\u007F'} as const;
/** The field's line: label, then the text with ▌ where the cursor is. */
const fieldLine = (instance: Instance) => lines(instance)[0]!;

test('TextField: ← and → move the cursor; typing goes in at the cursor', async () => {
	const submit = recorder<[string]>();
	const instance = render(<TextField label="Region:" onSubmit={submit} />);
	await press(instance, 'us-wst-2');
	assert.equal(fieldLine(instance), 'Region: us-wst-2▌');
	await press(instance, keys.left, keys.left, keys.left, keys.left);
	assert.equal(fieldLine(instance), 'Region: us-w▌st-2');
	await press(instance, 'e');
	assert.equal(fieldLine(instance), 'Region: us-we▌st-2');
	await press(instance, keys.right, keys.right, keys.right, keys.right, keys.right);
	assert.equal(fieldLine(instance), 'Region: us-west-2▌', '→ stops at the end');
	await press(instance, keys.enter);
	assert.deepEqual(submit.calls, [['us-west-2']]);
});

test('TextField: Home/End and Ctrl-A/Ctrl-E go to the start and the end', async () => {
	const instance = render(<TextField label="Name:" onSubmit={() => {}} />);
	await press(instance, 'west', edits.home);
	assert.equal(fieldLine(instance), 'Name: ▌west');
	await press(instance, 'us-', edits.end, '-2');
	assert.equal(fieldLine(instance), 'Name: us-west-2▌');
	await press(instance, ctrl('a'));
	assert.equal(fieldLine(instance), 'Name: ▌us-west-2');
	await press(instance, ctrl('e'));
	assert.equal(fieldLine(instance), 'Name: us-west-2▌');
	await press(instance, keys.left, keys.left, keys.left, keys.left, keys.left, ctrl('a'), keys.left);
	assert.equal(fieldLine(instance), 'Name: ▌us-west-2', '← stops at the start');
});

test('TextField: Backspace deletes before the cursor, Delete under it', async () => {
	const instance = render(<TextField label="Name:" onSubmit={() => {}} />);
	await press(instance, 'abcd', keys.left, keys.left, keys.backspace);
	assert.equal(fieldLine(instance), 'Name: a▌cd');
	await press(instance, edits.delete);
	assert.equal(fieldLine(instance), 'Name: a▌d');
	await press(instance, edits.end, edits.delete);
	assert.equal(fieldLine(instance), 'Name: ad▌', 'Delete at the end does nothing');
});

test('TextField: Ctrl-U clears to the start, Ctrl-K to the end', async () => {
	const instance = render(<TextField label="Bucket:" onSubmit={() => {}} />);
	await press(instance, 's3://udacity-dend/song_data', ...Array.from({length: 'song_data'.length}, () => keys.left));
	assert.equal(fieldLine(instance), 'Bucket: s3://udacity-dend/▌song_data');
	await press(instance, ctrl('u'));
	assert.equal(fieldLine(instance), 'Bucket: ▌song_data');
	await press(instance, keys.right, keys.right, keys.right, keys.right, ctrl('k'));
	assert.equal(fieldLine(instance), 'Bucket: song▌');
});

test('TextField: Ctrl-W deletes the word before the cursor (back to a space); Alt-Backspace and Ctrl-← stop at punctuation', async () => {
	const instance = render(<TextField label="Note:" onSubmit={() => {}} />);
	await press(instance, 'load the us-west-2 data  ');
	await press(instance, ctrl('w'));
	assert.equal(fieldLine(instance), 'Note: load the us-west-2 ▌', 'the spaces and the word before them');
	await press(instance, ctrl('w'));
	assert.equal(fieldLine(instance), 'Note: load the ▌');
	await press(instance, 'us-west-2', edits.altBackspace);
	assert.equal(fieldLine(instance), 'Note: load the us-west-▌');
	await press(instance, edits.ctrlLeft);
	assert.equal(fieldLine(instance), 'Note: load the us-▌west-');
	await press(instance, ctrl('w'));
	assert.equal(fieldLine(instance), 'Note: load the ▌west-', 'in the middle, only what is before the cursor');
});

test('TextField: a default shows dimmed behind the cursor; Enter takes it', async () => {
	const submit = recorder<[string]>();
	const instance = render(<TextField label="Region:" defaultValue="us-west-2" onSubmit={submit} />);
	assert.equal(screen(instance), 'Region: ▌us-west-2');
	await press(instance, keys.enter);
	assert.deepEqual(submit.calls, [['us-west-2']]);
});

test('TextField: typing replaces the default, never adds to it; emptied, the default is back', async () => {
	const submit = recorder<[string]>();
	const region = (value: string) => (/^[a-z]{2}-[a-z]+-\d$/.test(value) ? undefined : `"${value}" is not a region`);
	const instance = render(<TextField label="Region:" defaultValue="us-west-2" validate={region} onSubmit={submit} />);
	await press(instance, 'us-ea');
	assert.equal(fieldLine(instance), 'Region: us-ea▌');
	assert.doesNotMatch(screen(instance), /us-west-2/, 'not "us-west-2us-ea", and the default is not shown beside it');
	assert.match(screen(instance), /↳ "us-ea" is not a region/, 'validated as typed');
	await press(instance, 'st-1', keys.enter);
	assert.deepEqual(submit.calls, [['us-east-1']]);
	await press(instance, ctrl('u'));
	assert.equal(screen(instance), 'Region: ▌us-west-2', 'an emptied field shows the default again, without a complaint');
});

test('TextField: Tab (or →) in the empty field puts the default in, to edit it', async () => {
	const submit = recorder<[string]>();
	const instance = render(<TextField label="Name:" defaultValue="sparkify-dwh" onSubmit={submit} />);
	await press(instance, '\t');
	assert.equal(fieldLine(instance), 'Name: sparkify-dwh▌');
	await press(instance, keys.backspace, keys.backspace, keys.backspace, 'dev', keys.enter);
	assert.deepEqual(submit.calls, [['sparkify-dev']]);
	const other = render(<TextField label="Name:" defaultValue="sparkify-dwh" onSubmit={() => {}} />);
	await press(other, keys.right);
	assert.equal(fieldLine(other), 'Name: sparkify-dwh▌');
});

test('TextField: a placeholder is only a hint: Enter in the empty field submits ""', async () => {
	const submit = recorder<[string]>();
	const instance = render(<TextField label="Allow:" placeholder="this machine" onSubmit={submit} />);
	await press(instance, '\t', keys.enter);
	assert.deepEqual(submit.calls, [['']]);
});

test('TextField: a paste goes in at the cursor, without its line breaks, and does not submit', async () => {
	const submit = recorder<[string]>();
	const instance = render(<TextField label="Region:" onSubmit={submit} />);
	await press(instance, 'us-2', keys.left);
	// Bracketed paste, as a terminal sends it when the field turned the mode on.
	await press(instance, '\u001B[200~west-\r\n\u001B[201~');
	assert.equal(fieldLine(instance), 'Region: us-west-▌2');
	// A paste the terminal did not mark: several characters in one read, a trailing newline.
	await press(instance, edits.home, 'eu\u202E\n');
	assert.equal(fieldLine(instance), 'Region: eu▌us-west-2', 'the line break and the bidi override dropped');
	assert.deepEqual(submit.calls, []);
});

test('TextField: typed text and Enter in one burst submit what was typed', async () => {
	const submit = recorder<[string]>();
	const instance = render(<TextField label="Region:" defaultValue="us-west-2" onSubmit={submit} />);
	await press(instance, `us-east-1\r`);
	assert.deepEqual(submit.calls, [['us-east-1']]);
});

test('TextField: in a masked field the cursor moves and edits too, and the secret is never drawn', async () => {
	const submit = recorder<[string]>();
	const instance = render(<TextField label="Secret:" mask onSubmit={submit} />);
	await press(instance, 'wJalrXUtnX', keys.left, keys.backspace, ctrl('a'), edits.delete);
	assert.equal(fieldLine(instance), 'Secret: ▌••••••••');
	await press(instance, keys.enter);
	assert.deepEqual(submit.calls, [['JalrXUtX']], 'the n before the cursor and the w under it are gone');
	for (const frame of instance.frames) assert.doesNotMatch(frame, /[a-zA-Z]{2,}▌|Jalr|XUtn/);
});

// ── SelectList ──────────────────────────────────────────────────────────────

const targets: SelectItem<string>[] = [
	{label: 'Local PostgreSQL', value: 'local', hint: 'free'},
	{label: 'Amazon Redshift', value: 'redshift', hint: '$0.25 per hour'},
	{label: 'Redshift Serverless', value: 'serverless', disabled: 'not offered in this region'},
];

/** The label of the row marked with ❯ (and checks there is exactly one). */
const marked = (instance: Instance) => {
	const rows = lines(instance).filter((line) => line.startsWith('❯'));
	assert.equal(rows.length, 1, `one marked row in:\n${screen(instance)}`);
	return rows[0]!;
};

test('SelectList: numbered rows with hints; the first is marked', () => {
	const instance = render(<SelectList items={targets} onSelect={() => {}} />);
	assert.deepEqual(
		lines(instance).map((line) => line.trimEnd()),
		['❯ 1. Local PostgreSQL  free', '  2. Amazon Redshift  $0.25 per hour', '  3. Redshift Serverless'],
	);
});

test('SelectList: arrows move the ❯ marker and wrap at both ends, telling onHighlight', async () => {
	const highlight = recorder<[string]>();
	const instance = render(<SelectList items={targets} onSelect={() => {}} onHighlight={highlight} />);
	await press(instance, keys.down);
	assert.match(marked(instance), /2\. Amazon Redshift/);
	await press(instance, keys.down, keys.down);
	assert.match(marked(instance), /1\. Local PostgreSQL/, 'down from the last wraps to the first');
	await press(instance, keys.up);
	assert.match(marked(instance), /3\. Redshift Serverless/, 'up from the first wraps to the last');
	assert.deepEqual(highlight.calls, [['redshift'], ['serverless'], ['local'], ['serverless']]);
});

test('SelectList: Enter selects the highlighted value', async () => {
	const select = recorder<[string]>();
	const instance = render(<SelectList items={targets} onSelect={select} />);
	await press(instance, keys.down, keys.enter);
	assert.deepEqual(select.calls, [['redshift']]);
});

test('SelectList: initialIndex marks that row first', async () => {
	const select = recorder<[string]>();
	const instance = render(<SelectList items={targets} initialIndex={1} onSelect={select} />);
	assert.match(marked(instance), /Amazon Redshift/);
	await press(instance, keys.enter);
	assert.deepEqual(select.calls, [['redshift']]);
});

test('SelectList: a number key highlights and selects that item; numbers past the end do nothing', async () => {
	const select = recorder<[string]>();
	const instance = render(<SelectList items={targets} onSelect={select} />);
	await press(instance, '9');
	assert.match(marked(instance), /Local PostgreSQL/);
	assert.deepEqual(select.calls, []);
	await press(instance, '2');
	assert.deepEqual(select.calls, [['redshift']]);
	assert.match(marked(instance), /Amazon Redshift/);
});

test('SelectList: a disabled item shows its reason when highlighted and cannot be selected', async () => {
	const select = recorder<[string]>();
	const instance = render(<SelectList items={targets} onSelect={select} />);
	assert.doesNotMatch(screen(instance), /not offered/, 'the reason shows only when highlighted');
	await press(instance, keys.up);
	assert.equal(marked(instance).trimEnd(), '❯ 3. Redshift Serverless  (not offered in this region)');
	await press(instance, keys.enter, '3');
	assert.deepEqual(select.calls, [], 'neither Enter nor its number selects it');
	assert.match(marked(instance), /Redshift Serverless/);
});

test('SelectList: Escape calls onCancel', async () => {
	const cancel = recorder<[]>();
	const select = recorder<[string]>();
	const instance = render(<SelectList items={targets} onSelect={select} onCancel={cancel} />);
	await press(instance, keys.escape);
	assert.equal(cancel.calls.length, 1);
	assert.deepEqual(select.calls, []);
});

test('SelectList: when the list shrinks under the highlight, the last item is marked and Enter selects it', async () => {
	const select = recorder<[string]>();
	const instance = render(<SelectList items={targets} onSelect={select} />);
	await press(instance, keys.up);
	assert.match(marked(instance), /Redshift Serverless/);
	instance.rerender(<SelectList items={targets.slice(0, 2)} onSelect={select} />);
	await press(instance);
	assert.match(marked(instance), /Amazon Redshift/);
	await press(instance, keys.enter);
	assert.deepEqual(select.calls, [['redshift']]);
	// The list answered; it takes keys again once it is drawn again (its parent kept it).
	instance.rerender(<SelectList items={targets.slice(0, 2)} onSelect={select} />);
	await press(instance, keys.down);
	assert.match(marked(instance), /Local PostgreSQL/, 'and moving on from there still wraps');
});

test('SelectList: an empty list draws nothing and ignores keys', async () => {
	const select = recorder<[string]>();
	const instance = render(<SelectList items={[] as SelectItem<string>[]} onSelect={select} />);
	await press(instance, keys.down, keys.enter, '1');
	assert.equal(screen(instance), '');
	assert.deepEqual(select.calls, []);
});

test('SelectList: an inactive list ignores keys', async () => {
	const select = recorder<[string]>();
	const instance = render(<SelectList items={targets} isActive={false} onSelect={select} />);
	await press(instance, keys.down, keys.enter, '1');
	assert.match(marked(instance), /Local PostgreSQL/);
	assert.deepEqual(select.calls, []);
});

// ── Keys that arrive together ───────────────────────────────────────────────

const five: SelectItem<string>[] = ['one', 'two', 'three', 'four', 'five'].map((label) => ({label, value: label}));

test('SelectList: Down Down Down sent at once moves three rows', async () => {
	const highlight = recorder<[string]>();
	const instance = render(<SelectList items={five} onSelect={() => {}} onHighlight={highlight} />);
	await press(instance, keys.down + keys.down + keys.down);
	assert.match(marked(instance), /4\. four/);
	assert.deepEqual(highlight.calls, [['two'], ['three'], ['four']]);
});

test('SelectList: "Down Enter" in one burst chooses the second item, "jjk" moves one row, "Up Up Enter" wraps', async () => {
	const select = recorder<[string]>();
	const instance = render(<SelectList items={five} onSelect={select} />);
	await press(instance, keys.down + keys.enter);
	assert.deepEqual(select.calls, [['two']]);
	const other = render(<SelectList items={five} onSelect={select} />);
	await press(other, 'jjk');
	assert.match(marked(other), /2\. two/);
	const third = render(<SelectList items={five} onSelect={select} />);
	await press(third, keys.up + keys.up + keys.enter);
	assert.deepEqual(select.calls, [['two'], ['four']]);
});

/** A list, then a field: the two questions of a screen, one after the other. */
function ListThenField({onDone}: {readonly onDone: (choice: string, name: string) => void}) {
	const [choice, setChoice] = useState<string | undefined>();
	return choice === undefined ? (
		<SelectList items={five} onSelect={setChoice} />
	) : (
		<TextField label={`${choice}, named:`} onSubmit={(name) => onDone(choice, name)} />
	);
}

test('keys typed ahead, in the same burst as a choice, go to the question that follows it', async () => {
	const done = recorder<[string, string]>();
	const instance = render(<ListThenField onDone={done} />);
	await press(instance, `${keys.down}${keys.down}${keys.enter}dwh${keys.backspace}x\r`);
	assert.deepEqual(done.calls, [['three', 'dwx']]);
});

test('"21x" then Enter in one burst: 2 chooses, and the 1 is typed into the next question, not taken by the list', async () => {
	const done = recorder<[string, string]>();
	const instance = render(<ListThenField onDone={done} />);
	await press(instance, '21x\r');
	assert.deepEqual(done.calls, [['two', '1x']]);
});

// ── ConfirmPrompt / TypedConfirm ────────────────────────────────────────────

const createPlan: Plan = {
	actions: [
		{action: 'create', resource: 'Redshift cluster x', detail: '2 × ra3.large'},
		{action: 'reuse', resource: 'IAM role dwhRole'},
	],
	costPerHour: 0.543,
	destructive: false,
};

const deletePlan: Plan = {actions: [{action: 'delete', resource: 'Redshift cluster dwhCluster'}], destructive: true};

test('ConfirmPrompt: the plan line by line, its cost, then the question', () => {
	const frame = screen(render(<ConfirmPrompt question="Create the cluster?" plan={createPlan} onAnswer={() => {}} />));
	assert.match(frame, /\+ create Redshift cluster x \(2 × ra3\.large\)/);
	assert.match(frame, /= reuse IAM role dwhRole/);
	assert.match(frame, /Plan: 1 to create, 0 to change, 0 to delete\./);
	assert.match(frame, /Cost: \$0\.543 per hour/);
	assert.match(frame, /Create the cluster\? \[y\/N\]$/);
	assert.ok(frame.indexOf('+ create') < frame.indexOf('Create the cluster?'), 'the plan comes before the question');
});

for (const [name, input, expected] of [
	['y', 'y', true],
	['Y', 'Y', true],
	['n', 'n', false],
	['Enter', keys.enter, false],
	['Escape', keys.escape, false],
] as const) {
	test(`ConfirmPrompt: ${name} answers ${expected}`, async () => {
		const answer = recorder<[boolean]>();
		const instance = render(<ConfirmPrompt question="Create the cluster?" plan={createPlan} onAnswer={answer} />);
		await press(instance, input);
		assert.deepEqual(answer.calls, [[expected]]);
	});
}

test('ConfirmPrompt: other keys do not answer', async () => {
	const answer = recorder<[boolean]>();
	const instance = render(<ConfirmPrompt question="Create the cluster?" plan={createPlan} onAnswer={answer} />);
	await press(instance, 'x', keys.down, ' ');
	assert.deepEqual(answer.calls, []);
});

test('TypedConfirm: shows the plan and asks for the name', () => {
	const frame = screen(render(<TypedConfirm question="Delete the cluster?" expected="dwhCluster" plan={deletePlan} onAnswer={() => {}} />));
	assert.match(frame, /- delete Redshift cluster dwhCluster/);
	assert.match(frame, /Delete the cluster\?/);
	assert.match(frame, /Type dwhCluster to confirm \(Esc keeps it\):/);
});

test('TypedConfirm: the wrong text and Enter does not answer', async () => {
	const answer = recorder<[boolean]>();
	const instance = render(<TypedConfirm question="Delete the cluster?" expected="dwhCluster" plan={deletePlan} onAnswer={answer} />);
	await press(instance, 'dwhcluster', keys.enter);
	assert.deepEqual(answer.calls, []);
	assert.match(screen(instance), /↳ that is not dwhCluster/);
});

test('TypedConfirm: Enter with nothing typed does not answer', async () => {
	const answer = recorder<[boolean]>();
	const instance = render(<TypedConfirm question="Delete the cluster?" expected="dwhCluster" plan={deletePlan} onAnswer={answer} />);
	await press(instance, keys.enter);
	assert.deepEqual(answer.calls, []);
});

test('TypedConfirm: the exact name and Enter answers true', async () => {
	const answer = recorder<[boolean]>();
	const instance = render(<TypedConfirm question="Delete the cluster?" expected="dwhCluster" plan={deletePlan} onAnswer={answer} />);
	await press(instance, 'dwhClusterX', keys.backspace, keys.enter);
	assert.deepEqual(answer.calls, [[true]]);
});

test('TypedConfirm: Escape answers false', async () => {
	const answer = recorder<[boolean]>();
	const instance = render(<TypedConfirm question="Delete the cluster?" expected="dwhCluster" plan={deletePlan} onAnswer={answer} />);
	await press(instance, 'dwh', keys.escape);
	assert.deepEqual(answer.calls, [[false]]);
});

test('ScrollLines: a line wider than the terminal is folded onto the next rows, never cut, and the window counts rows', () => {
	const command = `sparkify-dwh run --source /${'a'.repeat(60)}/sparkify-sample --target local --yes`;
	const instance = render(<ScrollLines lines={['This load again:', command]} height={10} width={40} />);
	const shown = lines(instance);
	assert.ok(!screen(instance).includes('…'), 'nothing cut');
	assert.equal(shown.slice(1).join(''), command, 'the rows, joined, are the line');
	assert.ok(shown.every((line) => cells(line) <= 40));
	cleanup();
	// Folded rows that outgrow the window scroll, with the window's note.
	const tall = render(<ScrollLines lines={[command]} height={2} width={40} />);
	assert.match(screen(tall), new RegExp(`lines 1–1 of ${Math.ceil(command.length / 40)} `));
});

test('ScrollLines: an outcome that ends with what to do next opens at its end when it is taller than the window', () => {
	const outcome = [...Array.from({length: 30}, (_, index) => `line ${index + 1}`), 'This load again:', '  sparkify-dwh run --yes'];
	const instance = render(<ScrollLines lines={outcome} height={10} fromEnd />);
	assert.match(screen(instance), /This load again:\n {2}sparkify-dwh run --yes\nlines 24–32 of 32/);
	assert.doesNotMatch(screen(instance), /^line 1$/m);
});

test('ScrollLines: opened at the end, it stays there when the window shrinks (a footer appears), and ↑ scrolls up from there', async () => {
	const outcome = Array.from({length: 12}, (_, index) => `line ${index + 1}`);
	const instance = render(<ScrollLines lines={outcome} height={12} fromEnd />);
	assert.match(screen(instance), /line 12$/m, 'it all fits at first');
	instance.rerender(<ScrollLines lines={outcome} height={8} fromEnd />);
	assert.match(screen(instance), /line 12\nlines 6–12 of 12/, 'still at the end once the window is smaller');
	await press(instance, keys.up);
	assert.match(screen(instance), /line 11\nlines 5–11 of 12/);
});
