// The rules the screens check as the user types: the same functions the steps apply, so a
// value the screen accepts is never refused later for a reason it did not show.

import fs from 'node:fs';
import path from 'node:path';
import {validateKeys, validateProfileName} from '../aws/credentials-file.js';
import {validateCidr, validateClusterId, validateRegion} from '../aws/validate.js';
import {parseS3Uri} from '../etl/s3-location.js';
import {folderOf} from '../etl/source.js';
import type {Validators} from '../ui/actions.js';
import {folderLocation} from './source-choice.js';

/** Why a typed folder cannot be loaded: it must exist and hold song_data/ and log_data/. */
function validateSourceFolder(typed: string): string | undefined {
	if (typed.trim() === '') return 'Type the folder that holds song_data/ and log_data/.';
	const folder = folderLocation(typed);
	const stat = fs.statSync(folder, {throwIfNoEntry: false});
	if (!stat) return `There is no ${folder}.`;
	if (!stat.isDirectory()) return `${folder} is a file, not a folder.`;
	const missing = Object.values(folderOf).filter((inner) => !fs.statSync(path.join(folder, inner), {throwIfNoEntry: false})?.isDirectory());
	return missing.length === 0 ? undefined : `${folder} has no ${missing.map((inner) => `${inner}/`).join(' and no ')} in it.`;
}

function validateS3Location(typed: string): string | undefined {
	try {
		parseS3Uri(typed);
		return undefined;
	} catch {
		return 'Write it as s3://bucket/prefix (the folder holding song_data/ and log_data/).';
	}
}

function validateMaxErrors(typed: string): string | undefined {
	return /^\d{1,9}$/.test(typed.trim()) ? undefined : 'A whole number: 0 stops the load at the first bad record.';
}

export const validators: Validators = {
	region: (value) => validateRegion(value),
	clusterId: (value) => validateClusterId(value),
	cidr: (value) => validateCidr(value),
	accessKeyId: (value) => (/^(AKIA|ASIA)[A-Z0-9]{16}$/.test(value) ? undefined : 'An access key id is 20 characters starting with AKIA (or ASIA).'),
	secretAccessKey: (value) => validateKeys({accessKeyId: 'AKIAAAAAAAAAAAAAAAAA', secretAccessKey: value}),
	profileName: (value) => validateProfileName(value),
	sourceFolder: validateSourceFolder,
	s3Location: validateS3Location,
	maxErrors: validateMaxErrors,
};
