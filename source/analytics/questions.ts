// Which analytics questions there are: the built-in ones in sql/analytics/ and the user's
// own .sql files (default <home>/analytics), a user file overriding a built-in of the same
// name. A question is one read-only statement (SELECT or WITH … SELECT) whose leading
// comments carry its metadata:
//   -- title: Top 10 songs by plays
//   -- chart: title,plays        (the bar's label column, then its numeric value column)

import fs from 'node:fs';
import path from 'node:path';
import {UserError} from '../core/errors.js';
import {splitStatements, sqlRoot} from '../warehouse/sql-files.js';

type QuestionSource = 'built-in' | 'user';

export type Question = {
	/** The file's name without .sql; what the user types (`analytics top_songs`). */
	readonly name: string;
	readonly title: string;
	/** The one statement, comments and the trailing semicolon removed. */
	readonly sql: string;
	readonly chart?: {readonly label: string; readonly value: string};
	readonly source: QuestionSource;
	/** Where the question was read from. */
	readonly file: string;
};

/** A question file found on disk, not yet read or checked. */
export type QuestionFile = {readonly name: string; readonly file: string; readonly source: QuestionSource};

const builtInFolder = path.join(sqlRoot, 'analytics');

/** The user's folder of questions when --questions does not name one. */
function defaultQuestionsFolder(home: string): string {
	return path.join(home, 'analytics');
}

function questionFilesIn(folder: string, source: QuestionSource): QuestionFile[] {
	return fs
		.readdirSync(folder, {withFileTypes: true})
		.filter((entry) => entry.isFile() && entry.name.toLowerCase().endsWith('.sql'))
		.map((entry) => ({name: entry.name.slice(0, -'.sql'.length), file: path.join(folder, entry.name), source}))
		.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * Every question file by name: built-ins, then the user's folder on top of them. A folder
 * the user named must exist; the default one may be missing (nobody has made it yet).
 */
function discoverQuestions(options: {readonly home: string; readonly folder?: string | undefined}): Map<string, QuestionFile> {
	const found = new Map<string, QuestionFile>();
	for (const question of questionFilesIn(builtInFolder, 'built-in')) found.set(question.name, question);
	const folder = options.folder ? path.resolve(options.folder) : defaultQuestionsFolder(options.home);
	const stat = fs.statSync(folder, {throwIfNoEntry: false});
	if (!stat) {
		if (options.folder) {
			throw new UserError(`The questions folder ${folder} does not exist.`, {
				hint: 'Give --questions a folder of .sql files, each one SELECT statement.',
				code: 'usage',
			});
		}
		return found;
	}
	if (!stat.isDirectory()) {
		throw new UserError(`${folder} is not a folder.`, {hint: 'Give --questions a folder of .sql files, each one SELECT statement.', code: 'usage'});
	}
	for (const question of questionFilesIn(folder, 'user')) found.set(question.name, question);
	return found;
}

/** Blanks out quoted text, so keywords are only looked for in the SQL itself. */
function withoutQuotedText(sql: string): string {
	return sql.replace(/'(?:[^']|'')*'|"(?:[^"]|"")*"/g, (quoted) => quoted[0]!.repeat(2));
}

// Words that change the warehouse (INTO: SELECT … INTO makes a table). A question runs in a
// READ ONLY transaction anyway; this refuses such a file up front, with its name, rather
// than half-way through a run.
const writingWords = /\b(INTO|INSERT|UPDATE|DELETE|MERGE|UPSERT|TRUNCATE|DROP|ALTER|CREATE|GRANT|REVOKE|COPY|UNLOAD|VACUUM|CALL|EXECUTE|LOCK)\b/i;

/** Reads the metadata comments and checks that the text is one read-only query. */
export function parseQuestion(text: string, file: QuestionFile): Question {
	const refuse = (why: string) =>
		new UserError(`The question ${file.name} (${file.file}) ${why}`, {
			hint: 'A question is one read-only query: a single SELECT (or WITH … SELECT) statement.',
			code: 'question_refused',
		});
	const statements = splitStatements(text);
	if (statements.length === 0) throw refuse('holds no SQL statement.');
	if (statements.length > 1) throw refuse(`holds ${statements.length} statements, not one.`);
	const sql = statements[0]!;
	const first = /^\(*\s*([A-Za-z]+)/.exec(sql)?.[1]?.toUpperCase();
	if (first !== 'SELECT' && first !== 'WITH') throw refuse(`starts with ${first ?? 'something'} rather than SELECT or WITH.`);
	const writing = writingWords.exec(withoutQuotedText(sql));
	if (writing) throw refuse(`contains ${writing[1]!.toUpperCase()}; questions may only read.`);

	const meta = new Map<string, string>();
	for (const match of text.matchAll(/^\s*--\s*(title|chart)\s*:\s*(.*?)\s*$/gim)) {
		const key = match[1]!.toLowerCase();
		if (!meta.has(key)) meta.set(key, match[2]!);
	}
	let chart: Question['chart'];
	const chartText = meta.get('chart');
	if (chartText !== undefined) {
		const [label, value, ...rest] = chartText.split(',').map((part) => part.trim());
		if (!label || !value || rest.length > 0) throw refuse(`has "-- chart: ${chartText}"; write it as "-- chart: <label column>,<value column>".`);
		chart = {label, value};
	}
	return {name: file.name, title: meta.get('title') || file.name, sql, ...(chart ? {chart} : {}), source: file.source, file: file.file};
}

function readQuestion(file: QuestionFile): Question {
	return parseQuestion(fs.readFileSync(file.file, 'utf8'), file);
}

/**
 * The questions to answer: the one named, or all of them in name order. An unknown name
 * fails with the names there are; a file that is not one read-only query is refused.
 */
export function resolveQuestions(options: {readonly home: string; readonly folder?: string | undefined; readonly name?: string | undefined}): Question[] {
	const found = discoverQuestions(options);
	if (options.name === undefined) return [...found.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)).map(readQuestion);
	const file = found.get(options.name);
	if (!file) {
		throw new UserError(`There is no question named "${options.name}". Available: ${[...found.keys()].join(', ')}.`, {
			hint: `Run \`sparkify-dwh analytics\` without a name for all of them, or add ${options.name}.sql to ${options.folder ? path.resolve(options.folder) : defaultQuestionsFolder(options.home)}.`,
			code: 'usage',
		});
	}
	return [readQuestion(file)];
}
