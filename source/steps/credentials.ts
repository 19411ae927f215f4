// Which AWS identity the tool acts as: the standard credential chain (environment, shared
// config and credentials files, SSO, a --profile), checked with STS GetCallerIdentity.
// The tool's own settings never hold a secret: keys a user types are written, once they
// confirm, to a named profile of the AWS shared credentials file (mode 0600), as
// `aws configure` does, and used from there.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {GetCallerIdentityCommand} from '@aws-sdk/client-sts';
import type {AwsClients} from '../aws/clients.js';
import {translateAwsError} from '../aws/errors.js';
import {UserError} from '../core/errors.js';
import type {Step} from '../core/step.js';

export type CredentialsOptions = {
	readonly clients: AwsClients;
	readonly region: string;
	readonly profile?: string;
};

export type Identity = {
	readonly account: string;
	readonly arn: string;
	readonly region: string;
	readonly profile?: string;
};

export const credentialsStep: Step<CredentialsOptions, Identity> = {
	id: 'credentials',
	title: 'Check the AWS credentials',
	async plan(_ctx, {profile, region}) {
		return {destructive: false, actions: [{action: 'read', resource: 'the caller identity (STS)', detail: `${profile ? `profile ${profile}` : 'default credential chain'}, ${region}`}]};
	},
	async run(_ctx, {clients, region, profile}) {
		try {
			const identity = await clients.sts.send(new GetCallerIdentityCommand({}));
			return {account: identity.Account ?? '', arn: identity.Arn ?? '', region, ...(profile ? {profile} : {})};
		} catch (error) {
			throw translateAwsError(error, 'checking who these credentials belong to');
		}
	},
};

const accessKeyId = /^(AKIA|ASIA)[A-Z0-9]{16}$/;
const profileName = /^[A-Za-z0-9_.+-]{1,64}$/;

/** The shared credentials file, where the AWS CLI and SDKs look for it. */
export function sharedCredentialsFile(env: NodeJS.ProcessEnv = process.env): string {
	return env.AWS_SHARED_CREDENTIALS_FILE || path.join(os.homedir(), '.aws', 'credentials');
}

export function validateKeys(keys: {accessKeyId: string; secretAccessKey: string}): string | undefined {
	if (!accessKeyId.test(keys.accessKeyId.trim())) return 'An access key id is 20 characters starting with AKIA (or ASIA).';
	if (keys.secretAccessKey.trim().length !== 40) return 'A secret access key is 40 characters.';
	return undefined;
}

/**
 * Writes (or replaces) one profile in the shared credentials file, keeping every other
 * profile and line as it was. The file is made, or left, mode 0600.
 */
export function writeCredentialsProfile(
	file: string,
	profile: string,
	keys: {accessKeyId: string; secretAccessKey: string; sessionToken?: string},
): void {
	if (!profileName.test(profile)) throw new UserError(`"${profile}" cannot be a profile name.`, {hint: 'Use letters, digits, and - _ . +', code: 'usage'});
	const problem = validateKeys(keys);
	if (problem) throw new UserError(problem, {code: 'usage'});
	const existing = fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split(/\r?\n/) : [];
	const kept: string[] = [];
	let inProfile = false;
	for (const line of existing) {
		const header = /^\s*\[([^\]]+)\]\s*$/.exec(line);
		if (header) inProfile = header[1]!.trim() === profile;
		if (!inProfile) kept.push(line);
	}
	while (kept.length > 0 && kept.at(-1)!.trim() === '') kept.pop();
	const section = [
		`[${profile}]`,
		`aws_access_key_id = ${keys.accessKeyId.trim()}`,
		`aws_secret_access_key = ${keys.secretAccessKey.trim()}`,
		...(keys.sessionToken ? [`aws_session_token = ${keys.sessionToken.trim()}`] : []),
	];
	fs.mkdirSync(path.dirname(file), {recursive: true, mode: 0o700});
	const text = `${[...kept, ...(kept.length > 0 ? [''] : []), ...section].join('\n')}\n`;
	const temporary = `${file}.${process.pid}.tmp`;
	fs.writeFileSync(temporary, text, {mode: 0o600});
	fs.renameSync(temporary, file);
	fs.chmodSync(file, 0o600);
}
