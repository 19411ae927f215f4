// The settings store: what the user chose (target, source, AWS names and sizes) and what
// each step last did, saved after every step so an interrupted wizard resumes where it
// stopped. Never a secret: keys, passwords and tokens stay in the AWS credential chain or
// the warehouse's own 0600 file. One process writes it at a time (conf is not safe for
// two), which is why `watch` reads progress from the database instead.

import path from 'node:path';
import Conf, {type Schema} from 'conf';
import {errorMessage, UserError} from '../core/errors.js';
import type {HomePaths} from '../core/paths.js';

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
	/** When this tool last paused and resumed the cluster (ISO), for the running time and cost `status` shows. */
	readonly pausedAt?: string;
	readonly resumedAt?: string;
};

export type Settings = {
	/** Absent only in a file written before settings had a version (which is migrated on opening). */
	readonly schemaVersion?: number;
	readonly target?: 'local' | 'redshift';
	/** A folder or an s3:// location. */
	readonly source?: string;
	/** Bad records the menu's loads tolerate (their --max-errors); absent: none. */
	readonly maxErrors?: number;
	readonly aws?: AwsSettings;
	/** The outcome of each step the last time it ran, by step id. */
	readonly steps: Readonly<Record<string, StepRecord>>;
};

/** What the file holds: a new store has no `steps` until the first outcome is written. */
type StoredSettings = Omit<Settings, 'steps'> & {readonly steps?: Settings['steps']};

/** Checked by conf on every read and write: a file that breaks it is refused, never cleared. */
export const settingsSchema: Schema<StoredSettings> = {
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
			pausedAt: {type: 'string'},
			resumedAt: {type: 'string'},
		},
		// A key not listed here is refused, so a secret can never slip in under a new name.
		additionalProperties: false,
	},
	steps: {
		type: 'object',
		additionalProperties: {
			type: 'object',
			properties: {status: {enum: ['done', 'failed', 'cancelled']}, at: {type: 'string'}, detail: {type: 'string'}},
			required: ['status', 'at'],
			additionalProperties: false,
		},
	},
};

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

/** What a settings file may hold: this version's settings, and keys only an older version knew. */
type Stored = StoredSettings & Readonly<Record<string, unknown>>;

/**
 * Version 0 is a store written before settings had a version: it kept AWS names at the top
 * level (clusterIdentifier, region, nodeType, numberOfNodes, profile) and, worse, sometimes a
 * password. The names move under `aws`; the password, and any other key this version does
 * not know, goes.
 */
function fromVersion0(old: Stored): Settings {
	const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
	const clusterId = text(old.clusterIdentifier)?.toLowerCase();
	const region = text(old.region);
	const nodeType = text(old.nodeType);
	const nodes = typeof old.numberOfNodes === 'number' ? old.numberOfNodes : undefined;
	const profile = text(old.profile);
	const aws: AwsSettings = {
		...(clusterId === undefined ? {} : {clusterId}),
		...(region === undefined ? {} : {region}),
		...(nodeType === undefined ? {} : {nodeType}),
		...(nodes === undefined ? {} : {nodes}),
		...(profile === undefined ? {} : {profile}),
	};
	return {
		...(old.target === undefined ? {} : {target: old.target}),
		...(old.source === undefined ? {} : {source: old.source}),
		...(Object.keys(aws).length > 0 ? {aws} : {}),
		steps: old.steps ?? {},
		schemaVersion: 1,
	};
}

/**
 * The stored settings brought to this version. A new version adds its own `fromVersionN`
 * (taking version N to N+1) and a line below; a store from a newer sparkify-dwh is refused
 * rather than rewritten.
 */
export function migrate(stored: Stored): Settings {
	const version = stored.schemaVersion ?? 0;
	if (version > settingsVersion) {
		throw new UserError(`The settings were written by a newer sparkify-dwh (settings version ${version}; this one knows ${settingsVersion}).`, {
			hint: 'Update sparkify-dwh, or move the settings file away to start afresh.',
			code: 'settings_newer',
		});
	}
	if (version === 0) return fromVersion0(stored);
	throw new Error(`No settings migration from version ${version}`);
}

export type SettingsStore = {
	readonly path: string;
	get(): Settings;
	update(change: (settings: Settings) => Settings): Settings;
	recordStep(step: string, status: StepRecord['status'], detail?: string, now?: Date): Settings;
};

/** Where the settings live: <home>/config/settings.json. */
export function settingsFile(paths: HomePaths): string {
	return paths.settings;
}

export function openSettings(paths: HomePaths): SettingsStore {
	let conf: Conf<StoredSettings>;
	try {
		conf = new Conf<StoredSettings>({
			cwd: path.dirname(settingsFile(paths)),
			configName: path.basename(settingsFile(paths), '.json'),
			schema: settingsSchema,
			// No `defaults`: conf writes them into the file as it opens, and opening must not
			// write (the app's first frame reads the settings, often of a home that has none).
			// A missing `steps` reads as none instead, and every write says this version.
			configFileMode: 0o600,
			clearInvalidConfig: false,
			// The schema is the constant above, which a test holds to the JSON Schema meta-schema;
			// checking it again on every start cost some 80 ms before the app's first frame.
			ajvOptions: {validateSchema: false},
		});
	} catch (error) {
		throw new UserError(`The settings file in ${paths.config} cannot be read: ${errorMessage(error)}`, {
			hint: 'Fix it, or move it away to start with fresh settings.',
			code: 'settings_invalid',
			cause: error,
		});
	}
	// A file an older version wrote is rewritten at once: a password it kept leaves the disk now.
	const stored = conf.store;
	if (Object.keys(stored).length > 0 && stored.schemaVersion !== settingsVersion) conf.store = migrate(stored);

	const get = (): Settings => {
		const current = conf.store;
		return {...current, steps: current.steps ?? {}};
	};
	const write = (next: Settings) => {
		const secrets = findSecretKeys(next);
		if (secrets.length > 0) throw new Error(`Refusing to store secret-looking settings: ${secrets.join(', ')}`);
		const versioned = {...next, schemaVersion: settingsVersion};
		conf.store = versioned;
		return versioned;
	};
	return {
		path: conf.path,
		get,
		update: (change) => write(change(get())),
		recordStep: (step, status, detail, now = new Date()) => {
			const current = get();
			return write({...current, steps: {...current.steps, [step]: {status, at: now.toISOString(), ...(detail ? {detail} : {})}}});
		},
	};
}
