#!/usr/bin/env node
// The command's entry: refuse an unsupported Node with one clear sentence, settle colour
// before any colour library loads (chalk reads FORCE_COLOR at import, and ignores NO_COLOR),
// then run the compiled build (bin/build.js writes it at install time).

import fs from 'node:fs';
import module from 'node:module';
import path from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';
import {isSupportedNode} from './node-version.js';

/** One sentence and what to do, before any of the tool has loaded; --json ends with its error line even here. */
function refuse(code, message, hint) {
	if (process.argv.includes('--json')) process.stdout.write(`${JSON.stringify({type: 'error', code, message, hint})}\n`);
	else process.stderr.write(`✖ ${message}\n  What to do: ${hint}\n`);
	process.exit(1);
}

if (!isSupportedNode(process.versions.node)) {
	refuse(
		'node_unsupported',
		`sparkify-dwh needs Node.js 22.22+ (in the 22 line) or 24.15+, and this is Node.js ${process.versions.node}.`,
		'Install the current LTS (Node.js 24), or run it once with: npx --yes -p node@24 -- node bin/sparkify-dwh.js',
	);
}
if (process.env.NO_COLOR && !process.env.FORCE_COLOR) process.env.FORCE_COLOR = '0';

// V8's code cache on disk: the second start parses nothing it parsed before (Ink and the
// AWS SDK are large), which is most of the time to the first frame.
module.enableCompileCache?.();

const projectRoot = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const entry = path.join(projectRoot, 'build', 'cli.js');
if (!fs.existsSync(entry)) {
	refuse('not_built', `sparkify-dwh is not built yet (there is no ${entry}).`, `Run \`npm install\` (or \`npm run build\`) in ${projectRoot}.`);
}
await import(pathToFileURL(entry).href);
