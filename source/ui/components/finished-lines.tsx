// Finished steps (with their tasks and warnings) printed through Ink's <Static>: written
// once above the live area, kept in the scrollback, never redrawn — a resize or the next
// frame cannot leave a stale copy of them. What was printed is remembered by seq outside
// this component (`printedThrough`, in the store), so a run view drawn again later (after
// the menu) prints nothing twice.

import {Box, Static, Text} from 'ink';
import {useLayoutEffect, useState} from 'react';
import type {PrintedLine} from '../store.js';
import {ProgressRow} from './progress-table.js';
import {StepLine} from './step-list.js';

export type FinishedLinesProps = {
	readonly lines: readonly PrintedLine[];
	/** The seq of the last line already printed (by an earlier view, too). */
	readonly printedThrough: number;
	/** Told the seq of the last line printed, to keep across views. */
	readonly onPrinted?: ((seq: number) => void) | undefined;
	readonly columns?: number | undefined;
};

/** A wizard question answered: one line, as a terminal prompt leaves it. */
export function AnsweredQuestion({question, answer}: {readonly question: string; readonly answer: string}) {
	return (
		<Text>
			<Text color="green">✔</Text> {question}: <Text color="cyan">{answer}</Text>
		</Text>
	);
}

function Finished({line, columns}: {readonly line: PrintedLine; readonly columns?: number | undefined}) {
	if (line.kind === 'answer') return <AnsweredQuestion question={line.question} answer={line.answer} />;
	if (line.kind === 'task') return <ProgressRow task={line.task} {...(columns ? {columns} : {})} />;
	return (
		<Box flexDirection="column">
			<StepLine step={line.step} />
			{line.tasks.map((task) => (
				<ProgressRow key={`${task.step}/${task.task}`} task={task} {...(columns ? {columns} : {})} />
			))}
			{/* Printed once and kept: wrapped under their indent, never cut. */}
			{line.notes.map((note, index) => (
				<Box key={index} marginLeft={2}>
					<Text color="yellow">warning: {note}</Text>
				</Box>
			))}
		</Box>
	);
}

export function FinishedLines({lines, printedThrough, onPrinted, columns}: FinishedLinesProps) {
	// Everything this view has handed to <Static>, in order: Ink's <Static> counts what it
	// printed by position, so its items only ever grow, whatever the store's list does (a
	// new command empties it). One <Static> for the view's life: Ink forgets what a replaced
	// one printed.
	const [shown, setShown] = useState<readonly PrintedLine[]>([]);
	const through = Math.max(printedThrough, shown.at(-1)?.seq ?? 0);
	const fresh = lines.filter((line) => line.seq > through);
	const items = fresh.length > 0 ? [...shown, ...fresh] : shown;
	const last = fresh.at(-1)?.seq;
	useLayoutEffect(() => {
		if (last === undefined) return;
		setShown(items);
		onPrinted?.(last);
	});
	return <Static items={[...items]}>{(line) => <Finished key={line.seq} line={line} columns={columns} />}</Static>;
}
