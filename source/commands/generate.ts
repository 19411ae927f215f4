// `sparkify-dwh generate`: synthetic data in the bucket's layout, for demos and benchmarks.

import path from 'node:path';
import {runStep, type Step} from '../core/step.js';
import {generateDataset, type GenerateOptions, type GenerateSummary} from '../etl/generate.js';
import {formatBytes, formatCount, formatDuration} from '../core/format.js';
import {exitCodes} from './exit-codes.js';
import type {CommandIo} from './registry.js';
import {defaultSample} from './default-sample.js';

const generateStep: Step<GenerateOptions, GenerateSummary> = {
	id: 'generate',
	title: 'Generate synthetic Sparkify data',
	async plan(_ctx, options) {
		return {destructive: false, actions: [{action: 'create', resource: options.out, detail: `${options.songs} songs, ${options.events} events`}]};
	},
	run: (_ctx, options, report, signal) => generateDataset(options, report, signal),
};

export type GenerateArgs = {readonly songs: number | undefined; readonly events: number | undefined; readonly seed: number | undefined; readonly out: string | undefined};

export async function generateCommand(given: GenerateArgs, io: CommandIo<Record<string, unknown>>): Promise<number> {
	const {ctx, frontEnd, signal} = io;
	const args = {songs: given.songs ?? defaultSample.songs, events: given.events ?? defaultSample.events, seed: given.seed ?? defaultSample.seed, out: given.out};
	const out = path.resolve(args.out ?? path.join(ctx.paths.generated, `seed${args.seed}-${args.songs}songs-${args.events}events`));
	const startedAt = Date.now();
	const summary = await runStep(generateStep, ctx, {out, songs: args.songs, events: args.events, seed: args.seed}, frontEnd.report, signal);
	io.outcome({
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
