// A failure in a box: what went wrong, what to do, and where the full detail is.

import {Box, Text} from 'ink';
import type {FailureView} from '../store.js';

export function ErrorPanel({failure}: {readonly failure: FailureView}) {
	return (
		<Box flexDirection="column" borderStyle="round" borderColor="red" paddingX={1}>
			<Text color="red" bold>
				✖ {failure.message}
			</Text>
			{failure.hint ? <Text>What to do: {failure.hint}</Text> : null}
			{failure.logFile ? <Text color="gray">Details: {failure.logFile}</Text> : null}
		</Box>
	);
}
