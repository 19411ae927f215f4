// `sparkify-dwh analytics [question]`: named questions from sql/analytics/ (and the user's
// own folder) answered as tables, bar charts, CSV or JSON. Glue only: the questions are
// found in analytics/questions, answered by the analytics step, drawn by analytics/render.

import {formatTable, formatBarChart, toCsv} from '../analytics/render.js';
import {resolveQuestions} from '../analytics/questions.js';
import {UserError} from '../core/errors.js';
import {formatDuration} from '../core/format.js';
import {runStep} from '../core/step.js';
import {analyticsStep, type Answer} from '../steps/analytics.js';
import {exitCodes} from './exit-codes.js';
import type {CommandIo} from './registry.js';
import {withWarehouse, type TargetArgs} from './target.js';

export type AnalyticsArgs = TargetArgs & {
	/** One question's name; all of them when absent. */
	readonly argument?: string | undefined;
	readonly csv: boolean;
	/** A folder of the user's own .sql questions (default: <SPARKIFY_DWH_HOME>/analytics). */
	readonly questions: string | undefined;
};

export type AnalyticsOutcome = {readonly answers: ReadonlyArray<Omit<Answer, 'chart'>>};

/** One question's CSV alone; several, each after a `# name` line and apart by a blank line. */
export function answersCsv(answers: readonly Answer[]): string {
	if (answers.length === 1) return toCsv(answers[0]!.columns, answers[0]!.rows);
	return answers.map((answer) => `# ${answer.name}\r\n${toCsv(answer.columns, answer.rows)}`).join('\r\n');
}

/** For people: per question its title and timing, the table, and the bars when it has a chart. */
export function answersSummary(answers: readonly Answer[], width: number): string[] {
	const lines: string[] = [];
	for (const [index, answer] of answers.entries()) {
		if (index > 0) lines.push('');
		lines.push(`${answer.title}  (${answer.name}, ${answer.rows.length} row${answer.rows.length === 1 ? '' : 's'} in ${formatDuration(answer.elapsedMs)})`);
		if (answer.rows.length === 0) {
			lines.push('  (no rows)');
			continue;
		}
		lines.push(...formatTable(answer.columns, answer.rows, width));
		if (answer.chart) {
			lines.push('');
			lines.push(...formatBarChart(answer.rows, answer.chart.label, answer.chart.value, width));
		}
	}
	return lines;
}

export async function analyticsCommand(args: AnalyticsArgs, io: CommandIo<AnalyticsOutcome>): Promise<number> {
	const {ctx, frontEnd, signal} = io;
	if (args.csv && io.json) throw new UserError('--csv and --json cannot be used together.', {hint: 'Pass one of them.', code: 'usage'});
	// Found and checked before the warehouse is opened: a typo should not wait for a server.
	const questions = resolveQuestions({home: ctx.paths.home, folder: args.questions, name: args.argument});
	return withWarehouse(args, ctx, frontEnd, signal, async (warehouse) => {
		const {answers} = await runStep(
			analyticsStep,
			ctx,
			{warehouse, questions},
			frontEnd.report,
			signal,
			(result) => `${result.answers.length} question${result.answers.length === 1 ? '' : 's'} answered`,
		);
		if (args.csv) {
			io.write(answersCsv(answers));
			return exitCodes.ok;
		}
		const width = process.stdout.columns || 80;
		io.outcome({
			ok: true,
			data: {answers: answers.map(({name, title, columns, rows, elapsedMs}) => ({name, title, columns, rows, elapsedMs}))},
			summary: answersSummary(answers, width),
		});
		return exitCodes.ok;
	});
}
