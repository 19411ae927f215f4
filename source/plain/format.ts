// Numbers as people read them in a line of text.

import type {ProgressUnit, StepEvent} from '../core/events.js';

export function formatCount(value: number): string {
	return Math.round(value).toLocaleString('en-US');
}

export function formatBytes(bytes: number): string {
	if (bytes < 1024) return `${bytes} B`;
	const units = ['KB', 'MB', 'GB', 'TB'];
	let value = bytes / 1024;
	let unit = 0;
	while (value >= 1024 && unit < units.length - 1) {
		value /= 1024;
		unit++;
	}
	return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

export function formatDuration(ms: number): string {
	if (ms < 1000) return `${Math.round(ms)} ms`;
	const seconds = ms / 1000;
	if (seconds < 60) return `${seconds.toFixed(1)} s`;
	const minutes = Math.floor(seconds / 60);
	return `${minutes}m ${String(Math.round(seconds % 60)).padStart(2, '0')}s`;
}

function amount(value: number, unit: ProgressUnit): string {
	return unit === 'bytes' ? formatBytes(value) : `${formatCount(value)} ${unit}`;
}

type ProgressEvent = Extract<StepEvent, {type: 'progress'}>;

/** "45% of 3.7 MB, 2/30 files, 3,200 rows, 12,300 rows/s" */
export function describeProgress(event: ProgressEvent): string {
	const parts: string[] = [];
	const main = event.total ? `${Math.floor((event.done / event.total) * 100)}% of ${amount(event.total, event.unit)}` : amount(event.done, event.unit);
	parts.push(main);
	for (const [unit, counter] of Object.entries(event.counters)) {
		if (unit === event.unit || !counter) continue;
		parts.push(counter.total === null ? amount(counter.done, unit as ProgressUnit) : `${formatCount(counter.done)}/${formatCount(counter.total)} ${unit}`);
	}
	const rows = event.counters.rows?.done;
	if (rows && event.elapsedMs > 500) parts.push(`${formatCount((rows / event.elapsedMs) * 1000)} rows/s`);
	return parts.join(', ');
}
