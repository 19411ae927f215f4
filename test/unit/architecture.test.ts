// The rules of the house, checked on the code itself: steps never reach a front end, and
// the screens never reach pg or the AWS SDK, directly or through anything they import.
// Only value imports count (`import type` leaves nothing at run time); dynamic imports are
// followed too, since they load the same code, only later.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {test} from 'node:test';

const root = path.resolve(import.meta.dirname, '..', '..');

function valueImports(file: string): string[] {
	const text = fs.readFileSync(file, 'utf8');
	const specifiers: string[] = [];
	for (const match of text.matchAll(/^\s*(?:import|export)\s+(?!type\b)[^'"]*?from\s+'([^']+)'/gm)) specifiers.push(match[1]!);
	for (const match of text.matchAll(/^\s*import\s+'([^']+)'/gm)) specifiers.push(match[1]!);
	for (const match of text.matchAll(/import\('([^']+)'\)/g)) specifiers.push(match[1]!);
	return specifiers;
}

function resolveLocal(from: string, specifier: string): string | undefined {
	if (!specifier.startsWith('.')) return undefined;
	const base = path.resolve(path.dirname(from), specifier).replace(/\.js$/, '');
	return ['.ts', '.tsx'].map((extension) => base + extension).find((candidate) => fs.existsSync(candidate));
}

/** Every package reachable from a file, with the chain of files that leads to it. */
function reachablePackages(start: string): Map<string, string[]> {
	const packages = new Map<string, string[]>();
	const seen = new Set<string>();
	const walk = (file: string, chain: string[]) => {
		if (seen.has(file)) return;
		seen.add(file);
		for (const specifier of valueImports(file)) {
			const local = resolveLocal(file, specifier);
			if (local) walk(local, [...chain, path.relative(root, local)]);
			else if (!specifier.startsWith('node:') && !packages.has(specifier)) packages.set(specifier, chain);
		}
	};
	walk(start, [path.relative(root, start)]);
	return packages;
}

const filesIn = (folder: string) =>
	(fs.readdirSync(path.join(root, folder), {recursive: true}) as string[]).filter((name) => /\.tsx?$/.test(name)).map((name) => path.join(root, folder, name));

test('screens and components reach neither pg nor the AWS SDK', () => {
	const files = filesIn('source/ui');
	assert.ok(files.length > 10);
	for (const file of files) {
		for (const [name, chain] of reachablePackages(file)) {
			assert.ok(!/^(pg|pg-copy-streams|@aws-sdk\/.*|conf)$/.test(name), `${name} is reached from the UI: ${chain.join(' → ')}`);
		}
	}
});

test('steps import no front end', () => {
	for (const file of filesIn('source/steps')) {
		for (const specifier of valueImports(file)) {
			assert.ok(!/^(ink|react|@inquirer\/.*)$/.test(specifier) && !/\/(ui|plain|headless|interactive)\//.test(specifier), `${path.relative(root, file)} imports ${specifier}`);
		}
	}
});

test('the rule checker sees through a chain of imports', () => {
	// interactive/actions.ts reaches the AWS SDK only through dynamic imports; the check must find it.
	const reached = reachablePackages(path.join(root, 'source/interactive/actions.ts'));
	assert.ok(
		[...reached.keys()].some((name) => name.startsWith('@aws-sdk/')),
		[...reached.keys()].join(', '),
	);
});

test('no module re-exports another: each name is imported from where it is made', () => {
	const shims: string[] = [];
	for (const file of filesIn('source')) {
		for (const match of fs.readFileSync(file, 'utf8').matchAll(/^export (?:type )?(?:\{[^}]*\}|\*) from '[^']+';$/gm)) shims.push(`${path.relative(root, file)}: ${match[0]}`);
	}
	assert.deepEqual(shims, []);
});
