// The wizard's first question: where the warehouse lives.

import {Box, Text} from 'ink';
import {SelectList} from '../components/select-list.js';

export type Target = 'local' | 'redshift';

export function TargetScreen({onChoose}: {readonly onChoose: (target: Target) => void}) {
	return (
		<Box flexDirection="column">
			<Text bold>Where should the Sparkify warehouse live?</Text>
			<SelectList<Target>
				items={[
					{label: 'On this machine', value: 'local', hint: 'embedded PostgreSQL: free, nothing to install'},
					{label: 'Amazon Redshift', value: 'redshift', hint: 'needs an AWS account; the cluster is billed by the hour'},
				]}
				onSelect={onChoose}
			/>
			<Text color="gray">↑↓ to move, Enter to choose, Ctrl-C to quit</Text>
		</Box>
	);
}
