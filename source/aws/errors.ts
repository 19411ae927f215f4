// AWS errors as one sentence and what to do. SDK v3 names errors after their shapes
// (ClusterAlreadyExistsFault, EntityAlreadyExistsException); EC2's are not modelled and
// keep their wire codes (InvalidPermission.Duplicate). Anything unknown passes through.

import {UserError} from '../core/errors.js';
import {redact} from '../core/redact.js';

const known: Record<string, [string, string]> = {
	CredentialsProviderError: ['No AWS credentials were found', 'Run `aws configure` (or `aws sso login`), set AWS_PROFILE, or pass --profile.'],
	ExpiredToken: ['The AWS session has expired', 'Sign in again (`aws sso login`, or refresh the temporary keys).'],
	ExpiredTokenException: ['The AWS session has expired', 'Sign in again (`aws sso login`, or refresh the temporary keys).'],
	InvalidClientTokenId: ['AWS does not know this access key', 'Check the access key id, or choose another profile with --profile.'],
	SignatureDoesNotMatch: ['AWS refused the secret access key', 'Check the secret key in the profile (`aws configure`).'],
	UnrecognizedClientException: ['AWS does not know these credentials', 'Check the access key, or choose another profile with --profile.'],
	AccessDenied: ['AWS denied the request', 'Give this identity the permissions listed in the README ("On AWS").'],
	AccessDeniedException: ['AWS denied the request', 'Give this identity the permissions listed in the README ("On AWS").'],
	UnauthorizedOperation: ['AWS denied the request', 'Give this identity the permissions listed in the README ("On AWS").'],
	ClusterQuotaExceededFault: ['The account has reached its quota of Redshift clusters', 'Delete a cluster you no longer need, or ask AWS for a higher quota.'],
	NumberOfNodesQuotaExceededFault: ['The account has reached its quota of Redshift nodes', 'Choose fewer nodes, or ask AWS for a higher quota.'],
	NumberOfNodesPerClusterLimitExceededFault: ['That node type does not allow so many nodes in one cluster', 'Choose fewer nodes, or a larger node type.'],
	InsufficientClusterCapacityFault: ['AWS has no capacity for that node type in this region right now', 'Try another node type or region, or again later.'],
	InvalidVPCNetworkStateFault: ['The VPC is not set up for Redshift (its subnet group does not cover the zones)', 'Use the default VPC, or create a cluster subnet group.'],
	LimitExceededException: ['An AWS account limit was reached', 'Remove unused resources of that kind, or ask AWS for a higher limit.'],
	MalformedPolicyDocumentException: ['IAM refused the policy document (a bug in sparkify-dwh)', 'Report it with the log file.'],
	DependentServiceRequestThrottlingFault: ['AWS is throttling requests', 'Wait a minute and run the step again.'],
	ThrottlingException: ['AWS is throttling requests', 'Wait a minute and run the step again.'],
};

export function awsErrorName(error: unknown): string {
	return (error as {name?: string; Code?: string})?.name ?? (error as {Code?: string})?.Code ?? '';
}

/** The error as a UserError when it is one the user can act on; otherwise unchanged. */
export function translateAwsError(error: unknown, doing: string): unknown {
	const name = awsErrorName(error);
	const entry = known[name];
	if (!entry) return error;
	const detail = (error as Error).message ? ` (${redact((error as Error).message).slice(0, 200)})` : '';
	return new UserError(`${entry[0]} while ${doing}${detail}.`, {hint: entry[1], code: `aws_${name}`, cause: error});
}
