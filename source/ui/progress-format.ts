// Numbers of a progress row as text: the bar, the count, the rate and the time left.
// Pure, so the table's arithmetic is tested without drawing anything.

import type {ProgressUnit} from '../core/events.js';
import {formatBytes, formatCount, formatDuration} from '../core/format.js';

const eighths = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

/** A bar `width` cells wide; an unknown total draws an empty track. */
export function progressBar(done: number, total: number | null, width: number): string {
	if (total === null || total <= 0) return '░'.repeat(width);
	const fraction = Math.max(0, Math.min(1, done / total));
	const cells = fraction * width;
	const full = Math.floor(cells);
	const part = eighths[Math.floor((cells - full) * 8)] ?? '';
	return `${'█'.repeat(full)}${part}${'░'.repeat(Math.max(0, width - full - (part ? 1 : 0)))}`;
}

export function formatAmount(value: number, unit: ProgressUnit): string {
	if (unit === 'bytes') return formatBytes(value);
	if (unit === 'seconds') return formatDuration(value * 1000);
	return formatCount(value);
}

/** "8,056 / 8,056 rows", "1.2 MB / 3.6 MB", "42 rows". */
export function formatCounter(done: number, total: number | null, unit: ProgressUnit): string {
	const suffix = unit === 'bytes' || unit === 'seconds' ? '' : ` ${unit}`;
	return total === null ? `${formatAmount(done, unit)}${suffix}` : `${formatAmount(done, unit)} / ${formatAmount(total, unit)}${suffix}`;
}

/** Units per second, or undefined before there is anything to divide. */
export function ratePerSecond(done: number, elapsedMs: number): number | undefined {
	return elapsedMs >= 250 && done > 0 ? done / (elapsedMs / 1000) : undefined;
}

export function formatRate(rate: number | undefined, unit: ProgressUnit): string {
	if (rate === undefined || unit === 'seconds') return '';
	return unit === 'bytes' ? `${formatBytes(rate)}/s` : `${formatCount(rate)}/s`;
}

/** Time left at the current rate, or '' when it cannot be told. */
export function formatEta(done: number, total: number | null, elapsedMs: number): string {
	const rate = ratePerSecond(done, elapsedMs);
	if (total === null || rate === undefined || done >= total) return '';
	return `${formatDuration(((total - done) / rate) * 1000)} left`;
}

/** A running clock: whole seconds ("7 s", "2m 05s"), so it ticks calmly once a second. */
export function formatElapsed(ms: number): string {
	const seconds = Math.max(0, Math.floor(ms / 1000));
	return seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)}m ${String(seconds % 60).padStart(2, '0')}s`;
}

/** The bar's width at a terminal width: 20 cells at 80 columns, fewer below, so the counts and the time left still fit. */
export function barWidthFor(columns: number): number {
	return Math.max(4, Math.min(20, columns - 60));
}
