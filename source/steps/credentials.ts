// Which AWS identity the tool acts as: the standard credential chain (environment, shared
// config and credentials files, SSO, a --profile), checked with STS GetCallerIdentity.
// The tool's own settings never hold a secret: keys a user types are written, once they
// confirm, to a named profile of the AWS shared credentials file (mode 0600), as
// `aws configure` does, and used from there.

import {GetCallerIdentityCommand} from '@aws-sdk/client-sts';
import type {AwsClients} from '../aws/clients.js';
import {translateAwsError} from '../aws/errors.js';
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
		return {
			destructive: false,
			actions: [{action: 'read', resource: 'the caller identity (STS)', detail: `${profile ? `profile ${profile}` : 'default credential chain'}, ${region}`}],
		};
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
