// The project's own folder (where package.json, sql/ and README.md are), found by walking
// up from this file: the same answer whether the code runs from source/ (tests, through tsx)
// or from the compiled build/.

import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

function findProjectRoot(from: string): string {
	for (let folder = from; ; folder = path.dirname(folder)) {
		try {
			const manifest = JSON.parse(fs.readFileSync(path.join(folder, 'package.json'), 'utf8')) as {name?: string};
			if (manifest.name === 'sparkify-dwh') return folder;
		} catch {
			// No package.json here, or not ours: keep walking up.
		}
		if (path.dirname(folder) === folder) throw new Error(`sparkify-dwh's package.json was not found above ${from}`);
	}
}

export const projectRoot = findProjectRoot(path.dirname(fileURLToPath(import.meta.url)));
