// Compiles the TypeScript sources into build/ (not committed): run by `npm install` (prepare),
// and before `npm start`, `npm test` and `npm run bench`, so what runs is always what the
// sources say and the tests run exactly what users run. Nothing is compiled at run time.
// Ink and React are inlined (loading one file instead of ~200 halves the time to the first
// frame), and so is conf (the first frame reads the settings): with it its `when-exit`,
// which would kill the process on the first Ctrl-C, is replaced by source/config/exit-hook.ts
// (see there why). Every other package (pg, the AWS SDK…) stays an ordinary import, loaded
// when a command needs it. The build is written beside build/ and swapped in whole, so a command
// started meanwhile sees the old build or the new one, never half of either.

import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

export const projectRoot = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
export const buildFolder = path.join(projectRoot, 'build');
export const buildEntry = path.join(buildFolder, 'cli.js');

/** Packages compiled into the build; every other package is imported at run time. */
const inlined = new Set(['ink', 'react', 'conf']);

const packageName = (specifier) =>
	specifier
		.split('/')
		.slice(0, specifier.startsWith('@') ? 2 : 1)
		.join('/');

export async function build() {
	const {build: esbuild} = await import('esbuild');
	const building = fs.mkdtempSync(path.join(projectRoot, '.build-'));
	try {
		await esbuild({
			// The walk's thread (source/etl/threaded-walk.ts) is started from its own file, beside cli.js.
			entryPoints: {cli: path.join(projectRoot, 'source', 'cli.tsx'), 'walk-thread': path.join(projectRoot, 'source', 'etl', 'walk-thread.ts')},
			outdir: building,
			bundle: true,
			splitting: true,
			format: 'esm',
			platform: 'node',
			target: 'node22',
			jsx: 'automatic',
			minifyWhitespace: true,
			minifySyntax: true,
			logLevel: 'silent',
			// CommonJS inside Ink's dependencies calls require(); ESM output has none by itself.
			banner: {js: "import {createRequire as __sparkifyRequire} from 'node:module'; const require = __sparkifyRequire(import.meta.url);"},
			plugins: [
				{
					name: 'packages-stay-packages',
					setup(builder) {
						builder.onResolve({filter: /^[^./]/}, (args) => {
							// Optional at run time (Ink's devtools, only with DEV=true): never inlined.
							if (args.path.startsWith('node:') || args.path === 'react-devtools-core') return {path: args.path, external: true};
							// Ink takes one function (throttle) from es-toolkit's compat barrel of some 400 files.
							if (args.path === 'es-toolkit/compat' && args.importer.includes(`${path.sep}node_modules${path.sep}ink${path.sep}`)) {
								return {path: path.join(projectRoot, 'node_modules', 'es-toolkit', 'dist', 'compat', 'function', 'throttle.mjs')};
							}
							// atomically's exit hook (conf writes through atomically): ours runs on 'exit' only.
							if (args.path === 'when-exit') return {path: path.join(projectRoot, 'source', 'config', 'exit-hook.ts')};
							const fromOurCode = !args.importer.includes(`${path.sep}node_modules${path.sep}`);
							if (fromOurCode && !inlined.has(packageName(args.path))) return {path: args.path, external: true};
							return undefined;
						});
					},
				},
			],
		});
		// Swap the new build in: rename the old one aside first (a rename cannot replace a
		// non-empty folder), then remove it.
		const old = `${buildFolder}.old-${process.pid}`;
		if (fs.existsSync(buildFolder)) fs.renameSync(buildFolder, old);
		fs.renameSync(building, buildFolder);
		fs.rmSync(old, {recursive: true, force: true});
	} catch (error) {
		fs.rmSync(building, {recursive: true, force: true});
		throw error;
	}
}

// `node bin/build.js` builds now.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	const started = performance.now();
	try {
		await build();
		if (!process.env.npm_lifecycle_event?.startsWith('pre')) process.stderr.write(`sparkify-dwh: built in ${(performance.now() - started).toFixed(0)} ms\n`);
	} catch (error) {
		process.stderr.write(`sparkify-dwh: the build failed: ${error.message}\n`);
		process.exit(1);
	}
}
