// The wizard without Ink (`sparkify-dwh --plain` in a terminal): the setup flows run against
// the plain WizardUi, their commands printed as lines. Where the plain questions meet the
// commands, as actions.ts is for the Ink app.

import {select} from '@inquirer/prompts';
import {exitCodes} from '../commands/exit-codes.js';
import type {CommandName, InputOf} from '../commands/registry.js';
import {openSettings} from '../config/settings.js';
import type {Context} from '../core/context.js';
import {localSetup, redshiftSetup, resumePoint} from '../flows/setup.js';
import type {FrontEnd} from '../core/front-end.js';
import {plainWizardUi} from '../plain/wizard-ui.js';
import {sharedCredentialsFile} from '../aws/credentials-file.js';
import {awsProfileNames, saveTypedKeys} from './aws-profiles.js';
import {rememberSource} from './source-choice.js';
import {validators} from './validators.js';

/** `sessionSource`: the data given with `sparkify-dwh --plain --source DIR`, offered first at the data question. */
export async function runPlainWizard(ctx: Context, frontEnd: FrontEnd, signal: AbortSignal, sessionSource?: string): Promise<number> {
	const store = openSettings(ctx.paths);
	const output = process.stderr;
	if (resumePoint(store.get()) === 'target') {
		const target = await select(
			{
				message: 'Where should the warehouse run?',
				choices: [
					{name: 'Locally: an embedded PostgreSQL, nothing to set up', value: 'local' as const},
					{name: 'Amazon Redshift: needs an AWS account (billed by the hour)', value: 'redshift' as const},
				],
			},
			{signal, output},
		);
		store.update((settings) => ({...settings, target}));
	}
	const settings = store.get();
	const from = resumePoint(settings);
	if (from === undefined || from === 'target') {
		frontEnd.notice('The warehouse is set up and its checks passed. `sparkify-dwh --help` lists what you can run.');
		return exitCodes.ok;
	}
	const {execute, rememberingOutcomes} = await import('../cli/dispatch.js');
	const {defaultInput} = await import('../cli/args.js');
	const run = async <Name extends CommandName>(name: Name, input: Partial<InputOf<Name>> = {}) =>
		execute(name, {...defaultInput(name, ctx.env), ...input}, {ctx, frontEnd: rememberingOutcomes(frontEnd, name, ctx.paths, ctx.log), signal});
	const aws = settings.aws ?? {};
	const source = sessionSource ?? settings.source;
	const ui = plainWizardUi({
		run,
		saveKeys: (profile, keys) => saveTypedKeys(ctx.env, profile, keys),
		rememberSource: async (choice) => rememberSource(store, choice),
		profiles: awsProfileNames(ctx.env),
		credentialsFile: sharedCredentialsFile(ctx.env),
		remembered: {
			...(aws.region ? {region: aws.region} : {}),
			...(aws.clusterId ? {clusterId: aws.clusterId} : {}),
			...(aws.nodeType ? {nodeType: aws.nodeType} : {}),
			...(aws.nodes ? {nodes: aws.nodes} : {}),
			...(source ? {source} : {}),
		},
		validators,
		signal,
		output,
	});
	const code = settings.target === 'redshift' ? await redshiftSetup(ui, from) : await localSetup(ui);
	return code ?? exitCodes.declined;
}
