// The wizard's flows, as plain async functions: the local setup, the Redshift setup (whole,
// or resumed where it stopped), and the single steps the menu offers that ask something
// first. Each returns the exit code of the last command it ran, or undefined when the user
// stepped back before anything ran. Nothing here draws: the WizardUi does.

import type {ClusterChoice, CredentialsChoice, WizardUi} from './wizard-ui.js';

/** The Redshift setup, in order; the wizard resumes at the first step not yet done. */
const redshiftSetupSteps = ['credentials', 'sizing', 'role', 'cluster', 'network', 'run'] as const;
export type SetupStep = (typeof redshiftSetupSteps)[number];

export type SetupState = {
	readonly target?: 'local' | 'redshift';
	readonly steps: Readonly<Record<string, {readonly status: string}>>;
};

/** Where an unfinished setup goes on: `target` when none was chosen, undefined when all is done. */
export function resumePoint(settings: SetupState): SetupStep | 'target' | undefined {
	if (!settings.target) return 'target';
	const done = (id: string) => settings.steps[id]?.status === 'done';
	if (settings.target === 'local') return done('check') ? undefined : 'run';
	return redshiftSetupSteps.find((id) => (id === 'run' ? !done('check') : !done(id)));
}

/** The data asked for, remembered, and handed to the commands as their `source` (none: their default). */
async function chooseSource(ui: WizardUi, target: 'local' | 'redshift'): Promise<{source?: string} | undefined> {
	const choice = await ui.askSource(target);
	if (!choice) return undefined;
	const source = await ui.rememberSource(choice);
	return source ? {source} : {};
}

/** The remembered source when it fits the target (a folder on this machine, s3:// on Redshift): what the menu's loads read. */
export function rememberedSource(target: 'local' | 'redshift', source: string | undefined): {source?: string} {
	if (!source || source.startsWith('s3://') !== (target === 'redshift')) return {};
	return {source};
}

export async function localSetup(ui: WizardUi): Promise<number | undefined> {
	const source = await chooseSource(ui, 'local');
	if (!source) return undefined;
	return (await ui.run('run', {target: 'local', ...source})).exit;
}

/** Checks the identity the user chose (saving typed keys first). */
async function checkCredentials(ui: WizardUi, choice: CredentialsChoice): Promise<number> {
	if (choice.keys && choice.profile) ui.saveKeys(choice.profile, choice.keys);
	return (await ui.run('credentials', {region: choice.region, ...(choice.profile ? {profile: choice.profile} : {})})).exit;
}

/** Who may reach the port: this machine by default; wider than a /16 needs allowWorld (the step asks again). */
function access(choice: ClusterChoice) {
	if (!choice.cidr) return {};
	return {cidr: choice.cidr, ...(Number(choice.cidr.split('/')[1]) < 16 ? {allowWorld: true} : {})};
}

/**
 * The Redshift setup from `from` on. Sizing, naming and access are asked before anything is
 * made; then each step that creates something runs in order (`cluster` makes the role too,
 * after its whole plan is confirmed), and the first that does not succeed ends the setup.
 */
export async function redshiftSetup(ui: WizardUi, from: SetupStep = 'credentials'): Promise<number | undefined> {
	if (from === 'credentials') {
		const choice = await ui.askCredentials();
		if (!choice) return undefined;
		const checked = await checkCredentials(ui, choice);
		if (checked !== 0) return checked;
	}
	if (from === 'credentials' || from === 'sizing') {
		const offered = await ui.run('sizing', {});
		if (offered.exit !== 0 || !offered.result) return offered.exit;
		const size = await ui.askSize(offered.result);
		if (!size) return undefined;
		const named = await ui.askCluster();
		if (!named) return undefined;
		// Asked before the cluster is made: its role may read only the bucket chosen.
		const source = await chooseSource(ui, 'redshift');
		if (!source) return undefined;
		const {clusterId} = named;
		for (const step of [
			() => ui.run('sizing', {nodeType: size.nodeType, nodes: size.nodes, clusterId}),
			() => ui.run('cluster', {clusterId, ...source}),
			() => ui.run('network', {clusterId, ...access(named)}),
			() => ui.run('run', {target: 'redshift', clusterId, ...source}),
		]) {
			const {exit} = await step();
			if (exit !== 0) return exit;
		}
		return 0;
	}
	// Resumed past the questions: the answers are remembered, each remaining step runs as it is.
	let exit = 0;
	for (const step of redshiftSetupSteps.slice(redshiftSetupSteps.indexOf(from))) {
		exit = (step === 'run' ? await ui.run('run', {target: 'redshift'}) : await ui.run(step, {})).exit;
		if (exit !== 0) return exit;
	}
	return exit;
}

/** The menu's credentials: asked, checked, remembered. */
export async function changeCredentials(ui: WizardUi): Promise<number | undefined> {
	const choice = await ui.askCredentials();
	return choice ? checkCredentials(ui, choice) : undefined;
}

/** The menu's sizing: what the region offers, then the size chosen is remembered. */
export async function changeSize(ui: WizardUi): Promise<number | undefined> {
	const offered = await ui.run('sizing', {});
	if (offered.exit !== 0 || !offered.result) return offered.exit;
	const size = await ui.askSize(offered.result);
	if (!size) return undefined;
	return (await ui.run('sizing', {nodeType: size.nodeType, nodes: size.nodes})).exit;
}
