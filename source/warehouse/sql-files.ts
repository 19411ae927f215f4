// SQL lives in sql/ as .sql files; this reads them and splits a file into statements.
// The splitter understands quotes and comments, which is all our own files need.

import fs from 'node:fs';
import path from 'node:path';
import {projectRoot} from '../core/project-root.js';

export const sqlRoot = path.join(projectRoot, 'sql');

export function readSql(relativePath: string): string {
	return fs.readFileSync(path.join(sqlRoot, relativePath), 'utf8');
}

/** The .sql files of one folder under sql/, in name order. */
export function sqlFilesIn(folder: string): string[] {
	return fs
		.readdirSync(path.join(sqlRoot, folder))
		.filter((name) => name.endsWith('.sql'))
		.sort()
		.map((name) => path.posix.join(folder, name));
}

/** Splits SQL text into statements at semicolons outside quotes, dollar-quoted bodies and comments. */
export function splitStatements(text: string): string[] {
	const statements: string[] = [];
	let current = '';
	let index = 0;
	while (index < text.length) {
		const char = text[index]!;
		const next = text[index + 1];
		if (char === '-' && next === '-') {
			const end = text.indexOf('\n', index);
			index = end === -1 ? text.length : end + 1;
			current += '\n';
			continue;
		}
		if (char === '/' && next === '*') {
			const end = text.indexOf('*/', index + 2);
			index = end === -1 ? text.length : end + 2;
			current += ' ';
			continue;
		}
		if (char === "'" || char === '"') {
			let end = index + 1;
			for (;;) {
				end = text.indexOf(char, end);
				if (end === -1) {
					end = text.length;
					break;
				}
				if (text[end + 1] === char) {
					end += 2;
					continue;
				}
				break;
			}
			current += text.slice(index, end + 1);
			index = end + 1;
			continue;
		}
		// A dollar-quoted body ($$ … $$, $tag$ … $tag$: a DO block's) is one piece, semicolons and all.
		const dollar = char === '$' ? /^\$[A-Za-z_]*\$/.exec(text.slice(index, index + 64)) : null;
		if (dollar) {
			const close = text.indexOf(dollar[0], index + dollar[0].length);
			const end = close === -1 ? text.length : close + dollar[0].length;
			current += text.slice(index, end);
			index = end;
			continue;
		}
		if (char === ';') {
			if (current.trim()) statements.push(current.trim());
			current = '';
			index++;
			continue;
		}
		current += char;
		index++;
	}
	if (current.trim()) statements.push(current.trim());
	return statements;
}

/** The statements of one file under sql/. */
export function sqlStatements(relativePath: string): string[] {
	return splitStatements(readSql(relativePath));
}
