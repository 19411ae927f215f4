// `sparkify-dwh watch`: follow a load that another process is running, from the record it
// keeps in the warehouse (load_runs). Draws the same progress events as the load itself.

import {isCancelled} from '../core/errors.js';
import {formatDuration, formatLocalTime} from '../core/format.js';
import {sleep} from '../core/sleep.js';
import {heartbeatMs, latestLoadRun, type LoadRun, loadRunById} from '../warehouse/load-runs.js';
import {openWarehouse} from '../warehouse/connection.js';
import {exitCodes} from './exit-codes.js';
import type {CommandIo} from './registry.js';
import {resolveTarget, type TargetArgs} from './target.js';

/** A running load that has not written (not even its heartbeat) for this long has probably died. */
const staleAfterMs = 6 * heartbeatMs;

export type WatchOutcome = Record<string, unknown>;

export async function watchCommand(args: TargetArgs, io: CommandIo<WatchOutcome>, options: {pollMs?: number; now?: () => number} = {}): Promise<number> {
	const {ctx, frontEnd, signal} = io;
	const now = options.now ?? Date.now;
	const warehouse = await openWarehouse(ctx, await resolveTarget(args, ctx), {signal, onNotice: frontEnd.notice});
	const client = await warehouse.connect();
	try {
		let run = await latestLoadRun(client);
		if (run?.status !== 'running') {
			io.outcome(describeIdle(run));
			return exitCodes.ok;
		}
		const watched = run.runId;
		frontEnd.notice(`Watching the load started ${formatLocalTime(run.startedAt)} from ${run.source ?? 'an unknown source'} (Ctrl-C stops watching, not the load).`);
		frontEnd.report({type: 'step', step: 'etl', status: 'running', title: 'Load the data and build the star schema'});
		const shown = new Map<string, string>();
		for (;;) {
			for (const task of run.tasks) {
				const key = JSON.stringify([task.state, task.done, task.counters]);
				if (shown.get(task.task) === key) continue;
				shown.set(task.task, key);
				frontEnd.report({type: 'progress', step: 'etl', ...task});
			}
			if (run.status !== 'running') break;
			if (now() - run.updatedAt.getTime() > staleAfterMs) {
				io.outcome({
					ok: false,
					data: {runId: run.runId, status: 'stale', updatedAt: run.updatedAt.toISOString()},
					summary: [`The load has not reported for ${formatDuration(now() - run.updatedAt.getTime())}: it has probably stopped (its changes roll back).`],
				});
				return exitCodes.failed;
			}
			try {
				await sleep(options.pollMs ?? 500, signal);
			} catch (error) {
				if (!isCancelled(error)) throw error;
			}
			if (signal.aborted) {
				io.outcome({ok: true, data: {runId: run.runId, status: 'watching stopped'}, summary: ['Stopped watching; the load goes on.']});
				return exitCodes.ok;
			}
			// Followed by its id: a load started after this one must not be taken for it.
			const next = await loadRunById(client, watched);
			if (!next) {
				io.outcome({
					ok: false,
					data: {runId: watched, status: 'record gone'},
					summary: ["The load's record is gone: the tables were made again while watching. `sparkify-dwh status` shows what the warehouse holds now."],
				});
				return exitCodes.failed;
			}
			run = next;
		}
		const finished = run.status;
		frontEnd.report({
			type: 'step',
			step: 'etl',
			status: finished === 'interrupted' ? 'failed' : finished,
			title: 'Load the data and build the star schema',
		});
		io.outcome({
			ok: finished === 'done',
			data: {runId: run.runId, status: finished, tasks: run.tasks},
			summary: [
				`The load ${finished === 'done' ? 'finished' : `ended: ${finished}`} after ${formatDuration((run.finishedAt ?? run.updatedAt).getTime() - run.startedAt.getTime())}.`,
			],
		});
		return finished === 'done' ? exitCodes.ok : exitCodes.failed;
	} finally {
		await client.end();
		await warehouse.close();
	}
}

function describeIdle(run: LoadRun | undefined) {
	if (!run) return {ok: true, data: {status: 'none'}, summary: ['No load has run in this warehouse yet.']};
	return {
		ok: true,
		data: {status: 'idle', last: {runId: run.runId, status: run.status, finishedAt: run.finishedAt?.toISOString() ?? null}},
		summary: [`No load is running. The last one ${run.status === 'done' ? 'finished' : `ended (${run.status})`} at ${formatLocalTime(run.finishedAt ?? run.updatedAt)}.`],
	};
}
