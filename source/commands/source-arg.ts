// Which data a command reads: --source DIR, --source s3://bucket/prefix (read with the
// user's AWS credentials), or, when none is given, the generated sample made once and kept.

import path from 'node:path';
import {awsClients} from '../aws/clients.js';
import type {Context} from '../core/context.js';
import type {FrontEnd} from '../core/front-end.js';
import {formatCount} from '../core/format.js';
import {generateDataset} from '../etl/generate.js';
import {s3Source} from '../etl/s3-source.js';
import {localFolderSource, type DataSource} from '../etl/source.js';

/** The default data when no --source is given: a generated set, made once and kept. */
export const defaultSample = {songs: 1000, events: 20_000, seed: 42} as const;

/** The public Sparkify bucket lives in us-west-2; S3 reads default there. */
export const defaultBucketRegion = 'us-west-2';

export type SourceArgs = {
	readonly source: string | undefined;
	readonly region?: string | undefined;
	readonly profile?: string | undefined;
};

export function defaultSampleFolder(ctx: Context): string {
	const {songs, events, seed} = defaultSample;
	return path.join(ctx.paths.generated, `sample-seed${seed}-${songs}songs-${events}events`);
}

export async function resolveSource(args: SourceArgs, ctx: Context, frontEnd: FrontEnd, signal: AbortSignal): Promise<DataSource> {
	if (args.source?.startsWith('s3://')) {
		const clients = awsClients({region: args.region ?? defaultBucketRegion, env: ctx.env, ...(args.profile ? {profile: args.profile} : {})});
		return s3Source(args.source, clients.s3);
	}
	if (args.source) return localFolderSource(args.source);
	const folder = defaultSampleFolder(ctx);
	try {
		return localFolderSource(folder);
	} catch {
		const {songs, events, seed} = defaultSample;
		frontEnd.notice(`No --source given: generating ${formatCount(events)} events and ${formatCount(songs)} songs into ${folder}`);
		await generateDataset({out: folder, songs, events, seed}, frontEnd.report, signal);
		return localFolderSource(folder);
	}
}
