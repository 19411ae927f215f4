// A command at work: its steps (the ones to come listed from the start), one progress bar per
// table (or the cluster's wait), the latest messages, any question it asks, and then its
// outcome or its failure. Every command the app runs is shown here, so there is one place
// where progress is drawn. Finished lines are printed once above (FinishedLines); what is
// redrawn below them is cut to the terminal's height, so no frame spills into the scrollback.

import {Box, Text} from 'ink';
import {ConfirmPrompt, TypedConfirm} from '../components/confirm-prompt.js';
import {ErrorPanel} from '../components/error-panel.js';
import {FinishedLines} from '../components/finished-lines.js';
import {ProgressTable} from '../components/progress-table.js';
import {ScrollLines} from '../components/scroll-lines.js';
import type {Clock} from '../components/spinner.js';
import {StepList} from '../components/step-list.js';
import {fitLiveArea, liveParts} from '../live-area.js';
import type {UiState} from '../store.js';

export type RunViewProps = {
	readonly state: UiState;
	/** The terminal's height: the live area stays below it. */
	readonly rows?: number;
	readonly columns?: number;
	/** How many summary lines fit (the rest scroll); by default what the terminal's height leaves. */
	readonly maxSummaryLines?: number;
	/** What the user can do once the command has ended. */
	readonly footer?: string;
	/** Told the seq of the last finished line printed (the app keeps it in the store). */
	readonly onPrinted?: (seq: number) => void;
	/** The clock elapsed times are counted by (a test's own). */
	readonly clock?: Clock;
};

/** Lines an error panel takes: its border, the message, the hint and the log file. */
const failureLines = 5;

export function RunView(props: RunViewProps) {
	const {state, columns = 80, onPrinted} = props;
	return (
		<Box flexDirection="column">
			<FinishedLines lines={state.printed} printedThrough={state.printedThrough} onPrinted={onPrinted} columns={columns} />
			<LiveView {...props} />
		</Box>
	);
}

/** What Ink redraws: everything but the finished lines. */
function LiveView({state, rows = 24, columns = 80, maxSummaryLines, footer, clock}: RunViewProps) {
	const {question, outcome, failure} = state;
	const summary = outcome?.summary ?? [];
	const cancelling = state.cancelling && state.busy;
	const showFooter = Boolean(footer) && !state.busy;
	const parts = liveParts(state);
	// One row is kept free: a frame as tall as the terminal is drawn by clearing it.
	const fixed = (cancelling ? 1 : 0) + (showFooter ? 1 : 0) + (failure ? failureLines : 0);
	const live = fitLiveArea(outcome || question ? {...parts, tasks: outcome ? [] : parts.tasks, messages: []} : parts, rows - 1 - fixed, columns);
	const liveLines = live.steps.length + (live.morePending.length > 0 ? 1 : 0) + live.tasks.length + (live.moreTasks.done + live.moreTasks.running > 0 ? 1 : 0);
	const summaryHeight = maxSummaryLines ?? Math.max(3, rows - 1 - fixed - liveLines - 1);
	const {done: moreDone, running: moreRunning} = live.moreTasks;
	return (
		<Box flexDirection="column">
			<StepList steps={live.steps.filter((step) => step.status !== 'pending')} startedAt={state.timing.stepStarted} live={state.busy} {...(clock ? {clock} : {})} />
			<ProgressTable tasks={live.tasks} seenAt={state.timing.taskSeen} columns={columns} {...(clock ? {clock} : {})} />
			{moreDone + moreRunning > 0 ? (
				<Text color="gray">
					{'  '}
					{[moreDone > 0 ? `✔ ${moreDone} done` : '', moreRunning > 0 ? `${moreRunning} more running` : ''].filter(Boolean).join(' · ')}
				</Text>
			) : null}
			{live.messages.length > 0 ? (
				<Box flexDirection="column" marginLeft={2}>
					{live.messages.map((message, index) => (
						<Text key={index} color="gray">
							{message}
						</Text>
					))}
				</Box>
			) : null}
			{/* The steps to come, below what the running one is doing. */}
			<StepList steps={live.steps.filter((step) => step.status === 'pending')} live={state.busy} />
			{live.morePending.length > 0 ? (
				<Text color="gray" wrap="truncate-end">
					○ then: {live.morePending.map((step) => step.title).join(' · ')}
				</Text>
			) : null}
			{question ? <QuestionPrompt question={question} /> : null}
			{summary.length > 0 ? (
				<Box flexDirection="column" marginTop={1}>
					<ScrollLines lines={summary} height={summaryHeight} width={columns} isActive={!question} fromEnd={endsWithNextSteps(outcome)} />
				</Box>
			) : null}
			{failure ? <ErrorPanel failure={failure} /> : null}
			{cancelling ? <Text color="yellow">Cancelling… (Ctrl-C again quits at once)</Text> : null}
			{showFooter ? <Text color="gray">{footer}</Text> : null}
		</Box>
	);
}

function QuestionPrompt({question}: {readonly question: NonNullable<UiState['question']>}) {
	return question.kind === 'confirm' ? (
		<ConfirmPrompt question={question.question} plan={question.plan} onAnswer={question.answer} />
	) : (
		<TypedConfirm question={question.question} expected={question.expected} plan={question.plan} onAnswer={question.answer} />
	);
}

/** A load's outcome ends with what to do next and the command that repeats it: when it is taller than the screen, those are what it opens on. */
function endsWithNextSteps(outcome: UiState['outcome']): boolean {
	return typeof outcome?.data?.repeat === 'string';
}
