// `sparkify-dwh profile`: a streaming profile of the source before it is loaded — how many
// records, how many bad ones, what is missing, who played what, how many plays will find
// their song — so surprises show up before a warehouse is paid for.

import {formatCount, formatDuration} from '../core/format.js';
import {runStep} from '../core/step.js';
import {profileReport} from '../profile/report.js';
import {profileStep} from '../steps/profile.js';
import {resolveSource, type SourceArgs} from './source-arg.js';
import {exitCodes} from './exit-codes.js';
import type {CommandIo} from './registry.js';

export async function profileCommand(args: SourceArgs & {readonly acceptInvalidChars: string | undefined}, io: CommandIo<Record<string, unknown>>): Promise<number> {
	const {ctx, frontEnd, signal} = io;
	const source = await resolveSource(args, ctx, frontEnd, signal);
	// Read as the load would read it: with --accept-invalid-chars, invalid UTF-8 is no bad record.
	const text = args.acceptInvalidChars === undefined ? {} : {acceptInvalidChars: args.acceptInvalidChars};
	const profile = await runStep(
		profileStep,
		ctx,
		{source, ...text},
		frontEnd.report,
		signal,
		(result) => `${formatCount(result.songs.records)} songs and ${formatCount(result.events.records)} events in ${formatDuration(result.elapsedMs)}`,
	);
	io.outcome({
		ok: true,
		// A plain JSON copy: what --json prints is exactly what the profile holds.
		data: JSON.parse(JSON.stringify(profile)) as Record<string, unknown>,
		summary: profileReport(profile),
	});
	return exitCodes.ok;
}
