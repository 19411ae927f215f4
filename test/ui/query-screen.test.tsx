// The query screen with a stand-in for the warehouse: what is typed runs, the answer is a
// table that scrolls inside the terminal (rows and columns), ↑↓ walk the history as in a
// shell, a failure is said once, Esc leaves. And in the app: reached from the menu, Ctrl-C
// while a query runs cancels it.

import assert from 'node:assert/strict';
import {afterEach, test} from 'node:test';
import {cleanup, render} from 'ink-testing-library';
import type {QueryHistoryView, QueryOutcome, QueryResult} from '../../source/ui/actions.js';
import {App} from '../../source/ui/app.js';
import {QueryScreen} from '../../source/ui/screens/query-screen.js';
import {createUiStore} from '../../source/ui/store.js';
import {fakeActions} from './fake-actions.js';
import {type Instance, keys, lines, press, recorder, screen, settle} from './ink-helpers.js';

afterEach(cleanup);

const pageDown = '\u001B[6~';

const answer = (columns: string[], rows: unknown[][]): QueryOutcome => ({
	kind: 'answer',
	result: {statement: 'SELECT', columns, rows, rowCount: rows.length, elapsedMs: 12} satisfies QueryResult,
});

function open(options: {outcome?: (sql: string) => QueryOutcome | Promise<QueryOutcome>; history?: QueryHistoryView} = {}) {
	const runs: string[] = [];
	const history = [...(options.history?.entries ?? [])];
	const back = recorder<[]>();
	const instance = render(
		<QueryScreen
			target="local"
			run={async (sql) => {
				runs.push(sql);
				return options.outcome ? options.outcome(sql) : answer(['count'], [[6820]]);
			}}
			history={options.history ?? {entries: []}}
			remember={(sql) => {
				if (history.at(-1) !== sql) history.push(sql);
				return {entries: [...history]};
			}}
			onBack={back}
		/>,
	);
	return {instance, runs, history, back};
}

async function until(instance: Instance, pattern: RegExp) {
	for (let tries = 0; tries < 100 && !pattern.test(screen(instance)); tries++) await settle(instance);
	assert.match(screen(instance), pattern);
}

test('QueryScreen: typed SQL runs on Enter; the answer is a table with its row count and time; the field is cleared for the next', async () => {
	const {instance, runs, history} = open();
	await settle(instance);
	assert.match(screen(instance), /^Query — local warehouse · read-only\nSQL› /);
	await press(instance, 'SELECT count(*) FROM songplays', keys.enter);
	await until(instance, /✔ 1 row in 12 ms · SELECT count\(\*\) FROM songplays/);
	assert.deepEqual(runs, ['SELECT count(*) FROM songplays']);
	assert.deepEqual(history, ['SELECT count(*) FROM songplays'], 'what ran is in the history');
	const shown = lines(instance);
	assert.deepEqual(shown.slice(2, 6), ['✔ 1 row in 12 ms · SELECT count(*) FROM songplays', 'count', '─────', '6,820']);
	assert.match(shown[1]!, /^SQL› ▌?\s*$/, 'the field is empty again (▌ is the cursor without colours)');
	assert.match(screen(instance), /1 in the history/);
});

test('QueryScreen: a result taller and wider than the terminal scrolls by rows and by columns, its header kept in view', async () => {
	const rows = Array.from({length: 100}, (_, index) => [index + 1, `${'x'.repeat(150)}${index + 1}`]);
	const {instance} = open({outcome: () => answer(['n', 'wide'], rows)});
	await press(instance, 'SELECT n, wide FROM t', keys.enter);
	await until(instance, /rows 1–16 of 100 · columns 1–100 of \d+/);
	let shown = lines(instance);
	assert.ok(shown.length <= 24, `${shown.length} rows on a 24-row terminal`);
	assert.match(shown[3]!, /^ {2}n {2}wide/);
	assert.match(shown[5]!, /^ {2}1 {2}x+$/);
	await press(instance, keys.down, keys.down);
	assert.match(screen(instance), /rows 3–18 of 100/);
	assert.match(lines(instance)[3]!, /^ {2}n {2}wide/, 'the header stays');
	assert.match(lines(instance)[5]!, /^ {2}3 {2}x+$/);
	await press(instance, pageDown);
	assert.match(screen(instance), /rows 18–33 of 100/);
	await press(instance, keys.right, keys.right, keys.right, keys.right, keys.right, keys.right, keys.right, keys.right);
	shown = lines(instance);
	// n (3 wide), the gap (2) and the 153 characters of `wide`: the last page ends at 158.
	assert.match(screen(instance), /columns 59–158 of 158/);
	assert.match(shown[5]!, /x+18 *$/, 'the end of the wide column comes into view');
	await press(instance, keys.left);
	assert.match(screen(instance), /columns 34–133 of 158/);
	// Typing goes back to the field; ↑ then walks the history, not the rows.
	await press(instance, 'S');
	assert.match(lines(instance)[1]!, /^SQL› S/);
	await press(instance, keys.up);
	assert.match(lines(instance)[1]!, /^SQL› SELECT n, wide FROM t/);
	assert.match(screen(instance), /rows 18–33 of 100/, 'the table did not move');
});

