#!/usr/bin/env node
// The command's entry: refuse an unsupported Node with one clear sentence, settle colour
// before any colour library loads (chalk reads FORCE_COLOR at import, and ignores NO_COLOR),
// then run the start-up bundle when it matches the sources (bin/bundle.js), else the
// TypeScript sources through tsx — and have the bundle built for next time.

import {spawn} from 'node:child_process';
import fs from 'node:fs';
import module from 'node:module';
import path from 'node:path';
import {bundleEntry, projectRoot, sourceStamp} from './bundle.js';
import {isSupportedNode} from './node-version.js';

if (!isSupportedNode(process.versions.node)) {
	const message = `sparkify-dwh needs Node.js 22.22+ or 24.15+, and this is Node.js ${process.versions.node}.`;
	const hint = 'Install the current LTS (Node.js 24), or run it once with: npx -p node@24 -- node bin/sparkify-dwh.js';
	// --json ends with its error line even here, before any of the tool has loaded.
	if (process.argv.includes('--json')) process.stdout.write(`${JSON.stringify({type: 'error', code: 'node_unsupported', message, hint})}\n`);
	else process.stderr.write(`✖ ${message}\n  What to do: ${hint}\n`);
	process.exit(1);
}
if (process.env.NO_COLOR && !process.env.FORCE_COLOR) process.env.FORCE_COLOR = '0';

// V8's code cache on disk: the second start parses nothing it parsed before (Ink and the
// AWS SDK are large), which is most of the time to the first frame.
module.enableCompileCache?.();

const stamp = process.env.SPARKIFY_DWH_NO_BUNDLE ? undefined : sourceStamp();
if (stamp && fs.existsSync(bundleEntry(stamp))) {
	await import(bundleEntry(stamp));
} else {
	if (stamp) buildInBackground(stamp);
	await runFromSources();
}

/** One builder per stamp, detached, so this command does not wait for it. */
function buildInBackground(stamp) {
	try {
		const cache = path.join(projectRoot, 'node_modules', '.cache', 'sparkify-dwh');
		fs.mkdirSync(cache, {recursive: true});
		fs.mkdirSync(path.join(cache, `.spawned-${stamp}`));
	} catch {
		return; // Already being built (or the cache cannot be written: then there is no bundle).
	}
	spawn(process.execPath, [path.join(projectRoot, 'bin', 'bundle.js')], {detached: true, stdio: 'ignore'}).unref();
}

async function runFromSources() {
	// Ink takes one function (throttle) from es-toolkit's compat barrel, which loads some 400
	// files to give it: half the time to the first frame. Point that one import at the file
	// that defines it. Anything else asking for the barrel still gets the barrel.
	module.registerHooks?.({
		resolve(specifier, context, nextResolve) {
			if (specifier === 'es-toolkit/compat' && context.parentURL?.includes('/node_modules/ink/')) {
				const resolved = nextResolve('es-toolkit/compat', context);
				return {...resolved, url: new URL('./function/throttle.mjs', resolved.url).href};
			}
			return nextResolve(specifier, context);
		},
	});

	const {register} = await import('tsx/esm/api');
	register();
	await import('../source/cli.tsx');
}
