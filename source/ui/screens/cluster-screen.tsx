// The cluster's name and who may connect to it, asked after its size: the name checked
// against Redshift's identifier rules and the address range as CIDR, as they are typed.
// An empty range means this machine's own address (/32); the whole internet (/0) is
// allowed only after its own warned confirmation, which the network step asks for. The name,
// once given, stays on screen as one line above the next question.

import {Box, Text} from 'ink';
import {useState} from 'react';
import type {Validators} from '../actions.js';
import {TextField} from '../components/text-field.js';

import type {ClusterChoice} from '../../flows/wizard-ui.js';

export function ClusterScreen(props: {
	readonly validators: Validators;
	readonly initialId?: string;
	readonly onDone: (choice: ClusterChoice) => void;
	readonly onCancel?: () => void;
}) {
	const [clusterId, setClusterId] = useState<string | undefined>();
	return (
		<Box flexDirection="column">
			<Text bold>The cluster</Text>
			{clusterId === undefined ? (
				<TextField
					label="Name:"
					defaultValue={props.initialId ?? 'sparkify-dwh'}
					validate={(value) => props.validators.clusterId(value.toLowerCase())}
					onSubmit={(value) => setClusterId(value.toLowerCase())}
					{...(props.onCancel ? {onCancel: props.onCancel} : {})}
				/>
			) : (
				<>
					<Text>
						<Text color="green">✔</Text> Name: <Text color="cyan">{clusterId}</Text>
					</Text>
					<TextField
						label="Allow connections from:"
						placeholder="this machine's address (/32)"
						validate={(value) => (value === '' ? undefined : props.validators.cidr(value))}
						onSubmit={(value) => props.onDone({clusterId, ...(value ? {cidr: value} : {})})}
						onCancel={() => setClusterId(undefined)}
					/>
					<Text color="gray">Empty: only this machine. A range like 203.0.113.0/24; 0.0.0.0/0 (everyone) asks again.</Text>
				</>
			)}
		</Box>
	);
}
