// A load's progress, kept in the warehouse itself (table load_runs) so that another process
// — `sparkify-dwh watch` in a second terminal — can follow it. The settings store cannot
// do this (it is not safe for two processes), and the load's own rows are invisible until
// it commits, so the recorder writes on a connection of its own, at most twice a second.
// Recording is a courtesy: if it fails, the load goes on and the failure is only logged.
// On PostgreSQL the recording session also holds an advisory lock named after the run for
// the run's whole life; the server frees it when the session ends, so a row still marked
// 'running' whose lock is free belongs to a process that is gone (killed, or its server
// died): readers show it as interrupted, not running.

import {randomBytes} from 'node:crypto';
import type pg from 'pg';
import type {Logger} from '../core/log.js';
import type {Report, StepEvent} from '../core/events.js';
import type {Warehouse} from './connection.js';
import {sqlStatements} from './sql-files.js';

/** As recorded; 'interrupted' is never written, only seen: 'running' with its process gone. */
type LoadRunStatus = 'running' | 'done' | 'failed' | 'cancelled' | 'interrupted';

/** A task's last progress event, as the load recorded it. */
type RecordedTask = Omit<Extract<StepEvent, {type: 'progress'}>, 'type' | 'step'>;

export type LoadRun = {
	readonly runId: string;
	readonly startedAt: Date;
	readonly updatedAt: Date;
	readonly finishedAt: Date | null;
	readonly status: LoadRunStatus;
	readonly source: string | null;
	readonly tasks: readonly RecordedTask[];
};

export type LoadRunRecorder = {
	readonly runId: string;
	/** Passes every event on, keeping the progress ones for the record. */
	readonly report: Report;
	finish(status: Exclude<LoadRunStatus, 'running' | 'interrupted'>): Promise<void>;
};

/**
 * How often a running load says it is alive when it has no progress to report; readers call a
 * load that has been silent for six of these stale (watch: staleAfterMs).
 */
export const heartbeatMs = 5_000;

/** TIMESTAMP columns hold UTC; write them as such whatever this machine's time zone is. */
const utc = (date: Date) => date.toISOString().replace('Z', '');

export async function recordLoadRun(
	warehouse: Warehouse,
	source: string,
	report: Report,
	log: Logger,
	timing: {intervalMs?: number; heartbeatMs?: number} = {},
): Promise<LoadRunRecorder> {
	const {intervalMs = 500} = timing;
	// Time and process for people reading it; the random tail keeps two loads started in the same
	// millisecond by one process apart (the column is the table's key).
	const runId = `${new Date().toISOString().replace(/[:.]/g, '-')}-${process.pid}-${randomBytes(3).toString('hex')}`;
	const tasks = new Map<string, RecordedTask>();
	let client: pg.Client | undefined;
	try {
		client = await warehouse.connect();
		// The lock before the row: no reader ever sees the run 'running' with its lock free.
		if (warehouse.dialect === 'postgres') await client.query(sqlStatements('load_runs/hold.sql')[0]!, [runId]);
		await client.query(sqlStatements('load_runs/start.sql')[0]!, [runId, utc(new Date()), source, '[]']);
	} catch (error) {
		log.write('warn', 'could not record the load in load_runs; `watch` will not see it', error);
		await client?.end().catch(() => {});
		client = undefined;
	}

	let writing: Promise<void> = Promise.resolve();
	let lastWrite = 0;
	let pending: ReturnType<typeof setTimeout> | undefined;
	const write = (sql: string, params: unknown[]) => {
		// One write at a time, in order; a failed write is logged, never thrown into the load.
		writing = writing.then(async () => {
			if (!client) return;
			try {
				await client.query(sql, params);
			} catch (error) {
				log.write('warn', 'could not update load_runs', error);
			}
		});
		return writing;
	};
	const flush = () => {
		pending = undefined;
		lastWrite = Date.now();
		void write(sqlStatements('load_runs/update.sql')[0]!, [runId, utc(new Date()), JSON.stringify([...tasks.values()])]);
	};

	// A heartbeat as well: one statement (a big INSERT … SELECT on Redshift) can run for minutes
	// without a progress event, and a reader must not take that silence for a dead load.
	const heartbeat = client ? setInterval(flush, timing.heartbeatMs ?? heartbeatMs) : undefined;
	heartbeat?.unref();

	return {
		runId,
		report(event: StepEvent) {
			report(event);
			if (event.type !== 'progress' || !client) return;
			const {task, state, unit, done, total, counters, elapsedMs} = event;
			tasks.set(task, {task, state, unit, done, total, counters, elapsedMs});
			const wait = intervalMs - (Date.now() - lastWrite);
			if (wait <= 0) flush();
			else pending ??= setTimeout(flush, wait);
		},
		async finish(status) {
			if (pending) clearTimeout(pending);
			clearInterval(heartbeat);
			await write(sqlStatements('load_runs/finish.sql')[0]!, [runId, utc(new Date()), status, JSON.stringify([...tasks.values()])]);
			await client?.end().catch(() => {});
			client = undefined;
		},
	};
}

type LoadRunRow = {run_id: string; started_at: Date; updated_at: Date; finished_at: Date | null; status: LoadRunStatus; source: string | null; progress: string | null};

/** The most recent load, or undefined when none was ever recorded (or the table is missing). */
export function latestLoadRun(client: pg.Client): Promise<LoadRun | undefined> {
	return readLoadRun(client, 'load_runs/latest.sql', []);
}

/** One load by its id, or undefined when its record is gone (the tables were made again). */
export function loadRunById(client: pg.Client, runId: string): Promise<LoadRun | undefined> {
	return readLoadRun(client, 'load_runs/one.sql', [runId]);
}

async function readLoadRun(client: pg.Client, sqlFile: string, params: unknown[]): Promise<LoadRun | undefined> {
	let row: LoadRunRow | undefined;
	try {
		row = (await client.query<LoadRunRow>(sqlStatements(sqlFile)[0]!, params)).rows[0];
	} catch (error) {
		if ((error as {code?: string}).code === '42P01') return undefined;
		throw error;
	}
	if (!row) return undefined;
	let status = row.status;
	if (status === 'running' && (await ownerIsGone(client, row.run_id))) {
		// The lock may be free because the load has just finished: it writes its last status
		// before letting go of the lock, so a second look, taken after the lock was seen free,
		// tells a load that ended in between from one whose process died.
		const again = (await client.query<LoadRunRow>(sqlStatements('load_runs/one.sql')[0]!, [row.run_id])).rows[0];
		if (again) row = again;
		status = row.status === 'running' ? 'interrupted' : row.status;
	}
	return {
		runId: row.run_id,
		startedAt: row.started_at,
		updatedAt: row.updated_at,
		finishedAt: row.finished_at,
		status,
		source: row.source,
		tasks: row.progress ? (JSON.parse(row.progress) as RecordedTask[]) : [],
	};
}

/**
 * True when the run's advisory lock is free: the session that held it, and so the load's
 * process, is gone. Where advisory locks do not exist (Redshift) nobody can tell: false.
 */
async function ownerIsGone(client: pg.Client, runId: string): Promise<boolean> {
	try {
		const {rows} = await client.query<{gone: boolean}>(sqlStatements('load_runs/probe.sql')[0]!, [runId]);
		if (!rows[0]?.gone) return false;
		await client.query(sqlStatements('load_runs/release_probe.sql')[0]!, [runId]);
		return true;
	} catch {
		return false;
	}
}
