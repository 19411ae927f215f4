// One line per step, Copilot style: a status mark, the title, and what happened, with a
// failure's reason under it. Marks are glyphs as well as colours, for NO_COLOR terminals.

import {Box, Text} from 'ink';
import type {StepView} from '../store.js';
import {Spinner} from './spinner.js';

const marks = {pending: '○', done: '✔', skipped: '–', failed: '✖', cancelled: '⊘'} as const;
const colours = {pending: 'gray', done: 'green', skipped: 'gray', failed: 'red', cancelled: 'yellow'} as const;

function StepLine({step}: {readonly step: StepView}) {
	const running = step.status === 'running';
	return (
		<Box flexDirection="column">
			<Text>
				{running ? <Spinner /> : <Text color={colours[step.status]}>{marks[step.status]}</Text>} {step.title}
				{step.detail && step.status === 'done' ? <Text color="gray">: {step.detail}</Text> : null}
				{running ? <Text color="gray">…</Text> : null}
			</Text>
			{step.detail && (step.status === 'failed' || step.status === 'cancelled') ? <Text color="gray">    {step.detail}</Text> : null}
		</Box>
	);
}

export function StepList({steps}: {readonly steps: readonly StepView[]}) {
	return (
		<Box flexDirection="column">
			{steps.map((step) => (
				<StepLine key={step.id} step={step} />
			))}
		</Box>
	);
}
