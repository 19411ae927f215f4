// Analytics: answers named questions (see source/analytics/questions.ts) on the loaded
// warehouse, each in a READ ONLY transaction of its own and timed, so a question can never
// change the data it asks about. Returns plain rows; drawing them is the front end's job.

import type pg from 'pg';
import type {Question} from '../analytics/questions.js';
import {CancelledError, UserError, throwIfCancelled} from '../core/errors.js';
import {trackProgress} from '../core/progress.js';
import type {Step} from '../core/step.js';
import {cancellable} from '../warehouse/cancel.js';
import type {Warehouse} from '../warehouse/connection.js';
import {requireTables} from '../warehouse/tables.js';

export type AnalyticsOptions = {
	readonly warehouse: Warehouse;
	readonly questions: readonly Question[];
};

export type Answer = {
	readonly name: string;
	readonly title: string;
	/** The result's columns, in the query's order. */
	readonly columns: string[];
	readonly rows: Record<string, unknown>[];
	readonly elapsedMs: number;
	/** Present when the question asks for a chart and both its columns are in the result. */
	readonly chart?: {readonly label: string; readonly value: string};
};

export type AnalyticsResult = {readonly answers: Answer[]};

async function answer(warehouse: Warehouse, client: pg.Client, question: Question, signal: AbortSignal): Promise<{answer: Answer; chartDropped: boolean}> {
	const startedAt = performance.now();
	await client.query('BEGIN READ ONLY');
	let result: pg.QueryArrayResult<unknown[]>;
	try {
		result = await cancellable(warehouse, client, signal, () => client.query<unknown[]>({text: question.sql, rowMode: 'array'}));
		await client.query('COMMIT');
	} catch (error) {
		await client.query('ROLLBACK').catch(() => {});
		if (signal.aborted) throw new CancelledError();
		throw new UserError(`The question ${question.name} failed: ${(error as Error).message}`, {
			hint: question.source === 'user' ? `Fix the query in ${question.file}.` : 'Check that the warehouse holds a complete load (`sparkify-dwh check`).',
			code: 'question_failed',
			cause: error,
		});
	}
	const elapsedMs = Math.round(performance.now() - startedAt);
	const columns = result.fields.map((field) => field.name);
	const repeated = columns.find((column, index) => columns.indexOf(column) !== index);
	if (repeated !== undefined) {
		throw new UserError(`The question ${question.name} returns more than one column named "${repeated}".`, {
			hint: `Give each column its own name with AS, in ${question.file}.`,
			code: 'question_refused',
		});
	}
	const rows = result.rows.map((values) => Object.fromEntries(columns.map((column, index) => [column, values[index]])));
	const chart = question.chart && columns.includes(question.chart.label) && columns.includes(question.chart.value) ? question.chart : undefined;
	return {
		answer: {name: question.name, title: question.title, columns, rows, elapsedMs, ...(chart ? {chart: {...chart}} : {})},
		chartDropped: question.chart !== undefined && chart === undefined,
	};
}

export const analyticsStep: Step<AnalyticsOptions, AnalyticsResult> = {
	id: 'analytics',
	title: 'Answer questions',
	async plan(_ctx, {questions}) {
		return {destructive: false, actions: questions.map((question) => ({action: 'read' as const, resource: question.name, detail: question.title}))};
	},
	async run(_ctx, {warehouse, questions}, report, signal) {
		throwIfCancelled(signal);
		const client = await warehouse.connect();
		try {
			await requireTables(client);
			const progress = trackProgress(report, 'analytics', 'questions', 'statements', {intervalMs: 0});
			const total = questions.length;
			progress.update({statements: {done: 0, total}, rows: {done: 0, total: null}});
			const answers: Answer[] = [];
			let rows = 0;
			try {
				for (const question of questions) {
					throwIfCancelled(signal);
					const {answer: answered, chartDropped} = await answer(warehouse, client, question, signal);
					answers.push(answered);
					rows += answered.rows.length;
					if (chartDropped) {
						report({
							type: 'log',
							step: 'analytics',
							level: 'warn',
							message: `${question.name}: no chart, as its result has no column ${[question.chart!.label, question.chart!.value].filter((column) => !answered.columns.includes(column)).join(' or ')}.`,
						});
					}
					report({type: 'log', step: 'analytics', level: 'debug', message: `${question.name}: ${answered.rows.length} rows in ${answered.elapsedMs} ms`});
					progress.update({statements: {done: answers.length, total}, rows: {done: rows, total: null}});
				}
			} catch (error) {
				progress.finish('failed');
				throw error;
			}
			progress.finish('done');
			return {answers};
		} finally {
			await client.end().catch(() => {});
		}
	},
};
