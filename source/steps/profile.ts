// The profile as a step: reads the whole source once, loads nothing, changes nothing.
// Front ends draw its 'songs' and 'events' progress like any other step's.

import {CancelledError} from '../core/errors.js';
import {formatBytes, formatCount} from '../core/format.js';
import type {Step} from '../core/step.js';
import {measureListing} from '../etl/listing.js';
import type {DataSource} from '../etl/source.js';
import {profileSource, profileStepId} from '../profile/profiler.js';
import type {SourceProfile} from '../profile/types.js';

export type ProfileOptions = {
	readonly source: DataSource;
	/** As the load's --accept-invalid-chars: the profile then predicts that load. */
	readonly acceptInvalidChars?: string;
};

export const profileStep: Step<ProfileOptions, SourceProfile> = {
	id: profileStepId,
	title: 'Profile the source data',
	async plan(_ctx, {source}) {
		// Counted as listed, not held: the bucket has 385,000 song files.
		const [songs, events] = await Promise.all([measureListing(source, 'songs'), measureListing(source, 'events')]);
		const detail = ({files, bytes}: {files: number; bytes: number}) => `${formatCount(files)} files, ${formatBytes(bytes)}`;
		return {
			destructive: false,
			actions: [
				{action: 'read', resource: `${source.label} song_data/`, detail: detail(songs)},
				{action: 'read', resource: `${source.label} log_data/`, detail: detail(events)},
			],
		};
	},
	async run(_ctx, {source, acceptInvalidChars}, report, signal) {
		try {
			return await profileSource(source, report, signal, {acceptInvalidChars});
		} catch (error) {
			// Said as the checks say it: the load's "nothing was committed" is not what a profile did.
			if (error instanceof CancelledError)
				throw new CancelledError('The profile was stopped; it only reads the source and changes nothing (run `sparkify-dwh profile` to read it again).');
			throw error;
		}
	},
};