test('QueryScreen: ↑↓ walk the earlier queries as in a shell, and come back to what was being typed', async () => {
	const {instance} = open({history: {entries: ['SELECT 1', 'SELECT 2']}});
	await press(instance, 'SELECT 3');
	await press(instance, keys.up);
	assert.match(lines(instance)[1]!, /^SQL› SELECT 2/);
	await press(instance, keys.up, keys.up);
	assert.match(lines(instance)[1]!, /^SQL› SELECT 1/, 'the oldest stays');
	await press(instance, keys.down);
	assert.match(lines(instance)[1]!, /^SQL› SELECT 2/);
	await press(instance, keys.down);
	assert.match(lines(instance)[1]!, /^SQL› SELECT 3/, 'past the newest: what was typed');
	await press(instance, keys.up, keys.backspace, '9', keys.enter);
	await settle(instance);
	assert.match(screen(instance), /SELECT 9/);
});

test('QueryScreen: a failure is said once, with what to do, and the query stays in the field to be fixed; a history notice shows', async () => {
	const failed: QueryOutcome = {
		kind: 'failed',
		message: 'The query failed at line 1, column 1: syntax error at or near "SELEC"',
		hint: 'Near: »SELEC 1',
	};
	const {instance} = open({outcome: () => failed, history: {entries: [], notice: 'The query history /h/query-history.json is not valid JSON; it is left out.'}});
	await settle(instance);
	assert.match(screen(instance), /query-history\.json is not valid JSON/);
	await press(instance, 'SELEC 1', keys.enter);
	await until(instance, /✖ The query failed/);
	const frame = screen(instance);
	assert.equal(frame.split('syntax error at or near').length, 2, `said once:\n${frame}`);
	assert.match(frame, /What to do: Near: »SELEC 1/);
	assert.doesNotMatch(frame, /Details:/);
	assert.match(lines(instance)[1]!, /^SQL› SELEC 1/);
	assert.doesNotMatch(frame, /not valid JSON/, 'the notice went once the history was written');
});

test('QueryScreen: a long query shows the part around the cursor on one line', async () => {
	const {instance} = open();
	const long = `SELECT ${Array.from({length: 40}, (_, index) => `column_${index}`).join(', ')} FROM songplays`;
	await press(instance, long);
	const field = lines(instance)[1]!;
	assert.match(field, /^SQL› ….*FROM songplays/);
	assert.ok([...field.trimEnd()].length <= 100, field);
});

test('QueryScreen: Esc goes back; while a query runs, keys wait', async () => {
	let finish: (outcome: QueryOutcome) => void = () => {};
	const {instance, runs, back} = open({outcome: () => new Promise((resolve) => (finish = resolve))});
	await press(instance, 'SELECT pg_sleep(9)', keys.enter);
	await until(instance, /Running… \(Ctrl-C stops it on the server\)/);
	await press(instance, keys.escape, keys.enter);
	assert.equal(back.calls.length, 0, 'Esc does not leave a running query behind');
	assert.equal(runs.length, 1);
	finish({kind: 'cancelled'});
	await until(instance, /⊘ Cancelled: the query was stopped on the server/);
	await press(instance, keys.escape);
	assert.equal(back.calls.length, 1);
});

test('App: the query screen is in "Use the warehouse…"; Ctrl-C while a query runs cancels it; Esc goes back to the list', async () => {
	const store = createUiStore();
	const actions = fakeActions(store, {
		settings: {target: 'local', steps: {check: {status: 'done', at: '2026-11-25T14:24:31.000Z'}}, aws: {}},
		history: {entries: ['SELECT 1']},
		query: (_sql, signal) => new Promise((resolve) => signal.addEventListener('abort', () => resolve({kind: 'cancelled'}))),
	});
	const exits: number[] = [];
	const instance = render(<App actions={actions} store={store} onExit={(code) => exits.push(code)} />);
	await until(instance, /❯ 1\. Run the whole pipeline/);
	await press(instance, '4');
	await until(instance, /› Use the warehouse/);
	await press(instance, keys.enter);
	await until(instance, /^Query — local warehouse · read-only · 1 in the history/);
	await press(instance, keys.up, keys.enter);
	await until(instance, /Running…/);
	assert.deepEqual(actions.queries, ['SELECT 1']);
	await press(instance, keys.ctrlC);
	await until(instance, /⊘ Cancelled/);
	assert.equal(actions.cancels, 1);
	assert.deepEqual(exits, [], 'the first Ctrl-C cancels; it does not quit');
	await press(instance, keys.escape);
	await until(instance, /› Use the warehouse\n❯ 1\. Query the warehouse/);
});
