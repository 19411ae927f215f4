// The real command as a process, for the end-to-end and fault suites: started with --json so the test can
// tell which phase it is in from the events it prints, signalled or killed at a chosen
// moment, and its end awaited. Plus the warehouse's content digest, to compare a
// warehouse after a fault with the complete loads it may hold.

import {spawn, type ChildProcessWithoutNullStreams} from 'node:child_process';
import type pg from 'pg';
import {cliEntry} from './paths.js';

export type JsonEvent = Record<string, unknown> & {type?: string; step?: string; status?: string; task?: string; state?: string};

export type CliEnd = {
	readonly code: number | null;
	readonly signal: NodeJS.Signals | null;
	readonly stdout: string;
	readonly stderr: string;
	readonly events: readonly JsonEvent[];
};

export type CliProcess = {
	readonly child: ChildProcessWithoutNullStreams;
	/** Resolves with the first event that matches; rejects if the process ends first. */
	waitFor(match: (event: JsonEvent) => boolean, what: string): Promise<JsonEvent>;
	readonly ended: Promise<CliEnd>;
};

export type CliOptions = {
	/** Another checkout's entry instead of this one's. */
	readonly entry?: string;
	/** Which of the test's own environment variables the command inherits (all by default). */
	readonly inherit?: (name: string) => boolean;
	/** The folder it runs in (the test's own by default). */
	readonly cwd?: string;
};

/** Starts the command with the test's environment (as `inherit` allows) plus `env`, CI set. */
export function startCli(args: readonly string[], env: NodeJS.ProcessEnv, {entry = cliEntry, inherit = () => true, cwd}: CliOptions = {}): CliProcess {
	const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => inherit(name)));
	const child = spawn(process.execPath, [entry, ...args], {env: {...inherited, CI: 'true', ...env}, stdio: ['pipe', 'pipe', 'pipe'], cwd});
	let stdout = '';
	let stderr = '';
	const events: JsonEvent[] = [];
	const waiters: Array<{match: (event: JsonEvent) => boolean; resolve: (event: JsonEvent) => void}> = [];
	let pending = '';
	child.stdout.on('data', (chunk: Buffer) => {
		stdout += chunk.toString();
		pending += chunk.toString();
		const lines = pending.split('\n');
		pending = lines.pop()!;
		for (const line of lines) {
			let event: JsonEvent;
			try {
				event = JSON.parse(line) as JsonEvent;
			} catch {
				continue;
			}
			events.push(event);
			for (const waiter of [...waiters]) {
				if (!waiter.match(event)) continue;
				waiters.splice(waiters.indexOf(waiter), 1);
				waiter.resolve(event);
			}
		}
	});
	child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
	const ended = new Promise<CliEnd>((resolve, reject) => {
		child.on('error', reject);
		child.on('close', (code, signal) => resolve({code, signal, stdout, stderr, events}));
	});
	return {
		child,
		ended,
		waitFor(match, what) {
			const seen = events.find(match);
			if (seen) return Promise.resolve(seen);
			return new Promise((resolve, reject) => {
				waiters.push({match, resolve});
				void ended.then((end) => reject(new Error(`the command ended (code ${end.code}, signal ${end.signal}) before ${what}:\n${end.stderr}\n${end.stdout.slice(-2000)}`)));
			});
		},
	};
}

export const runCli = (args: readonly string[], env: NodeJS.ProcessEnv, options: CliOptions = {}) => startCli(args, env, options).ended;

/** The phases of `run`, each as the first event that shows the command inside it. */
export const phases = {
	tables: (event: JsonEvent) => event.type === 'step' && event.step === 'tables' && event.status === 'running',
	load: (event: JsonEvent) =>
		event.type === 'progress' && event.task === 'staging_events' && event.state === 'running' && Number(event.done) > 0 && Number(event.done) < Number(event.total),
	transforms: (event: JsonEvent) => event.type === 'progress' && ['artists', 'songs', 'users', 'time', 'songplays'].includes(event.task ?? '') && event.state === 'running',
	checks: (event: JsonEvent) => event.type === 'step' && event.step === 'check' && event.status === 'running',
} as const;

export type Phase = keyof typeof phases;

/** Did the command report its load as committed? */
export const committed = (end: CliEnd) => end.events.some((event) => event.type === 'step' && event.step === 'etl' && event.status === 'done');

const digestedTables = ['staging_events', 'staging_songs', 'songplays', 'users', 'songs', 'artists', 'time'];

/**
 * md5 of every table's rows in a fixed order. songplay_id is left out: it is an identity
 * that keeps counting across loads, so the same data loaded twice gets other numbers.
 */
export async function warehouseDigest(client: pg.Client): Promise<string> {
	const parts: string[] = [];
	for (const table of digestedTables) {
		const {rows} = await client.query<{digest: string; n: number}>(
			`SELECT md5(coalesce(string_agg(r, E'\\n' ORDER BY r), '')) AS digest, count(*)::int AS n
			 FROM (SELECT (to_jsonb(t) - 'songplay_id')::text AS r FROM ${table} t) rows_as_text`,
		);
		parts.push(`${table}:${rows[0]!.n}:${rows[0]!.digest}`);
	}
	return parts.join(' ');
}
