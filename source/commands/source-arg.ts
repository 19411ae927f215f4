// Which data a command reads: --source DIR, --source s3://bucket/prefix (read with the
// user's AWS credentials), or, when none is given, the generated sample made once and kept.

import path from 'node:path';
import type {Context} from '../core/context.js';
import type {FrontEnd} from '../core/front-end.js';
import {formatCount} from '../core/format.js';
import {generateDataset, isUnfinishedGeneration} from '../etl/generate.js';
import {parseS3Uri} from '../etl/s3-location.js';
import {openSettings} from '../config/settings.js';
import {UserError} from '../core/errors.js';
import type {RedshiftCopySettings} from '../warehouse/redshift-copy.js';
import {publicSource, publicSourceRegion} from '../aws/public-source.js';
import {localFolderSource, type DataSource} from '../etl/source.js';
import {defaultSample} from './default-sample.js';

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
		// The AWS SDK loads only for an S3 source.
		const [{awsClients}, {s3Source}] = await Promise.all([import('../aws/clients.js'), import('../etl/s3-source.js')]);
		const clients = awsClients({
			region: args.source.startsWith(publicSource) ? publicSourceRegion : (args.region ?? publicSourceRegion),
			env: ctx.env,
			...(args.profile ? {profile: args.profile} : {}),
		});
		return s3Source(args.source, clients.s3);
	}
	if (args.source) {
		if (isUnfinishedGeneration(args.source)) {
			throw new UserError(`${args.source} was made by sparkify-dwh generate, which was stopped before it finished.`, {
				hint: `Generate it again (sparkify-dwh generate --out ${args.source}), or choose another --source.`,
				wizardHint: `Generate it again (sparkify-dwh generate --out ${args.source}), or choose other data in Settings → Data to load.`,
				code: 'generate_unfinished',
			});
		}
		return localFolderSource(args.source);
	}
	const folder = defaultSampleFolder(ctx);
	try {
		// A sample whose generation was stopped half way is made again, never loaded.
		if (isUnfinishedGeneration(folder)) throw new UserError('unfinished');
		return localFolderSource(folder);
	} catch {
		const {songs, events, seed} = defaultSample;
		const again = isUnfinishedGeneration(folder) ? ' (the last generation of it did not finish)' : '';
		// Said of the data, not of a flag: the wizard's user chose "the generated sample" and gave no flag at all.
		frontEnd.notice(`The generated sample: making ${formatCount(events)} events and ${formatCount(songs)} songs in ${folder}${again}`);
		await generateDataset({out: folder, songs, events, seed}, frontEnd.report, signal);
		return localFolderSource(folder);
	}
}

/**
 * On Redshift the cluster reads S3 itself with COPY: the S3 location (--source, else the one
 * the role step was made for, else the public bucket), the role COPY assumes, and the region
 * the bucket is in. The S3 source is still read here, for the plan's file counts.
 */
export function redshiftCopyArgs(args: SourceArgs, ctx: Context): {uri: string; sourceRegion: string; copy: Omit<RedshiftCopySettings, 'maxErrors'>} {
	const settings = openSettings(ctx.paths).get();
	if (args.source && !args.source.startsWith('s3://')) {
		throw new UserError('Redshift loads from S3, not from a local folder.', {
			hint: 'Pass --source s3://bucket/prefix, or leave it out for the public Sparkify bucket.',
			wizardHint: 'Choose an s3:// location or the public Sparkify bucket in Settings → Data to load.',
			code: 'usage',
		});
	}
	const uri = args.source ?? (settings.source?.startsWith('s3://') ? settings.source : publicSource);
	const iamRoleArn = settings.aws?.roleArn;
	if (!iamRoleArn) throw new UserError('COPY needs the IAM role that lets the cluster read S3.', {hint: 'Run `sparkify-dwh role` first.', code: 'role_missing'});
	const sourceRegion = uri.startsWith(publicSource) ? publicSourceRegion : (args.region ?? settings.aws?.region ?? publicSourceRegion);
	return {uri, sourceRegion, copy: {source: parseS3Uri(uri), iamRoleArn, region: sourceRegion}};
}
