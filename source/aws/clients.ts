// The one place AWS clients are made. Every client gets the same region, credentials
// (the standard chain, or a named profile), retry policy and endpoint: AWS_ENDPOINT_URL_<SERVICE>
// or AWS_ENDPOINT_URL when set, so the whole tool runs against LocalStack or moto as well.
// The SDK reads those variables too, but only in some versions and never for an explicit
// profile's config file; resolving them here makes the behaviour ours, and tested.

import {EC2Client} from '@aws-sdk/client-ec2';
import {IAMClient} from '@aws-sdk/client-iam';
import {PricingClient} from '@aws-sdk/client-pricing';
import {RedshiftClient} from '@aws-sdk/client-redshift';
import {S3Client} from '@aws-sdk/client-s3';
import {STSClient} from '@aws-sdk/client-sts';
import {fromIni, fromNodeProviderChain} from '@aws-sdk/credential-providers';
import {UserError} from '../core/errors.js';
import {validateRegion} from './validate.js';

export type AwsSettings = {
	readonly region: string;
	/** A profile of the shared config/credentials files; the default chain when absent. */
	readonly profile?: string;
	readonly env?: NodeJS.ProcessEnv;
	/** Attempts per request, retries included. */
	readonly maxAttempts?: number;
	/** Cancels every request in flight (Ctrl-C, or the UI quitting). */
	readonly signal?: AbortSignal;
	/** How long a TCP connection may take to open, and a request to be answered. */
	readonly connectTimeoutMs?: number;
	readonly requestTimeoutMs?: number;
};

/**
 * An endpoint that accepts a connection and never answers would otherwise hold a request for
 * ever: each attempt gets a deadline, and few attempts, so the worst case is well under a minute.
 */
const defaultTimeouts = {connectMs: 5000, requestMs: 15_000, maxAttempts: 3} as const;

/** The service ids of AWS_ENDPOINT_URL_<SERVICE>, as the SDKs name them. */
const serviceIds = {
	redshift: 'REDSHIFT',
	iam: 'IAM',
	ec2: 'EC2',
	sts: 'STS',
	s3: 'S3',
	pricing: 'PRICING',
} as const;

export type ServiceName = keyof typeof serviceIds;

/** The endpoint a service's client should use, if the environment overrides it. */
export function endpointFor(service: ServiceName, env: NodeJS.ProcessEnv = process.env): string | undefined {
	const specific = env[`AWS_ENDPOINT_URL_${serviceIds[service]}`]?.trim();
	const general = env.AWS_ENDPOINT_URL?.trim();
	const endpoint = specific || general;
	if (!endpoint) return undefined;
	// "localhost:4566" parses as a URL with the scheme "localhost:": only http(s) will do.
	let scheme: string | undefined;
	try {
		scheme = new URL(endpoint).protocol;
	} catch {
		scheme = undefined;
	}
	if (scheme !== 'http:' && scheme !== 'https:') {
		const name = specific ? `AWS_ENDPOINT_URL_${serviceIds[service]}` : 'AWS_ENDPOINT_URL';
		throw new UserError(`${name} is set to "${endpoint}", which is not an http:// or https:// URL.`, {
			hint: 'Set it to a full URL such as http://localhost:4566, or unset it.',
			code: 'bad_endpoint',
		});
	}
	return endpoint;
}

type CommonConfig = {
	region: string;
	credentials: ReturnType<typeof fromNodeProviderChain> | (() => Promise<{accessKeyId: string; secretAccessKey: string; sessionToken?: string}>);
	maxAttempts: number;
	requestHandler: {connectionTimeout: number; requestTimeout: number; throwOnRequestTimeout: boolean};
	endpoint?: string;
};

