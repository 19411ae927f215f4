// Which data to load: on this machine the generated sample (synthetic, and said so) or a
// folder of the user's own, checked as it is typed; on Redshift the public bucket or an S3
// location of the user's own. The remembered choice is marked first. Esc in a field goes
// back to the list; Esc in the list steps back out of the question.

import {Box, Text} from 'ink';
import {useState} from 'react';
import {defaultSample} from '../../commands/default-sample.js';
import {publicSource} from '../../aws/public-source.js';
import {realSample} from '../../commands/real-sample.js';
import type {SourceChoice} from '../../flows/wizard-ui.js';
import type {Validators} from '../actions.js';
import {type SelectItem, SelectList} from '../components/select-list.js';
import {TextField} from '../components/text-field.js';

/** What the list offers: a kind of answer, or the real sample (a folder that needs no typing). */
type Kind = SourceChoice['kind'] | 'real';

const count = (value: number) => value.toLocaleString('en-US');

function items(target: 'local' | 'redshift'): SelectItem<Kind>[] {
	if (target === 'redshift') {
		return [
			{label: 'The public Sparkify bucket', value: 'default', hint: `${publicSource} (us-west-2), the real data`},
			{label: 'An S3 location of your own', value: 's3', hint: 'laid out like the bucket'},
		];
	}
	return [
		{label: 'The generated sample', value: 'default', hint: `synthetic: ${count(defaultSample.songs)} songs, ${count(defaultSample.events)} events`},
		{label: 'The real Sparkify sample', value: 'real', hint: `the public data, ${count(realSample.songs)} songs, ${count(realSample.events)} events`},
		{label: 'A folder of your own', value: 'folder', hint: 'with song_data/ and log_data/ in it'},
	];
}

export function SourceScreen(props: {
	readonly target: 'local' | 'redshift';
	readonly validators: Validators;
	/** The remembered source (a folder or s3:// location), offered first. */
	readonly initial?: string;
	readonly onDone: (choice: SourceChoice) => void;
	readonly onCancel?: () => void;
}) {
	const {target, validators, initial} = props;
	const offered = items(target);
	const remembered: Kind = initial ? (initial.startsWith('s3://') ? 's3' : initial === realSample.folder ? 'real' : 'folder') : 'default';
	const [typing, setTyping] = useState<'folder' | 's3' | undefined>();
	// Back from a field, the list marks the choice that led to it.
	const [marked, setMarked] = useState<Kind>(remembered);
	const initialIndex = Math.max(0, offered.findIndex((item) => item.value === marked));
	return (
		<Box flexDirection="column">
			<Text bold>{target === 'redshift' ? 'Which data should the cluster load?' : 'Which data should be loaded?'}</Text>
			{typing === undefined ? (
				<>
					<SelectList<Kind>
						items={offered}
						initialIndex={initialIndex}
						onSelect={(kind) => {
							setMarked(kind);
							if (kind === 'default') props.onDone({kind});
							else if (kind === 'real') props.onDone({kind: 'folder', location: realSample.folder});
							else setTyping(kind);
						}}
						{...(props.onCancel ? {onCancel: props.onCancel} : {})}
					/>
					<Text color="gray">↑↓ to move, Enter to choose, Esc to go back</Text>
				</>
			) : (
				<>
					<TextField
						label={typing === 'folder' ? 'Folder:' : 'S3 location:'}
						placeholder={typing === 'folder' ? '~/data/sparkify' : 's3://bucket/prefix'}
						{...(initial && remembered === typing ? {defaultValue: initial} : {})}
						validate={typing === 'folder' ? validators.sourceFolder : validators.s3Location}
						onSubmit={(location) => props.onDone({kind: typing, location})}
						onCancel={() => setTyping(undefined)}
					/>
					<Text color="gray">
						{typing === 'folder'
							? 'A copy of the public bucket, or one made by `sparkify-dwh generate --out DIR`.'
							: 'The cluster reads it with COPY, through the role the setup makes.'}
					</Text>
					<Text color="gray">Enter to use it, Esc to go back to the list</Text>
				</>
			)}
		</Box>
	);
}
