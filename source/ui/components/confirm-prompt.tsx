// Before anything is deleted, replaced or billed: the plan, line by line (with its cost),
// then the question. y says yes; n, Enter or Escape say no. For what cannot be undone the
// user types the resource's name instead.

import {Box, Text} from 'ink';
import {planLines} from '../../plain/describe-plan.js';
import type {Plan} from '../../core/step.js';
import {TextField} from './text-field.js';
import {YesNo} from './yes-no.js';

function PlanView({plan}: {readonly plan: Plan}) {
	return (
		<Box flexDirection="column" borderStyle="round" borderColor={plan.destructive ? 'yellow' : 'cyan'} paddingX={1}>
			{planLines(plan).map((line, index) => (
				<Text key={index} wrap="wrap">
					{line.trimStart()}
				</Text>
			))}
		</Box>
	);
}

export function ConfirmPrompt({question, plan, onAnswer}: {readonly question: string; readonly plan: Plan; readonly onAnswer: (yes: boolean) => void}) {
	return (
		<Box flexDirection="column">
			<PlanView plan={plan} />
			<YesNo question={question} onAnswer={onAnswer} />
		</Box>
	);
}

export function TypedConfirm(props: {readonly question: string; readonly expected: string; readonly plan: Plan; readonly onAnswer: (yes: boolean) => void}) {
	return (
		<Box flexDirection="column">
			<PlanView plan={props.plan} />
			<Text bold>{props.question}</Text>
			<TextField
				label={`Type ${props.expected} to confirm (Esc keeps it):`}
				validate={(value) => (value === props.expected ? undefined : `that is not ${props.expected}`)}
				onSubmit={() => props.onAnswer(true)}
				onCancel={() => props.onAnswer(false)}
			/>
		</Box>
	);
}
