// The settings store: what the user chose (target, source, AWS names and sizes) and what
// each step last did, saved after every step so an interrupted wizard resumes where it
// stopped. Never a secret: keys, passwords and tokens stay in the AWS credential chain or
// the warehouse's own 0600 file. One process writes it at a time (conf is not safe for
// two), which is why `watch` reads progress from the database instead.

import Conf, {type Schema} from 'conf';
import {UserError} from '../core/errors.js';
import type {HomePaths} from '../core/paths.js';

// conf writes through `atomically`, which loads `when-exit`; that answers every SIGINT or
// SIGTERM by killing this process with the same signal. Here the first Ctrl-C must cancel
// the running step cleanly (the process then exits by itself, and when-exit's cleanup
// still runs on 'exit'), so its signal handlers are taken off again, and only those.
for (const name of process.eventNames()) {
	if (typeof name !== 'string' || !name.startsWith('SIG')) continue;
	for (const listener of process.listeners(name as NodeJS.Signals)) {
		if (/this\.exit\(signal\)/.test(String(listener))) process.off(name, listener);
	}
}

export const settingsVersion = 1;

export type StepRecord = {
	readonly status: 'done' | 'failed' | 'cancelled';
	/** ISO time of the outcome. */
	readonly at: string;
	readonly detail?: string;
};

export type AwsSettings = {
	readonly profile?: string;
	readonly region?: string;
	readonly clusterId?: string;
	readonly nodeType?: string;
	readonly nodes?: number;
	readonly publiclyAccessible?: boolean;
	readonly cidr?: string;
	readonly databaseName?: string;
	readonly masterUsername?: string;
	readonly roleName?: string;
	readonly roleArn?: string;
	readonly securityGroupId?: string;
	readonly ingressRuleId?: string;
};

export type Settings = {
	readonly schemaVersion: number;
	readonly target?: 'local' | 'redshift';
	/** A folder or an s3:// location. */
	readonly source?: string;
	readonly maxErrors?: number;
	readonly aws?: AwsSettings;
	/** The outcome of each step the last time it ran, by step id. */
	readonly steps: Readonly<Record<string, StepRecord>>;
	/** The wizard's place: the id of the next step to show (ids, not indexes, survive reordering). */
	readonly resumeAt?: string;
};

const stepRecordSchema = {
	type: 'object',
	properties: {status: {enum: ['done', 'failed', 'cancelled']}, at: {type: 'string'}, detail: {type: 'string'}},
	required: ['status', 'at'],
	additionalProperties: false,
} as const;

const schema = {
	schemaVersion: {type: 'integer', minimum: 0},
	target: {enum: ['local', 'redshift']},
	source: {type: 'string'},
	maxErrors: {type: 'integer', minimum: 0},
	aws: {
		type: 'object',
		properties: {
			profile: {type: 'string'},
			region: {type: 'string', pattern: '^[a-z]{2}(-[a-z]+)+-\\d{1,2}$'},
			clusterId: {type: 'string', pattern: '^[a-z][a-z0-9-]{0,62}$'},
			nodeType: {type: 'string'},
			nodes: {type: 'integer', minimum: 1},
			publiclyAccessible: {type: 'boolean'},
			cidr: {type: 'string'},
			databaseName: {type: 'string'},
			masterUsername: {type: 'string'},
			roleName: {type: 'string'},
			roleArn: {type: 'string'},
			securityGroupId: {type: 'string'},
			ingressRuleId: {type: 'string'},
		},
		// A key not listed here is refused, so a secret can never slip in under a new name.
		additionalProperties: false,
	},
	steps: {type: 'object', additionalProperties: stepRecordSchema},
	resumeAt: {type: 'string'},
} as unknown as Schema<Settings>;

/** Key names that must never be stored, at any depth (checked on every write and migration). */
const secretKey = /pass(word)?|secret|token|credential|private|(^|_)key$|accesskey/i;

