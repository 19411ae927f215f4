// Lines taller than the space left on screen, shown a window at a time: ↑↓ scroll a line,
// PgUp/PgDn (or space) a page. Ink redraws the whole terminal when a frame is taller than
// it, so long outcomes (an analytics table and its chart) scroll instead. A line wider than
// the terminal is folded onto the next rows, never cut: a path or a command line must be
// read whole (and the window counts rows, as the terminal does).

import {Box, Text} from 'ink';
import {useKeys, useLatest} from './use-keys.js';

/** A line as the rows it takes at `width` columns (code points; wide CJK is not accounted for). */
function fold(line: string, width: number): string[] {
	const characters = [...line];
	if (characters.length <= width) return [line];
	const rows: string[] = [];
	for (let start = 0; start < characters.length; start += width) rows.push(characters.slice(start, start + width).join(''));
	return rows;
}

export function ScrollLines({
	lines: given,
	height,
	width = Number.POSITIVE_INFINITY,
	isActive = true,
	fromEnd = false,
}: {
	readonly lines: readonly string[];
	readonly height: number;
	/** The terminal's columns: wider lines are folded. */
	readonly width?: number;
	readonly isActive?: boolean;
	/** Open at the last lines (an outcome that ends with what to do next), not the first. */
	readonly fromEnd?: boolean;
}) {
	const lines = Number.isFinite(width) ? given.flatMap((line) => fold(line, Math.max(10, width))) : given;
	const window = Math.max(1, height);
	const scrollable = lines.length > window;
	const visible = scrollable ? window - 1 : window;
	const lastTop = Math.max(0, lines.length - visible);
	// From the end: pinned there (the window may still shrink as a footer appears) until the user scrolls.
	const [top, , setTop] = useLatest(fromEnd ? Number.POSITIVE_INFINITY : 0);
	useKeys(
		(key) => {
			const typed = key.name === 'text' ? key.text : '';
			if (key.name === 'down' || typed === 'j') setTop((current) => Math.min(lastTop, current + 1));
			else if (key.name === 'up' || typed === 'k') setTop((current) => Math.max(0, Math.min(current, lastTop) - 1));
			else if (key.name === 'pagedown' || typed === ' ') setTop((current) => Math.min(lastTop, current + visible));
			else if (key.name === 'pageup') setTop((current) => Math.max(0, Math.min(current, lastTop) - visible));
		},
		{isActive: isActive && scrollable},
	);
	const from = Math.min(top, lastTop);
	return (
		<Box flexDirection="column">
			{lines.slice(from, from + visible).map((line, index) => (
				<Text key={from + index} wrap="truncate-end">
					{line}
				</Text>
			))}
			{scrollable ? (
				<Text color="gray">
					lines {from + 1}–{Math.min(lines.length, from + visible)} of {lines.length} · ↑↓ PgUp PgDn to scroll
				</Text>
			) : null}
		</Box>
	);
}
