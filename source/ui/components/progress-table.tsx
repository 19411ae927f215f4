// One bar per task (a table being loaded, a cluster being created): the bar, the count
// of its unit, the rate and the time left; then the final count once done. Fits 80 columns.

import {Box, Text} from 'ink';
import type {TaskView} from '../store.js';
import {formatCounter, formatEta, formatRate, progressBar, ratePerSecond} from '../progress-format.js';
import {formatDuration} from '../../core/format.js';

const marks = {running: ' ', done: '✔', failed: '✖'} as const;

function ProgressRow({task, barWidth = 20}: {readonly task: TaskView; readonly barWidth?: number}) {
	const rows = task.counters.rows;
	const finished = task.state !== 'running';
	// Rows are what people count; the bar follows the unit that has a known total. While it
	// runs, the time left matters more than the row count, and 80 columns hold only one.
	const count = rows && task.unit !== 'rows' && finished ? `${formatCounter(rows.done, null, 'rows')} · ` : '';
	return (
		<Text wrap="truncate-end">
			<Text color={task.state === 'failed' ? 'red' : 'green'}>{marks[task.state]}</Text> {task.task.padEnd(15).slice(0, 15)}{' '}
			<Text color={finished ? 'green' : 'cyan'}>{progressBar(finished && task.state === 'done' ? 1 : task.done, finished && task.state === 'done' ? 1 : task.total, barWidth)}</Text>{' '}
			{count}
			{/* Once done, "of how many" is no news: the count alone leaves room for the time. */}
			{formatCounter(task.done, task.state === 'done' ? null : task.total, task.unit)}
			<Text color="gray">
				{finished
					? ` in ${formatDuration(task.elapsedMs)}`
					: `  ${[formatEta(task.done, task.total, task.elapsedMs), formatRate(ratePerSecond(task.done, task.elapsedMs), task.unit)].filter(Boolean).join(' · ')}`}
			</Text>
		</Text>
	);
}

export function ProgressTable({tasks, barWidth}: {readonly tasks: readonly TaskView[]; readonly barWidth?: number}) {
	if (tasks.length === 0) return null;
	return (
		<Box flexDirection="column">
			{tasks.map((task) => (
				<ProgressRow key={`${task.step}/${task.task}`} task={task} {...(barWidth ? {barWidth} : {})} />
			))}
		</Box>
	);
}
