// The AWS shared credentials file, as `aws configure` writes it: keys a user types go to a
// named profile there (mode 0600), never into the tool's own settings. Plain file work, no
// AWS SDK, so the screens' validation can use the same rules.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {UserError} from '../core/errors.js';
import {writePrivateFile} from '../core/private-file.js';

const accessKeyId = /^(AKIA|ASIA)[A-Z0-9]{16}$/;
const profileName = /^[A-Za-z0-9_.+-]{1,64}$/;

export function validateProfileName(name: string): string | undefined {
	return profileName.test(name) ? undefined : 'A profile name is letters, digits and - _ . + only.';
}

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
export function writeCredentialsProfile(file: string, profile: string, keys: {accessKeyId: string; secretAccessKey: string; sessionToken?: string}): void {
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
	writePrivateFile(file, text);
}
