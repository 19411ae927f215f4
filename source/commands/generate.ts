// `sparkify-dwh generate`: synthetic data in the bucket's layout, for demos and benchmarks.

import path from 'node:path';
import type {Context} from '../core/context.js';
import type {FrontEnd} from '../core/front-end.js';
import {runStep, type Step} from '../core/step.js';
import {generateDataset, type GenerateOptions, type GenerateSummary} from '../etl/generate.js';
import {formatBytes, formatCount, formatDuration} from '../core/format.js';
import {exitCodes} from './warehouse.js';

const generateStep: Step<GenerateOptions, GenerateSummary> = {
	id: 'generate',
	title: 'Generate synthetic Sparkify data',
	async plan(_ctx, options) {
		return {destructive: false, actions: [{action: 'create', resource: options.out, detail: `${options.songs} songs, ${options.events} events`}]};
	},
	run: (_ctx, options, report, signal) => generateDataset(options, report, signal),
};

export async function generateCommand(
	args: {songs: number; events: number; seed: number; out: string | undefined},
	ctx: Context,
	frontEnd: FrontEnd,
	signal: AbortSignal,
): Promise<number> {
	const out = path.resolve(args.out ?? path.join(ctx.paths.generated, `seed${args.seed}-${args.songs}songs-${args.events}events`));
	const startedAt = Date.now();
	const summary = await runStep(generateStep, ctx, {out, songs: args.songs, events: args.events, seed: args.seed}, frontEnd.report, signal);
	frontEnd.outcome({
		command: 'generate',
		ok: true,
		data: {...summary},
		summary: [
			`wrote ${formatCount(summary.events)} events (${formatCount(summary.nextSongEvents)} plays by ${formatCount(summary.users)} users) and ${formatCount(summary.songs)} songs by ${formatCount(summary.artists)} artists`,
			`${formatCount(summary.files)} files, ${formatBytes(summary.bytes)} in ${formatDuration(Date.now() - startedAt)}: ${out}`,
			`load it with: sparkify-dwh run --source ${out}`,
		],
	});
	return exitCodes.ok;
}
