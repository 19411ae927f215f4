// The wizard in plain lines: the same flows as the Ink app, its questions asked with
// @inquirer/prompts one under another (for screen readers, logs, terminals Ink draws badly).
// Running a command is handed in; this file only asks and answers.

import {confirm, input, number, password, select} from '@inquirer/prompts';
import type {CommandName, InputOf, Ran} from '../commands/registry.js';
import {realSample} from '../commands/real-sample.js';
import {publicSource} from '../aws/public-source.js';
import {defaultSample} from '../commands/default-sample.js';
import type {ClusterChoice, CredentialsChoice, SizeChoice, SourceChoice, WizardUi} from '../flows/wizard-ui.js';
import {checkChoice, costOf} from '../steps/sizing-rules.js';
import type {Validators} from '../ui/actions.js';

export type PlainWizardDeps = {
	readonly run: <Name extends CommandName>(name: Name, input?: Partial<InputOf<Name>>) => Promise<Ran<Name>>;
	readonly saveKeys: WizardUi['saveKeys'];
	readonly rememberSource: WizardUi['rememberSource'];
	readonly profiles: readonly string[];
	/** The shared credentials file typed keys would be saved to, named when asking. */
	readonly credentialsFile: string;
	/** What the settings remember, offered as each answer's default. */
	readonly remembered: {readonly region?: string; readonly clusterId?: string; readonly nodeType?: string; readonly nodes?: number; readonly source?: string};
	readonly validators: Validators;
	/** Ctrl-C: the question on screen is withdrawn. */
	readonly signal: AbortSignal;
	/** Where the questions are written (stderr: stdout stays the commands' own). */
	readonly output: NodeJS.WriteStream;
};

/** A prompt's validate: true, or the reason the value is refused. */
const check = (rule: (value: string) => string | undefined) => (value: string) => rule(value.trim()) ?? true;

export function plainWizardUi(deps: PlainWizardDeps): WizardUi {
	const context = {signal: deps.signal, output: deps.output};
	return {
		run: deps.run,
		saveKeys: deps.saveKeys,
		rememberSource: deps.rememberSource,
		async askSource(target): Promise<SourceChoice | undefined> {
			const own = target === 'redshift' ? ('s3' as const) : ('folder' as const);
			const remembered = deps.remembered.source;
			const fits = remembered !== undefined && remembered.startsWith('s3://') === (own === 's3');
			const count = (value: number) => value.toLocaleString('en-US');
			const real = remembered === realSample.folder;
			const kind = await select<SourceChoice['kind'] | 'real'>(
				{
					message: target === 'redshift' ? 'Which data should the cluster load?' : 'Which data should be loaded?',
					choices:
						target === 'redshift'
							? [
									{name: `the public Sparkify bucket (${publicSource}, us-west-2): the real data`, value: 'default'},
									{name: 'an S3 location of your own, laid out like the bucket', value: 's3'},
								]
							: [
									{name: `the generated sample: synthetic, ${count(defaultSample.songs)} songs and ${count(defaultSample.events)} events`, value: 'default'},
									{name: `the real Sparkify sample: the public data, ${count(realSample.songs)} songs and ${count(realSample.events)} events`, value: 'real'},
									{name: 'a folder of your own, with song_data/ and log_data/ in it', value: 'folder'},
								],
					default: real ? 'real' : fits ? own : 'default',
				},
				context,
			);
			if (kind === 'default') return {kind};
			if (kind === 'real') return {kind: 'folder', location: realSample.folder};
			const rule = own === 's3' ? deps.validators.s3Location : deps.validators.sourceFolder;
			const location = await input(
				{message: own === 's3' ? 'S3 location (s3://bucket/prefix):' : 'Folder:', ...(fits ? {default: remembered} : {}), validate: check(rule)},
				context,
			);
			return {kind: own, location: location.trim()};
		},
		async askCredentials(): Promise<CredentialsChoice | undefined> {
			const typeKeys = '\u0000keys';
			const chain = '\u0000chain';
			let profile: string | undefined;
			let keys: CredentialsChoice['keys'];
			// Asked again until the answer needs nothing written, or the user agrees to the write.
			for (;;) {
				const source = await select(
					{
						message: 'AWS credentials',
						choices: [
							...deps.profiles.map((name) => ({name: `profile ${name}`, value: name})),
							{name: 'the default chain (environment, SSO, instance role)', value: chain},
							{name: 'type an access key (saved to a profile of ~/.aws/credentials, 0600)', value: typeKeys},
						],
					},
					context,
				);
				profile = source === chain || source === typeKeys ? undefined : source;
				if (source !== typeKeys) break;
				const accessKeyId = (await input({message: 'Access key id:', validate: check(deps.validators.accessKeyId)}, context)).trim();
				const secretAccessKey = (await password({message: 'Secret access key:', mask: '*', validate: check(deps.validators.secretAccessKey)}, context)).trim();
				profile = (await input({message: 'Save them as profile:', default: 'sparkify-dwh', validate: check(deps.validators.profileName)}, context)).trim();
				// Nothing is written to ~/.aws without a yes.
				if (await confirm({message: `Save these keys to ${deps.credentialsFile} as profile ${profile}?`, default: false}, context)) {
					keys = {accessKeyId, secretAccessKey};
					break;
				}
				deps.output.write('  Not saved, and forgotten. Choose a profile or the default chain, or type the keys again.\n');
			}
			const region = (await input({message: 'Region:', default: deps.remembered.region ?? 'us-west-2', validate: check(deps.validators.region)}, context)).trim();
			return {region, ...(profile ? {profile} : {}), ...(keys ? {keys} : {})};
		},
		async askSize(offered): Promise<SizeChoice | undefined> {
			const nodeType = await select(
				{
					message: `Node type in ${offered.region} (price per node-hour)`,
					choices: offered.offers.map((offer) => {
						const price = costOf(offer, 1).dollarsPerHour;
						return {name: `${offer.nodeType.padEnd(12)} ${offer.vcpu} vCPU, ${offer.memoryGiB} GiB${price === undefined ? '' : `, $${price.toFixed(3)}/h`}`, value: offer.nodeType};
					}),
					...(deps.remembered.nodeType ? {default: deps.remembered.nodeType} : {}),
				},
				context,
			);
			const nodes = await number(
				{
					message: 'Nodes:',
					default: deps.remembered.nodes ?? 1,
					required: true,
					validate: (value) => (value === undefined ? 'How many nodes?' : (checkChoice(offered.offers, nodeType, value, offered.region) ?? true)),
				},
				context,
			);
			const cost = costOf(
				offered.offers.find((offer) => offer.nodeType === nodeType),
				nodes ?? 1,
			).dollarsPerHour;
			if (cost !== undefined) deps.output.write(`  about $${cost.toFixed(3)} per hour, $${Math.round(cost * offered.hoursPerMonth)} per month, until teardown\n`);
			return {nodeType, nodes: nodes ?? 1};
		},
		async askCluster(): Promise<ClusterChoice | undefined> {
			const clusterId = (
				await input(
					{message: 'Cluster name:', default: deps.remembered.clusterId ?? 'sparkify-dwh', validate: (value) => check(deps.validators.clusterId)(value.toLowerCase())},
					context,
				)
			)
				.trim()
				.toLowerCase();
			const cidr = (
				await input(
					{message: 'Who may connect (CIDR; empty: this machine only):', default: '', validate: (value) => value.trim() === '' || check(deps.validators.cidr)(value)},
					context,
				)
			).trim();
			return {clusterId, ...(cidr ? {cidr} : {})};
		},
	};
}
