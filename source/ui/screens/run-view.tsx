// A command at work: its steps, one progress bar per table (or the cluster's wait), the
// latest messages, any question it asks, and then its outcome or its failure. Every
// command the app runs is shown here, so there is one place where progress is drawn.

import {Box, Text} from 'ink';
import {ConfirmPrompt, TypedConfirm} from '../components/confirm-prompt.js';
import {ErrorPanel} from '../components/error-panel.js';
import {ProgressTable} from '../components/progress-table.js';
import {ScrollLines} from '../components/scroll-lines.js';
import {StepList} from '../components/step-list.js';
import type {UiState} from '../store.js';

export type RunViewProps = {
	readonly state: UiState;
	/** How many summary lines fit (the rest scroll). */
	readonly maxSummaryLines?: number;
	/** What the user can do once the command has ended. */
	readonly footer?: string;
};

export function RunView({state, maxSummaryLines = 16, footer}: RunViewProps) {
	const {question, outcome, failure} = state;
	const summary = outcome?.summary ?? [];
	return (
		<Box flexDirection="column">
			<StepList steps={state.steps} />
			{outcome ? null : <ProgressTable tasks={state.tasks} />}
			{outcome || question ? null : (
				<Box flexDirection="column" marginLeft={2}>
					{state.messages.slice(-3).map((message, index) => (
						<Text key={index} color="gray" wrap="truncate-end">
							{message}
						</Text>
					))}
				</Box>
			)}
			{question?.kind === 'confirm' ? <ConfirmPrompt question={question.question} plan={question.plan} onAnswer={question.answer} /> : null}
			{question?.kind === 'typed' ? <TypedConfirm question={question.question} expected={question.expected} plan={question.plan} onAnswer={question.answer} /> : null}
			{summary.length > 0 ? (
				<Box flexDirection="column" marginTop={1}>
					<ScrollLines lines={summary} height={maxSummaryLines} isActive={!question} />
				</Box>
			) : null}
			{failure ? <ErrorPanel failure={failure} /> : null}
			{state.cancelling && state.busy ? <Text color="yellow">Cancelling… (Ctrl-C again quits at once)</Text> : null}
			{footer && !state.busy ? <Text color="gray">{footer}</Text> : null}
		</Box>
	);
}