function commonConfig(settings: AwsSettings, service: ServiceName, region = settings.region): CommonConfig {
	const problem = validateRegion(region);
	if (problem) throw new UserError(problem, {code: 'bad_region'});
	const endpoint = endpointFor(service, settings.env);
	return {
		region,
		credentials: credentialsFor(settings),
		maxAttempts: settings.maxAttempts ?? defaultTimeouts.maxAttempts,
		// Without throwOnRequestTimeout, smithy only logs a warning when the deadline passes and goes on waiting.
		requestHandler: {
			connectionTimeout: settings.connectTimeoutMs ?? defaultTimeouts.connectMs,
			requestTimeout: settings.requestTimeoutMs ?? defaultTimeouts.requestMs,
			throwOnRequestTimeout: true,
		},
		...(endpoint ? {endpoint} : {}),
	};
}

/**
 * A named profile, else keys in the environment the tool was handed (which is the process's
 * own, except in tests and embedders that pass another), else the SDK's standard chain.
 */
function credentialsFor(settings: AwsSettings): CommonConfig['credentials'] {
	if (settings.profile) return fromIni({profile: settings.profile});
	const env = settings.env ?? process.env;
	const accessKeyId = env.AWS_ACCESS_KEY_ID?.trim();
	const secretAccessKey = env.AWS_SECRET_ACCESS_KEY?.trim();
	if (accessKeyId && secretAccessKey && env !== process.env) {
		const sessionToken = env.AWS_SESSION_TOKEN?.trim();
		return async () => ({accessKeyId, secretAccessKey, ...(sessionToken ? {sessionToken} : {})});
	}
	return fromNodeProviderChain();
}

export type AwsClients = {
	readonly redshift: RedshiftClient;
	readonly iam: IAMClient;
	readonly ec2: EC2Client;
	readonly sts: STSClient;
	readonly s3: S3Client;
	readonly pricing: PricingClient;
};

/** Clients are made on first use, so a step pays only for the services it calls. */
export function awsClients(settings: AwsSettings): AwsClients {
	const made = new Map<ServiceName, unknown>();
	const lazy = <T extends {send: unknown}>(service: ServiceName, make: () => T): T => {
		if (!made.has(service)) made.set(service, withSignal(make(), settings.signal));
		return made.get(service) as T;
	};
	return {
		get redshift() {
			return lazy('redshift', () => new RedshiftClient(commonConfig(settings, 'redshift')));
		},
		get iam() {
			// IAM is global; its API lives in us-east-1 whatever the cluster's region.
			return lazy('iam', () => new IAMClient(commonConfig(settings, 'iam', 'us-east-1')));
		},
		get ec2() {
			return lazy('ec2', () => new EC2Client(commonConfig(settings, 'ec2')));
		},
		get sts() {
			return lazy('sts', () => new STSClient(commonConfig(settings, 'sts')));
		},
		get s3() {
			// Path-style addressing when the endpoint is overridden: LocalStack and moto expect it.
			return lazy('s3', () => new S3Client({...commonConfig(settings, 's3'), forcePathStyle: Boolean(endpointFor('s3', settings.env))}));
		},
		get pricing() {
			// The Pricing API answers only in us-east-1 (and ap-south-1), for every region's prices.
			return lazy('pricing', () => new PricingClient(commonConfig(settings, 'pricing', 'us-east-1')));
		},
	};
}

/**
 * Every request of the client carries the cancel signal, so Ctrl-C stops a request in flight
 * rather than after it: one place, instead of an option on every call in every step. A call
 * that passes its own abortSignal keeps it.
 */
function withSignal<T extends {send: unknown}>(client: T, signal: AbortSignal | undefined): T {
	if (!signal) return client;
	const send = (client.send as (...args: unknown[]) => Promise<unknown>).bind(client);
	(client as {send: unknown}).send = (command: unknown, options?: unknown, callback?: unknown) =>
		typeof options === 'function' ? send(command, {abortSignal: signal}, options) : send(command, {abortSignal: signal, ...(options as object | undefined)}, callback);
	return client;
}
