// The share of songplays matched to a song, and, when it is low because the source holds few
// songs, the word that this is expected: the real sample has 71 songs for 6,820 plays, so one
// match is right, and a bare "0.0%" reads as a broken load.

import {formatCount} from '../core/format.js';
import type {EtlResult} from '../steps/etl.js';

export function matchRateLines(result: Pick<EtlResult, 'match' | 'staging'>): string[] {
	const {plays, matched, rate} = result.match;
	const line = `songplays matched to a song: ${formatCount(matched)} of ${formatCount(plays)} (${(rate * 100).toFixed(1)}%)`;
	const songs = result.staging.find((table) => table.table === 'staging_songs')?.rows ?? 0;
	// Few songs for many plays: most plays cannot find theirs, whatever the loader does.
	const fewSongs = plays > 0 && rate < 0.05 && songs * 10 < plays;
	return fewSongs ? [line, `  expected: ${formatCount(songs)} songs for ${formatCount(plays)} plays, so most plays have no song to match`] : [line];
}
