// One line per step, Copilot style: a status mark, the title, and what happened, with a
// failure's reason under it; a running step with its spinner and its elapsed time, the steps
// to come greyed below it. Marks are glyphs as well as colours, for NO_COLOR terminals.

import {Box, Text} from 'ink';
import type {StepView} from '../store.js';
import {type Clock, Elapsed, Spinner} from './spinner.js';

const marks = {pending: '○', done: '✔', skipped: '–', failed: '✖', cancelled: '⊘'} as const;
const colours = {pending: 'gray', done: 'green', skipped: 'gray', failed: 'red', cancelled: 'yellow'} as const;

export type StepLineProps = {
	readonly step: StepView;
	/** When it started running (the store's clock): its elapsed time is drawn from it. */
	readonly startedAt?: number | undefined;
	readonly clock?: Clock | undefined;
	/** False once the command has ended: a step still "running" then (watch, stopped) has stopped, and no spinner says otherwise. */
	readonly live?: boolean | undefined;
};

export function StepLine({step, startedAt, clock, live = true}: StepLineProps) {
	if ((step.status === 'running' || step.status === 'pending') && !live) {
		return (
			<Text color="gray">
				– {step.title} ({step.status === 'running' ? 'stopped' : 'not run'})
			</Text>
		);
	}
	if (step.status === 'running') {
		return (
			<Text wrap="truncate-end">
				<Spinner /> {step.title}
				<Text color="gray">…</Text>
				{startedAt === undefined ? null : (
					<>
						{' '}
						<Elapsed since={startedAt} {...(clock ? {clock} : {})} />
					</>
				)}
			</Text>
		);
	}
	return (
		<Box flexDirection="column">
			<Text color={step.status === 'pending' ? 'gray' : undefined}>
				<Text color={colours[step.status]}>{marks[step.status]}</Text> {step.title}
				{step.detail && step.status === 'done' ? <Text color="gray">: {step.detail}</Text> : null}
			</Text>
			{step.detail && (step.status === 'failed' || step.status === 'cancelled') ? <Text color="gray">    {step.detail}</Text> : null}
		</Box>
	);
}

export function StepList({
	steps,
	startedAt = {},
	clock,
	live,
}: {
	readonly steps: readonly StepView[];
	readonly startedAt?: Readonly<Record<string, number>>;
	readonly clock?: Clock;
	readonly live?: boolean;
}) {
	return (
		<Box flexDirection="column">
			{steps.map((step) => (
				<StepLine key={step.id} step={step} startedAt={startedAt[step.id]} clock={clock} live={live} />
			))}
		</Box>
	);
}
