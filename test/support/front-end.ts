// A front end for tests that remembers what it was given and answers every question yes.

import type {StepEvent} from '../../source/core/events.js';
import type {FrontEnd, Outcome} from '../../source/core/front-end.js';

export type RecordingFrontEnd = FrontEnd & {events: StepEvent[]; outcomes: Outcome[]; notices: string[]};

export function recordingFrontEnd(answers: {confirm?: boolean; typed?: boolean} = {}): RecordingFrontEnd {
	const events: StepEvent[] = [];
	const outcomes: Outcome[] = [];
	const notices: string[] = [];
	return {
		events,
		outcomes,
		notices,
		report: (event) => void events.push(event),
		notice: (message) => void notices.push(message),
		confirm: async () => answers.confirm ?? true,
		confirmByTyping: async () => answers.typed ?? true,
		outcome: (outcome) => void outcomes.push(outcome),
		failure: () => {},
	};
}
