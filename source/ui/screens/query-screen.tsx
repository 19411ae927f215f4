// Your own query, in the app: a one-line field for the SQL (the shell's editing keys, and ↑↓
// through the queries run before, kept between starts), Enter runs it read-only, and the
// answer is an aligned table that scrolls within the terminal, its header kept in view:
// ↑↓ PgUp PgDn for rows, ←→ for a table wider than the screen. Tab moves between the field
// and the table (a table that scrolls takes the arrows after a run; typing goes back to the
// field). A failure is said once, with what to do; a query that changes data is refused, the
// screen only reads. Ctrl-C while it runs is the app's: it stops the query on the server.

import {Box, Text, useStdout} from 'ink';
import {useMemo} from 'react';
import {formatTable, recordsOf, rowCountText} from '../../analytics/render.js';
import {escapeControl, formatCount, formatDuration} from '../../core/format.js';
import type {QueryHistoryView, QueryOutcome, QueryResult} from '../actions.js';
import {edit, emptyLine, type Line} from '../components/line-editor.js';
import type {Key} from '../components/keys.js';
import {WithCursor} from '../components/text-field.js';
import {useKeys, useLatest} from '../components/use-keys.js';

export type QueryScreenProps = {
	readonly target: 'local' | 'redshift';
	readonly run: (sql: string) => Promise<QueryOutcome>;
	/** The history at the screen's start. */
	readonly history: QueryHistoryView;
	/** Adds a query to the history; answers the history as it now is. */
	readonly remember: (sql: string) => QueryHistoryView;
	/** Esc. */
	readonly onBack: () => void;
};

type Phase =
	| {readonly kind: 'idle'}
	| {readonly kind: 'running'; readonly sql: string}
	| {readonly kind: 'ended'; readonly sql: string; readonly outcome: QueryOutcome};

/** Where ↑↓ are in the history: `index` into the entries while walking, and the text typed before the walk began. */
type Walk = {readonly index: number | undefined; readonly draft: string};

const label = 'SQL› ';

/** The table's lines at full width (cut on screen, never here), values cleared of anything the terminal would act on. */
function tableLines(result: QueryResult): string[] {
	if (result.columns.length === 0) return [];
	const rows = result.rows.map((values) => values.map((value) => (typeof value === 'string' ? escapeControl(value) : value)));
	const {columns, records} = recordsOf(result.columns.map((name) => escapeControl(name)), rows);
	return formatTable(columns, records, Number.POSITIVE_INFINITY);
}

function countText(result: QueryResult): string {
	const count = rowCountText(result);
	return `${result.columns.length === 0 && result.statement ? `${result.statement}: ` : ''}${count} in ${formatDuration(result.elapsedMs)}`;
}

/** A field longer than the screen shows the part around the cursor, with … where it is cut. */
function fieldWindow(line: Line, width: number): {text: string; cursor: number} {
	const characters = [...line.value];
	if (characters.length < width) return {text: line.value, cursor: line.cursor};
	const room = Math.max(4, width - 2);
	const start = Math.max(0, Math.min(line.cursor - room + 1, characters.length + 1 - room));
	const end = start + room;
	const text = `${start > 0 ? '…' : ''}${characters.slice(start, end).join('')}${end < characters.length ? '…' : ''}`;
	return {text, cursor: line.cursor - start + (start > 0 ? 1 : 0)};
}

/** Whether a table is taller than `window` rows or wider than the screen. */
const overflows = (table: readonly string[], columns: number, window: number) => table.length - 2 > window || table.some((each) => [...each].length > columns);

/** Lines a text takes when the terminal wraps it. */
const wrappedHeight = (text: string, columns: number) => Math.max(1, Math.ceil([...text].length / Math.max(1, columns)));

