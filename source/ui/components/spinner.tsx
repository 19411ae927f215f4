// A spinner that turns while something runs, and the running clock beside it. Each ticks on
// its own timer, so only its own text is redrawn, never the screen around it.

import {Text} from 'ink';
import {useEffect, useState} from 'react';
import {formatElapsed} from '../progress-format.js';

const frames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/** What time it is: Date.now, or a test's fixed clock. */
export type Clock = () => number;

export function Spinner({intervalMs = 100}: {readonly intervalMs?: number}) {
	const [frame, setFrame] = useState(0);
	useEffect(() => {
		const timer = setInterval(() => setFrame((current) => (current + 1) % frames.length), intervalMs);
		return () => clearInterval(timer);
	}, [intervalMs]);
	return <Text color="cyan">{frames[frame]}</Text>;
}

/** The clock's time, read again every `intervalMs`. */
function useNow(clock: Clock, intervalMs: number): number {
	const [now, setNow] = useState(clock);
	useEffect(() => {
		const timer = setInterval(() => setNow(clock()), intervalMs);
		return () => clearInterval(timer);
	}, [clock, intervalMs]);
	return now;
}

/** "7 s" since `since`, counted on by the clock; `base`: time already gone before `since` (a task's elapsedMs at its last event). */
export function Elapsed({since, base = 0, clock = Date.now}: {readonly since: number; readonly base?: number; readonly clock?: Clock}) {
	const now = useNow(clock, 250);
	return <Text color="gray">{formatElapsed(base + Math.max(0, now - since))}</Text>;
}
