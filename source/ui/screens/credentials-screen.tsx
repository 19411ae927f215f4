// AWS credentials: a profile from the shared files, the default chain, or keys typed here
// (the secret masked). Typed keys are saved to a named profile of the shared credentials
// file only after a yes on screen that names the file and the profile — never to the tool's
// settings; without that yes nothing is written and the keys are forgotten. Then the region,
// validated as typed. Each answer stays on screen as one line above the next question.

import os from 'node:os';
import {Box, Text} from 'ink';
import {useState} from 'react';
import {sharedCredentialsFile} from '../../aws/credentials-file.js';
import type {Validators} from '../actions.js';
import {SelectList} from '../components/select-list.js';
import {TextField} from '../components/text-field.js';
import {YesNo} from '../components/yes-no.js';

import type {CredentialsChoice} from '../../flows/wizard-ui.js';

type Stage = 'source' | 'key-id' | 'secret' | 'profile-name' | 'save' | 'region';
const typeKeys = '\u0000keys';
const defaultChain = '\u0000chain';

/** A path as the user would write it: the home folder as ~. */
function homeRelative(file: string, home = os.homedir()): string {
	return home && file.startsWith(`${home}/`) ? `~${file.slice(home.length)}` : file;
}

/** An access key id, recognisable but not whole (as `aws configure` shows it). */
const shortKeyId = (id: string) => `${id.slice(0, 4)}…${id.slice(-4)}`;

function Answered({label, value}: {readonly label: string; readonly value: string}) {
	return (
		<Text wrap="truncate-end">
			<Text color="green">✔</Text> {label} <Text color="cyan">{value}</Text>
		</Text>
	);
}

export function CredentialsScreen(props: {
	readonly profiles: readonly string[];
	readonly validators: Validators;
	readonly initialRegion?: string;
	/** The shared credentials file typed keys would go to (default: where the AWS SDKs look). */
	readonly credentialsFile?: string;
	readonly onDone: (choice: CredentialsChoice) => void;
	readonly onCancel?: () => void;
}) {
	const [stage, setStage] = useState<Stage>('source');
	const [profile, setProfile] = useState<string | undefined>();
	const [accessKeyId, setAccessKeyId] = useState('');
	const [secretAccessKey, setSecret] = useState('');
	const [declined, setDeclined] = useState(false);
	const {validators} = props;
	const file = homeRelative(props.credentialsFile ?? sharedCredentialsFile());
	const typing = accessKeyId !== '' || stage === 'key-id';
	// Escape in any field goes back to the list, forgetting what was typed.
	const back = () => {
		setAccessKeyId('');
		setSecret('');
		setProfile(undefined);
		setStage('source');
	};
	const source = typing ? 'access keys typed here' : profile ? `profile ${profile}` : 'the default credential chain';
	return (
		<Box flexDirection="column">
			<Text bold>AWS credentials</Text>
			{stage === 'source' ? (
				<>
					{declined ? (
						<Box flexDirection="column" marginBottom={1}>
							<Text color="yellow">Nothing was written to {file}, and the keys were forgotten.</Text>
							<Text wrap="wrap">
								To go on, choose a profile you already have, or the default credential chain (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY set before sparkify-dwh
								starts, SSO, an instance role); or type the keys again and answer y.
							</Text>
						</Box>
					) : null}
					<SelectList
						items={[
							...props.profiles.map((name) => ({label: `profile ${name}`, value: name})),
							{label: 'the default credential chain', value: defaultChain, hint: 'AWS_* variables, SSO, instance role'},
							{label: 'type access keys…', value: typeKeys, hint: `saved to a profile of ${file} (0600) if you say so`},
						]}
						onSelect={(value) => {
							setDeclined(false);
							if (value === typeKeys) return setStage('key-id');
							setProfile(value === defaultChain ? undefined : value);
							setStage('region');
						}}
						{...(props.onCancel ? {onCancel: props.onCancel} : {})}
					/>
				</>
			) : (
				<Answered label="Credentials:" value={source} />
			)}
			{accessKeyId && stage !== 'source' ? <Answered label="Access key id:" value={shortKeyId(accessKeyId)} /> : null}
			{secretAccessKey && stage !== 'source' ? <Answered label="Secret access key:" value="•••••••• (hidden)" /> : null}
			{typing && profile && stage !== 'source' ? <Answered label="Profile:" value={profile} /> : null}
			{typing && stage === 'region' ? <Answered label={`Save to ${file}:`} value="yes" /> : null}
			{stage === 'key-id' ? <TextField label="Access key id:" validate={validators.accessKeyId} onSubmit={(value) => {
				setAccessKeyId(value);
				setStage('secret');
			}} onCancel={back} /> : null}
			{stage === 'secret' ? <TextField label="Secret access key:" mask validate={validators.secretAccessKey} onSubmit={(value) => {
				setSecret(value);
				setStage('profile-name');
			}} onCancel={back} /> : null}
			{stage === 'profile-name' ? (
				<TextField label="Save as profile:" defaultValue="sparkify-dwh" validate={validators.profileName} onSubmit={(value) => {
					setProfile(value);
					setStage('save');
				}} onCancel={back} />
			) : null}
			{stage === 'save' ? (
				<YesNo
					question={`Save these keys to ${file} as profile ${profile}?`}
					onAnswer={(yes) => {
						if (yes) return setStage('region');
						back();
						setDeclined(true);
					}}
				/>
			) : null}
			{stage === 'region' ? (
				<TextField
					label="Region:"
					defaultValue={props.initialRegion ?? 'us-west-2'}
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