export function QueryScreen({target, run, history, remember, onBack}: QueryScreenProps) {
	const {stdout} = useStdout();
	const columns = (stdout as NodeJS.WriteStream).columns || 80;
	const rows = (stdout as NodeJS.WriteStream).rows || 24;
	const [line, latestLine, setLine] = useLatest<Line>(emptyLine);
	const [, latestWalk, setWalk] = useLatest<Walk>({index: undefined, draft: ''});
	const [entries, latestEntries, setEntries] = useLatest<readonly string[]>(history.entries);
	const [notice, , setNotice] = useLatest<string | undefined>(history.notice);
	const [phase, latestPhase, setPhase] = useLatest<Phase>({kind: 'idle'});
	const [focus, latestFocus, setFocus] = useLatest<'field' | 'result'>('field');
	const [top, latestTop, setTop] = useLatest(0);
	const [left, latestLeft, setLeft] = useLatest(0);

	const result = phase.kind === 'ended' && phase.outcome.kind === 'answer' ? phase.outcome.result : undefined;
	const table = useMemo(() => (result ? tableLines(result) : []), [result]);
	const tableWidth = Math.max(0, ...table.map((each) => [...each].length));
	// Title, field, the count, the header and its rule, the position line and the footer; the notice if there is one.
	const noticeHeight = notice ? wrappedHeight(notice, columns) : 0;
	const window = Math.max(1, rows - 8 - noticeHeight);
	const bodyRows = Math.max(0, table.length - 2);
	const lastTop = Math.max(0, bodyRows - window);
	const lastLeft = Math.max(0, tableWidth - columns);
	const scrolls = lastTop > 0 || lastLeft > 0;

	const submit = (sql: string) => {
		const remembered = remember(sql);
		setEntries(remembered.entries);
		setNotice(remembered.notice);
		setWalk({index: undefined, draft: ''});
		setPhase({kind: 'running', sql});
		void run(sql).then((outcome) => {
			setTop(0);
			setLeft(0);
			setPhase({kind: 'ended', sql, outcome});
			// Run, the query is in the history (↑ brings it back); a failed one stays in the field to be fixed.
			if (outcome.kind === 'answer') setLine(emptyLine);
			// A table that scrolls takes the arrows once it is shown.
			setFocus(outcome.kind === 'answer' && overflows(tableLines(outcome.result), columns, window) ? 'result' : 'field');
		});
	};

	/** ↑↓ in the field: back and forth through the history, as in a shell; past the newest, what was typed before. */
	const walk = (direction: -1 | 1) => {
		const all = latestEntries.current;
		const {index, draft} = latestWalk.current;
		if (all.length === 0 || (index === undefined && direction === 1)) return;
		const from = index ?? all.length;
		const next = from + direction;
		if (next < 0) return;
		const walked: Walk = next >= all.length ? {index: undefined, draft} : {index: next, draft: index === undefined ? latestLine.current.value : draft};
		setWalk(walked);
		const text = walked.index === undefined ? draft : all[walked.index]!;
		setLine({value: text, cursor: [...text].length});
	};

	/** The table's keys; true when the key was one of them. */
	const scroll = (key: Key): boolean => {
		const page = Math.max(1, window - 1);
		const moves: Partial<Record<Key['name'], () => unknown>> = {
			up: () => setTop(Math.max(0, latestTop.current - 1)),
			down: () => setTop(Math.min(lastTop, latestTop.current + 1)),
			pageup: () => setTop(Math.max(0, latestTop.current - page)),
			pagedown: () => setTop(Math.min(lastTop, latestTop.current + page)),
			home: () => setTop(0),
			end: () => setTop(lastTop),
			left: () => setLeft(Math.max(0, latestLeft.current - Math.max(8, Math.floor(columns / 4)))),
			right: () => setLeft(Math.min(lastLeft, latestLeft.current + Math.max(8, Math.floor(columns / 4)))),
		};
		const move = moves[key.name];
		if (!move) return false;
		move();
		return true;
	};

	useKeys(
		(key: Key) => {
			if (latestPhase.current.kind === 'running') return;
			if (key.name === 'escape') {
				onBack();
				return 'done';
			}
			if (key.name === 'tab') {
				if (scrolls) setFocus(latestFocus.current === 'field' ? 'result' : 'field');
				return;
			}
			if (latestFocus.current === 'result') {
				if (scroll(key)) return;
				// Anything else is for the field: Enter goes there, a character goes there and in.
				setFocus('field');
				if (key.name === 'return') return;
			}
			if (key.name === 'pageup' || key.name === 'pagedown') return void scroll(key);
			if (key.name === 'up') return walk(-1);
			if (key.name === 'down') return walk(1);
			if (key.name === 'return') {
				const sql = latestLine.current.value.trim();
				if (sql !== '') submit(sql);
				return;
			}
			const next = edit(latestLine.current, key);
			if (next) setLine(next);
		},
		{paste: true},
	);

	const ended = phase.kind === 'ended' ? phase : undefined;

	const shownTop = Math.min(top, lastTop);
	const shownLeft = Math.min(left, lastLeft);
	const cut = (text: string) => [...text].slice(shownLeft, shownLeft + columns).join('');
	const field = fieldWindow(line, columns - label.length);
	const where = target === 'redshift' ? 'Amazon Redshift' : 'local warehouse';
	const keysHelp =
		phase.kind === 'running'
			? 'Ctrl-C stops the query on the server'
			: focus === 'result'
				? '↑↓ PgUp PgDn rows · ←→ columns · Tab or typing: the field · Esc: menu'
				: `Enter runs · ↑↓ earlier queries${scrolls ? ' · PgUp PgDn rows · Tab: the table' : ''} · Esc: menu`;
	return (
		<Box flexDirection="column">
			<Text bold>
				Query <Text color="gray">— {where} · read-only{entries.length > 0 ? ` · ${formatCount(entries.length)} in the history` : ''}</Text>
			</Text>
			<Text wrap="truncate-end">
				<Text bold color={focus === 'field' ? 'cyan' : 'gray'}>
					{label}
				</Text>
				{focus === 'field' && phase.kind !== 'running' ? <WithCursor text={field.text} cursor={field.cursor} /> : field.text}
			</Text>
			{notice ? <Text color="yellow">{notice}</Text> : null}
			{phase.kind === 'running' ? <Text color="cyan">Running… (Ctrl-C stops it on the server)</Text> : null}
			{ended ? <Ended outcome={ended.outcome} sql={ended.sql} /> : null}
			{result && table.length > 0 ? (
				<Box flexDirection="column">
					{[table[0]!, table[1]!, ...table.slice(2 + shownTop, 2 + shownTop + window)].map((each, index) => (
						<Text key={index === 0 ? 'header' : index === 1 ? 'rule' : `row-${shownTop + index}`} wrap="truncate-end" {...(index < 2 ? {bold: index === 0} : {})}>
							{/* An empty line would take no row, and the rows below would move up. */}
							{cut(each) || ' '}
						</Text>
					))}
					{scrolls ? (
						<Text color="gray">
							rows {formatCount(Math.min(bodyRows, shownTop + 1))}–{formatCount(Math.min(bodyRows, shownTop + window))} of {formatCount(bodyRows)}
							{lastLeft > 0 ? ` · columns ${shownLeft + 1}–${Math.min(tableWidth, shownLeft + columns)} of ${tableWidth}` : ''}
						</Text>
					) : null}
				</Box>
			) : null}
			<Text color="gray">{keysHelp}</Text>
		</Box>
	);
}

/** How the last query ended, said once. */
function Ended({outcome, sql}: {readonly outcome: QueryOutcome; readonly sql: string}) {
	switch (outcome.kind) {
		case 'answer':
			return (
				<Text wrap="truncate-end">
					<Text color="green">✔ {countText(outcome.result)}</Text>
					<Text color="gray"> · {sql.replace(/\s+/g, ' ')}</Text>
				</Text>
			);
		case 'cancelled':
			return <Text color="yellow">⊘ Cancelled: the query was stopped on the server.</Text>;
		case 'failed':
			return (
				<Box flexDirection="column">
					<Text color="red">✖ {outcome.message}</Text>
					{outcome.hint ? <Text>  What to do: {outcome.hint}</Text> : null}
					{outcome.logFile ? <Text color="gray">  Details: {outcome.logFile}</Text> : null}
				</Box>
			);
	}
}
