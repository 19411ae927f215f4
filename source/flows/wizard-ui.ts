// What the wizard's flows need from whoever shows them: run a command and get its result, and
// ask the few questions the setup has. The Ink app and the plain line front end both
// implement it, so a flow reads the same top to bottom whichever one the user sees.

import type {CommandName, InputOf, Ran} from '../commands/registry.js';
import type {SizingResult} from '../steps/sizing.js';

export type CredentialsChoice = {
	readonly profile?: string;
	readonly region: string;
	/** Keys typed in: written to the profile in the shared credentials file (0600), never to the settings. */
	readonly keys?: {readonly accessKeyId: string; readonly secretAccessKey: string};
};

export type SizeChoice = {readonly nodeType: string; readonly nodes: number};

/** The cluster's name, and who may reach its port (this machine when `cidr` is absent). */
export type ClusterChoice = {readonly clusterId: string; readonly cidr?: string};

/**
 * The data to load: the default (on this machine the generated sample, on Redshift the public
 * bucket), a folder of the user's own (checked as typed), or an S3 location (Redshift only).
 */
export type SourceChoice = {readonly kind: 'default'} | {readonly kind: 'folder' | 's3'; readonly location: string};

export interface WizardUi {
	/** Runs one command with its typed input (the rest of it defaulted, as on the command line). */
	run<Name extends CommandName>(name: Name, input?: Partial<InputOf<Name>>): Promise<Ran<Name>>;
	/** Each question resolves undefined when the user steps back (Esc). */
	askCredentials(): Promise<CredentialsChoice | undefined>;
	askSize(offered: SizingResult): Promise<SizeChoice | undefined>;
	askCluster(): Promise<ClusterChoice | undefined>;
	/** Which data to load, the remembered choice first; a folder is offered only on this machine, S3 only on Redshift. */
	askSource(target: 'local' | 'redshift'): Promise<SourceChoice | undefined>;
	/** Remembers the data chosen in the settings; resolves it as the commands take it (undefined: their default). */
	rememberSource(choice: SourceChoice): Promise<string | undefined>;
	saveKeys(profile: string, keys: NonNullable<CredentialsChoice['keys']>): void;
}
