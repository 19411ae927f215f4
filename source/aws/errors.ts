// AWS errors as one sentence and what to do. SDK v3 names errors after their shapes
// (ClusterAlreadyExistsFault, EntityAlreadyExistsException); EC2's are not modelled and
// keep their wire codes (InvalidPermission.Duplicate). Below the API, the network has its
// own failures (refused, no such host, no answer, cancelled), and an endpoint such as an
// emulator may not implement a call at all (it answers with an HTML page): each of those is
// one sentence too. Anything unknown passes through, and is a bug.

import {CancelledError, UserError} from '../core/errors.js';
import {redact} from '../core/redact.js';

/** Per error: the sentence, what to do on the command line, and (where that names a flag) what to do in the wizard. */
const known: Record<string, [string, string, string?]> = {
	CredentialsProviderError: [
		'No AWS credentials were found',
		'Run `aws configure` (or `aws sso login`), set AWS_PROFILE, or pass --profile.',
		"Run `aws configure` (or `aws sso login`), or choose a profile in the menu's AWS credentials.",
	],
	ExpiredToken: ['The AWS session has expired', 'Sign in again (`aws sso login`, or refresh the temporary keys).'],
	ExpiredTokenException: ['The AWS session has expired', 'Sign in again (`aws sso login`, or refresh the temporary keys).'],
	InvalidClientTokenId: [
		'AWS does not know this access key',
		'Check the access key id, or choose another profile with --profile.',
		"Check the access key id, or choose another profile in the menu's AWS credentials.",
	],
	SignatureDoesNotMatch: ['AWS refused the secret access key', 'Check the secret key in the profile (`aws configure`).'],
	UnrecognizedClientException: [
		'AWS does not know these credentials',
		'Check the access key, or choose another profile with --profile.',
		"Check the access key, or choose another profile in the menu's AWS credentials.",
	],
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

type NetworkError = Error & {code?: string; hostname?: string; address?: string; port?: number; $response?: {statusCode?: number}};

/** True when the endpoint answered with something that is not this API (an emulator's "not implemented" page). */
export function isUnsupportedApi(error: unknown): boolean {
	const message = (error as Error)?.message ?? '';
	return /XML parse error|Deserialization error|not (yet )?implemented/i.test(message) || awsErrorName(error) === 'NotImplemented';
}

/** "redshift.us-west-99.amazonaws.com" → "us-west-99". */
function regionOfHost(host: string | undefined): string | undefined {
	return /\.([a-z]{2}(?:-[a-z]+)+-\d{1,2})\.amazonaws\.com(\.cn)?$/.exec(host ?? '')?.[1];
}

/** The network's own failures, in words; undefined when the error is not one of them. */
function networkFailure(error: NetworkError, doing: string): UserError | undefined {
	const code = error.code ?? '';
	const where = error.hostname ?? (error.address ? `${error.address}${error.port ? `:${error.port}` : ''}` : undefined);
	if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
		const region = regionOfHost(error.hostname);
		return new UserError(
			region
				? `Could not reach AWS at ${error.hostname} while ${doing}: this machine is offline, or there is no region ${region}.`
				: `Could not find the host ${where ?? 'of the AWS endpoint'} while ${doing}: this machine is offline, or the name is wrong.`,
			{
				hint: region ? 'Check the network connection, and the region (--region, e.g. us-west-2).' : 'Check the network connection, and AWS_ENDPOINT_URL if it is set.',
				code: 'aws_unreachable',
				cause: error,
			},
		);
	}
	if (code === 'ECONNREFUSED') {
		return new UserError(`Nothing accepts connections at ${where ?? 'the AWS endpoint'} while ${doing}.`, {
			hint: 'If AWS_ENDPOINT_URL points at an emulator, start it (or unset the variable); otherwise check the network and any proxy.',
			code: 'aws_refused',
			cause: error,
		});
	}
	if (error.name === 'TimeoutError' || code === 'ETIMEDOUT' || code === 'ECONNRESET' || code === 'EPIPE' || error.name === 'RequestTimeout') {
		return new UserError(`The AWS endpoint${where ? ` at ${where}` : ''} did not answer in time while ${doing}.`, {
			hint: 'Check the network connection (and AWS_ENDPOINT_URL if it is set), then run the step again.',
			code: 'aws_silent',
			cause: error,
		});
	}
	return undefined;
}

/** A named profile that the shared files do not have: say its name. */
function missingProfile(error: Error): UserError | undefined {
	const profile = /profile[:\s]+\[?([^\]\s]+)\]?/i.exec(error.message ?? '')?.[1];
	if (awsErrorName(error) !== 'CredentialsProviderError' || !profile || !/could not resolve|not found|does not exist/i.test(error.message)) return undefined;
	return new UserError(`There is no AWS profile "${profile.replace(/[.,]$/, '')}" in the shared config or credentials files.`, {
		hint: 'Check the name with `aws configure list-profiles`, or leave --profile out to use the default credentials.',
		wizardHint: 'Check the name with `aws configure list-profiles`, or choose another in Settings → AWS profile.',
		code: 'aws_no_profile',
		cause: error,
	});
}

/** The error as a UserError when it is one the user can act on; otherwise unchanged. */
export function translateAwsError(error: unknown, doing: string): unknown {
	if (error instanceof UserError || error instanceof CancelledError) return error;
	const name = awsErrorName(error);
	if (name === 'AbortError') return new CancelledError();
	if (error instanceof Error) {
		const specific = missingProfile(error) ?? networkFailure(error as NetworkError, doing);
		if (specific) return specific;
		if (isUnsupportedApi(error)) {
			return new UserError(`The AWS endpoint does not implement the call used for ${doing}.`, {
				hint: 'An emulator (AWS_ENDPOINT_URL) may lack it; against AWS itself, report it with the log file.',
				code: 'aws_unsupported',
				cause: error,
			});
		}
	}
	const entry = known[name];
	if (!entry) return error;
	const detail = (error as Error).message ? ` (${redact((error as Error).message).slice(0, 200)})` : '';
	return new UserError(`${entry[0]} while ${doing}${detail}.`, {hint: entry[1], ...(entry[2] ? {wizardHint: entry[2]} : {}), code: `aws_${name}`, cause: error});
}
