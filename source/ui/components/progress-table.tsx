// One bar per task (a table being loaded, a cluster being created): the bar, the count
// of its unit, the rate and the time left; then the final count once done. A task whose
// total is not known has no bar to fill: a spinner and its elapsed time say it is alive.
// Fits the terminal's width: the bar narrows, and below 70 columns the rate goes.

import {Box, Text} from 'ink';
import {taskKey, type TaskView} from '../store.js';
import {barWidthFor, formatCounter, formatEta, formatRate, progressBar, ratePerSecond} from '../progress-format.js';
import {formatDuration} from '../../core/format.js';
import {type Clock, Elapsed, Spinner} from './spinner.js';

const marks = {running: ' ', done: '✔', failed: '✖'} as const;

export type ProgressRowProps = {
	readonly task: TaskView;
	readonly barWidth?: number;
	/** When its latest event came (the store's clock): a running task's time counts on from there between events. */
	readonly seenAt?: number | undefined;
	readonly clock?: Clock | undefined;
	readonly columns?: number;
};

export function ProgressRow({task, barWidth, seenAt, clock, columns = 80}: ProgressRowProps) {
	const width = barWidth ?? barWidthFor(columns);
	const rows = task.counters.rows;
	const finished = task.state !== 'running';
	const unknownTotal = !finished && (task.total === null || task.total <= 0);
	// Rows are what people count; the bar follows the unit that has a known total. While it
	// runs, the time left matters more than the row count, and 80 columns hold only one.
	const count = rows && task.unit !== 'rows' && finished ? `${formatCounter(rows.done, null, 'rows')} · ` : '';
	const eta = finished ? '' : formatEta(task.done, task.total, task.elapsedMs);
	const rate = finished || columns < 70 ? '' : formatRate(ratePerSecond(task.done, task.elapsedMs), task.unit);
	// Until there is a time left to tell, the time gone says the task is alive.
	const elapsed = seenAt === undefined ? formatDuration(task.elapsedMs) : <Elapsed since={seenAt} base={task.elapsedMs} {...(clock ? {clock} : {})} />;
	return (
		<Text wrap="truncate-end">
			<Text color={task.state === 'failed' ? 'red' : 'green'}>{marks[task.state]}</Text> {task.task.padEnd(15).slice(0, 15)}{' '}
			{unknownTotal ? (
				<>
					<Spinner />
					{' '.repeat(width - 1)}
				</>
			) : (
				<Text color={finished ? 'green' : 'cyan'}>{progressBar(finished && task.state === 'done' ? 1 : task.done, finished && task.state === 'done' ? 1 : task.total, width)}</Text>
			)}{' '}
			{count}
			{/* Once done, "of how many" is no news: the count alone leaves room for the time. */}
			{formatCounter(task.done, task.state === 'done' ? null : task.total, task.unit)}
			{finished ? (
				<Text color="gray"> in {formatDuration(task.elapsedMs)}</Text>
			) : (
				<Text color="gray">
					{'  '}
					{eta || elapsed}
					{rate ? ` · ${rate}` : ''}
				</Text>
			)}
		</Text>
	);
}

export type ProgressTableProps = {
	readonly tasks: readonly TaskView[];
	readonly barWidth?: number;
	/** "step/task" → when its latest event came. */
	readonly seenAt?: Readonly<Record<string, number>>;
	readonly clock?: Clock;
	readonly columns?: number;
};

export function ProgressTable({tasks, barWidth, seenAt = {}, clock, columns}: ProgressTableProps) {
	if (tasks.length === 0) return null;
	return (
		<Box flexDirection="column">
			{tasks.map((task) => (
				<ProgressRow
					key={taskKey(task)}
					task={task}
					seenAt={seenAt[taskKey(task)]}
					clock={clock}
					{...(barWidth ? {barWidth} : {})}
					{...(columns ? {columns} : {})}
				/>
			))}
		</Box>
	);
}