export function findSecretKeys(value: unknown, at = ''): string[] {
	if (typeof value !== 'object' || value === null) return [];
	return Object.entries(value).flatMap(([key, inner]) => {
		const here = at ? `${at}.${key}` : key;
		// Under `steps` the keys are step ids ("credentials" among them), each holding a record
		// whose own keys the schema fixes: the name is not a secret, its contents are still checked.
		const isStepId = at === 'steps';
		return [...(!isStepId && secretKey.test(key) ? [here] : []), ...findSecretKeys(inner, here)];
	});
}

type Migration = (old: Record<string, unknown>) => Record<string, unknown>;

/**
 * migrations[n] turns a version-n store into version n+1. Version 0 is a store written
 * before settings had a version: it kept AWS names at the top level (clusterIdentifier,
 * region, nodeType, numberOfNodes) and, worse, sometimes a password; the password goes.
 */
export const migrations: Readonly<Record<number, Migration>> = {
	0: (old) => {
		const {clusterIdentifier, region, nodeType, numberOfNodes, profile, ...rest} = old;
		const aws: Record<string, unknown> = {};
		if (typeof clusterIdentifier === 'string') aws.clusterId = clusterIdentifier.toLowerCase();
		if (typeof region === 'string') aws.region = region;
		if (typeof nodeType === 'string') aws.nodeType = nodeType;
		if (typeof numberOfNodes === 'number') aws.nodes = numberOfNodes;
		if (typeof profile === 'string') aws.profile = profile;
		const kept = Object.fromEntries(Object.entries(rest).filter(([key]) => !secretKey.test(key)));
		return {...kept, ...(Object.keys(aws).length > 0 ? {aws} : {}), steps: kept.steps ?? {}, schemaVersion: 1};
	},
};

export function migrate(stored: Record<string, unknown>): Record<string, unknown> {
	let current = stored;
	let version = typeof current.schemaVersion === 'number' ? current.schemaVersion : 0;
	if (version > settingsVersion) {
		throw new UserError(`The settings were written by a newer sparkify-dwh (settings version ${version}; this one knows ${settingsVersion}).`, {
			hint: 'Update sparkify-dwh, or move the settings file away to start afresh.',
			code: 'settings_newer',
		});
	}
	while (version < settingsVersion) {
		const step = migrations[version];
		if (!step) throw new Error(`No settings migration from version ${version}`);
		current = step(current);
		version++;
	}
	return current;
}

export type SettingsStore = {
	readonly path: string;
	get(): Settings;
	update(change: (settings: Settings) => Settings): Settings;
	recordStep(step: string, status: StepRecord['status'], detail?: string, now?: Date): Settings;
};

export function openSettings(paths: HomePaths): SettingsStore {
	let conf: Conf<Settings>;
	try {
		conf = new Conf<Settings>({
			cwd: paths.config,
			configName: 'settings',
			schema,
			// No schemaVersion default: a file without one must read as version 0 and be migrated.
			defaults: {steps: {}} as unknown as Settings,
			configFileMode: 0o600,
			clearInvalidConfig: false,
		});
	} catch (error) {
		throw new UserError(`The settings file in ${paths.config} cannot be read: ${(error as Error).message}`, {
			hint: 'Fix it, or move it away to start with fresh settings.',
			code: 'settings_invalid',
			cause: error,
		});
	}
	const raw = conf.store as unknown as Record<string, unknown>;
	if (raw.schemaVersion !== settingsVersion) conf.store = migrate(raw) as unknown as Settings;

	const write = (next: Settings) => {
		const secrets = findSecretKeys(next);
		if (secrets.length > 0) throw new Error(`Refusing to store secret-looking settings: ${secrets.join(', ')}`);
		conf.store = next;
		return next;
	};
	return {
		path: conf.path,
		get: () => conf.store,
		update: (change) => write(change(conf.store)),
		recordStep: (step, status, detail, now = new Date()) =>
			write({...conf.store, steps: {...conf.store.steps, [step]: {status, at: now.toISOString(), ...(detail ? {detail} : {})}}}),
	};
}
