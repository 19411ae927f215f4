// The start-up bundle: the TypeScript sources compiled once, with Ink and React inlined, into
// node_modules/.cache/sparkify-dwh/<stamp>/. Loading one file instead of ~200 (and no tsx)
// halves the time to the first frame. Everything else (pg, the AWS SDK, conf…) stays an
// ordinary package import, loaded when a command needs it. The stamp changes whenever a
// source file or the installed packages do, so a stale bundle is never used.
// Run by `npm install` (prepare) and, after an edit, in the background by the command itself.

import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

export const projectRoot = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const cacheRoot = path.join(projectRoot, 'node_modules', '.cache', 'sparkify-dwh');

/** Packages compiled into the bundle; every other package is imported at run time. */
const inlined = new Set(['ink', 'react']);

/** Newest change among the sources and the installed packages, and how many sources there are. */
export function sourceStamp() {
	let newest = 0;
	let count = 0;
	const visit = (folder) => {
		for (const entry of fs.readdirSync(folder, {withFileTypes: true})) {
			const full = path.join(folder, entry.name);
			if (entry.isDirectory()) visit(full);
			else {
				count++;
				newest = Math.max(newest, fs.statSync(full).mtimeMs);
			}
		}
	};
	visit(path.join(projectRoot, 'source'));
	for (const file of ['package.json', 'package-lock.json', 'node_modules/.package-lock.json', 'bin/bundle.js']) {
		try {
			newest = Math.max(newest, fs.statSync(path.join(projectRoot, file)).mtimeMs);
		} catch {
			// Not every install has every one of these.
		}
	}
	return `${Math.floor(newest).toString(36)}-${count}`;
}

export function bundleEntry(stamp = sourceStamp()) {
	return path.join(cacheRoot, stamp, 'cli.js');
}

const packageName = (specifier) => specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/');

export async function buildBundle(stamp = sourceStamp()) {
	const target = path.dirname(bundleEntry(stamp));
	if (fs.existsSync(target)) return target;
	const {build} = await import('esbuild');
	fs.mkdirSync(cacheRoot, {recursive: true});
	const building = fs.mkdtempSync(path.join(cacheRoot, `.building-${stamp}-`));
	try {
		await build({
			entryPoints: [path.join(projectRoot, 'source', 'cli.tsx')],
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
							// Ink asks es-toolkit's whole compat barrel for one function.
							if (args.path === 'es-toolkit/compat' && args.importer.includes('/node_modules/ink/')) {
								return {path: path.join(projectRoot, 'node_modules', 'es-toolkit', 'dist', 'compat', 'function', 'throttle.mjs')};
							}
							const fromOurCode = !args.importer.includes(`${path.sep}node_modules${path.sep}`);
							if (fromOurCode && !inlined.has(packageName(args.path))) return {path: args.path, external: true};
							return undefined;
						});
					},
				},
			],
		});
		fs.renameSync(building, target);
	} catch (error) {
		fs.rmSync(building, {recursive: true, force: true});
		// Built meanwhile by another process: theirs is as good as ours.
		if (!fs.existsSync(target)) throw error;
	}
	// Older stamps are of no further use.
	for (const old of fs.readdirSync(cacheRoot)) {
		if (old !== stamp && !old.startsWith('.building-')) fs.rmSync(path.join(cacheRoot, old), {recursive: true, force: true});
	}
	return target;
}

// `node bin/bundle.js` builds it now (npm's prepare step).
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	const started = performance.now();
	try {
		await buildBundle();
		process.stderr.write(`sparkify-dwh: start-up bundle ready in ${(performance.now() - started).toFixed(0)} ms\n`);
	} catch (error) {
		// Never fail an install over it: the command runs from the sources without it.
		process.stderr.write(`sparkify-dwh: no start-up bundle (${error.message}); the command runs from the sources\n`);
	}
}
