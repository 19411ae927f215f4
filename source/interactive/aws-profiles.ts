// The AWS profiles the credentials question offers, and typed keys saved as a profile: shared
// by the Ink app and the plain wizard.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {sharedCredentialsFile, writeCredentialsProfile} from '../aws/credentials-file.js';

function profileNames(file: string, headerPattern: RegExp): string[] {
	try {
		return [...fs.readFileSync(file, 'utf8').matchAll(headerPattern)].map((match) => match[1]!.trim());
	} catch {
		return [];
	}
}

/** Profile names from the AWS shared credentials and config files, each once. */
export function awsProfileNames(env: NodeJS.ProcessEnv): string[] {
	const config = env.AWS_CONFIG_FILE || path.join(os.homedir(), '.aws', 'config');
	const names = [
		...profileNames(sharedCredentialsFile(env), /^\s*\[([^\]]+)\]\s*$/gm),
		...profileNames(config, /^\s*\[(?:profile\s+)?([^\]]+)\]\s*$/gm).filter((name) => !name.startsWith('sso-session')),
	];
	return [...new Set(names)];
}

/** Typed keys go to a profile of the shared credentials file (0600), never to the settings. */
export function saveTypedKeys(env: NodeJS.ProcessEnv, profile: string, keys: {readonly accessKeyId: string; readonly secretAccessKey: string}): void {
	writeCredentialsProfile(sharedCredentialsFile(env), profile, keys);
}
