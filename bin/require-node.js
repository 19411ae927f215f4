#!/usr/bin/env node
// Run before `npm test` (npm's pretest): an unsupported Node would fail on the test runner's
// flags with Node's own "bad option"; say instead which Node to use and how to get it.
// Plain JavaScript with one import: it must run on the old Node it is refusing.

import {isSupportedNode} from './node-version.js';

if (!isSupportedNode(process.versions.node)) {
	process.stderr.write(
		`The tests need Node.js 22.22+ (in the 22 line) or 24.15+, and this is Node.js ${process.versions.node}.\n` +
			'  What to do: install the current LTS (Node.js 24), or run them once with: npx --yes -p node@24 -- npm test\n',
	);
	process.exit(1);
}
