// A progress event as one line of text: "45% of 3.7 MB, 2/30 files, 3,200 rows, 12,300 rows/s".

import type {ProgressUnit, StepEvent} from '../core/events.js';
import {formatBytes, formatCount} from '../core/format.js';

function amount(value: number, unit: ProgressUnit): string {
	return unit === 'bytes' ? formatBytes(value) : `${formatCount(value)} ${unit}`;
}

type ProgressEvent = Extract<StepEvent, {type: 'progress'}>;

export function describeProgress(event: ProgressEvent): string {
	const parts: string[] = [];
	const finished = event.state !== 'running' && event.total === event.done;
	const main = event.total && !finished ? `${Math.floor((event.done / event.total) * 100)}% of ${amount(event.total, event.unit)}` : amount(event.done, event.unit);
	parts.push(main);
	for (const [unit, counter] of Object.entries(event.counters)) {
		if (unit === event.unit || !counter) continue;
		if (counter.total === null || (finished && counter.done === counter.total)) parts.push(amount(counter.done, unit as ProgressUnit));
		else if (unit === 'bytes') parts.push(`${formatBytes(counter.done)} of ${formatBytes(counter.total)}`);
		else parts.push(`${formatCount(counter.done)}/${formatCount(counter.total)} ${unit}`);
	}
	const rows = event.counters.rows?.done;
	if (rows && event.elapsedMs > 500) parts.push(`${formatCount((rows / event.elapsedMs) * 1000)} rows/s`);
	return parts.join(', ');
}
