// The rules the screens check as the user types: the same functions the steps apply, so a
// value the screen accepts is never refused later for a reason it did not show.

import {validateKeys, validateProfileName} from '../aws/credentials-file.js';
import {validateCidr, validateClusterId, validateRegion} from '../aws/validate.js';
import type {Validators} from '../ui/actions.js';

export const validators: Validators = {
	region: (value) => validateRegion(value),
	clusterId: (value) => validateClusterId(value),
	cidr: (value) => validateCidr(value),
	accessKeyId: (value) => (/^(AKIA|ASIA)[A-Z0-9]{16}$/.test(value) ? undefined : 'An access key id is 20 characters starting with AKIA (or ASIA).'),
	secretAccessKey: (value) => validateKeys({accessKeyId: 'AKIAAAAAAAAAAAAAAAAA', secretAccessKey: value}),
	profileName: (value) => validateProfileName(value),
};
