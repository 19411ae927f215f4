// A source whose listing of one kind gives its first `files` files, then waits for a gate: a
// load reading it holds mid-way through that staging table until the test lets it go on.

import type {DataSource, SourceKind} from '../../source/etl/source.js';

export function heldAfter(source: DataSource, kind: SourceKind, files: number, gate: Promise<void>): DataSource {
	return {
		...source,
		async *streamFiles(listed, options) {
			let given = 0;
			for await (const entry of source.streamFiles!(listed, options)) {
				if (listed === kind && given++ === files) await gate;
				yield entry;
			}
		},
	};
}

/** A gate and the function that opens it. */
export function gate(): {opened: Promise<void>; open: () => void} {
	let open!: () => void;
	const opened = new Promise<void>((resolve) => {
		open = resolve;
	});
	return {opened, open};
}
