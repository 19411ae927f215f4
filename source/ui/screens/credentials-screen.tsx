// AWS credentials: a profile from the shared files, the default chain, or keys typed here
// (the secret masked) that are saved to a named profile — never to the tool's settings.
// Then the region, validated as typed.

import {Box, Text} from 'ink';
import {useState} from 'react';
import type {Validators} from '../actions.js';
import {SelectList} from '../components/select-list.js';
import {TextField} from '../components/text-field.js';

import type {CredentialsChoice} from '../../flows/wizard-ui.js';

type Stage = 'source' | 'key-id' | 'secret' | 'profile-name' | 'region';
const typeKeys = '\u0000keys';
const defaultChain = '\u0000chain';

export function CredentialsScreen(props: {
	readonly profiles: readonly string[];
	readonly validators: Validators;
	readonly initialRegion?: string;
	readonly onDone: (choice: CredentialsChoice) => void;
	readonly onCancel?: () => void;
}) {
	const [stage, setStage] = useState<Stage>('source');
	const [profile, setProfile] = useState<string | undefined>();
	const [accessKeyId, setAccessKeyId] = useState('');
	const [secretAccessKey, setSecret] = useState('');
	const {validators} = props;
	// Escape in any field goes back to the list, forgetting what was typed.
	const back = () => {
		setAccessKeyId('');
		setSecret('');
		setProfile(undefined);
		setStage('source');
	};
	return (
		<Box flexDirection="column">
			<Text bold>AWS credentials</Text>
			{stage === 'source' ? (
				<SelectList
					items={[
						...props.profiles.map((name) => ({label: `profile ${name}`, value: name})),
						{label: 'the default credential chain', value: defaultChain, hint: 'AWS_* variables, SSO, instance role'},
						{label: 'type access keys…', value: typeKeys, hint: 'saved to a profile of ~/.aws/credentials (0600)'},
					]}
					onSelect={(value) => {
						if (value === typeKeys) return setStage('key-id');
						setProfile(value === defaultChain ? undefined : value);
						setStage('region');
					}}
					{...(props.onCancel ? {onCancel: props.onCancel} : {})}
				/>
			) : null}
			{stage === 'key-id' ? <TextField label="Access key id:" validate={validators.accessKeyId} onSubmit={(value) => (setAccessKeyId(value), setStage('secret'))} onCancel={back} /> : null}
			{stage === 'secret' ? <TextField label="Secret access key:" mask validate={validators.secretAccessKey} onSubmit={(value) => (setSecret(value), setStage('profile-name'))} onCancel={back} /> : null}
			{stage === 'profile-name' ? (
				<TextField label="Save as profile:" initial="sparkify-dwh" validate={validators.profileName} onSubmit={(value) => (setProfile(value), setStage('region'))} onCancel={back} />
			) : null}
			{stage === 'region' ? (
				<TextField
					label="Region:"
					initial={props.initialRegion ?? 'us-west-2'}
					validate={validators.region}
					onCancel={back}
					onSubmit={(region) =>
						props.onDone({region, ...(profile ? {profile} : {}), ...(accessKeyId ? {keys: {accessKeyId, secretAccessKey}} : {})})
					}
				/>
			) : null}
			{stage === 'region' ? <Text color="gray">The public Sparkify bucket is in us-west-2; a cluster elsewhere pays cross-region transfer.</Text> : null}
		</Box>
	);
}
