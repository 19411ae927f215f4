// Under the menu, when the app was opened with `--source`: which data this session's loads
// read, that it is not saved, and — when it does not fit the warehouse (a folder on Redshift,
// s3:// on this machine) — that it is not used, so no load surprises the user.

import {Text} from 'ink';

export function SessionSourceNote({source, target}: {readonly source: string; readonly target: 'local' | 'redshift'}) {
	const fits = source.startsWith('s3://') === (target === 'redshift');
	return fits ? (
		<Text color="gray" wrap="truncate-middle">
			Loads read {source} this session (--source)
		</Text>
	) : (
		<Text color="yellow" wrap="truncate-middle">
			--source {source} is not used: {target === 'redshift' ? 'Redshift loads from s3://' : 'this machine loads a folder'}
		</Text>
	);
}
