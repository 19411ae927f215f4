#!/usr/bin/env node
// The command's entry: refuse an unsupported Node with one clear sentence, settle colour
// before any colour library loads (chalk reads FORCE_COLOR at import, and ignores NO_COLOR),
// then run the TypeScript sources through tsx.

import module from 'node:module';
import {isSupportedNode} from './node-version.js';

if (!isSupportedNode(process.versions.node)) {
	process.stderr.write(
		`sparkify-dwh needs Node.js 22.22+ or 24.15+, and this is Node.js ${process.versions.node}.\n` +
			'  What to do: install the current LTS (Node.js 24), or run it once with: npx -p node@24 -- node bin/sparkify-dwh.js\n',
	);
	process.exit(1);
}
if (process.env.NO_COLOR && !process.env.FORCE_COLOR) process.env.FORCE_COLOR = '0';

// V8's code cache on disk: the second start parses nothing it parsed before (Ink and the
// AWS SDK are large), which is most of the time to the first frame.
module.enableCompileCache?.();

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
