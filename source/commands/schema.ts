// `sparkify-dwh schema [--write]`: the star schema drawn from the DDL in sql/, as text for the
// terminal plus a Mermaid ER diagram, or written into the README between its schema markers
// (only when it changed, so running it twice leaves the file as running it once).

import fs from 'node:fs';
import path from 'node:path';
import {UserError, errorMessage} from '../core/errors.js';
import {exitCodes} from './exit-codes.js';
import type {CommandIo} from './registry.js';
import {loadSchemaModel} from '../schema/ddl.js';
import {mermaidErDiagram} from '../schema/mermaid.js';
import {projectReadme, updateReadmeDiagram} from '../schema/readme.js';
import {schemaTextView} from '../schema/text-view.js';

export type SchemaArgs = {
	/** Rewrite the diagram in the README instead of printing it. */
	readonly write: boolean;
	/** The README to rewrite (default: the project's own). */
	readonly readme?: string;
};

function readReadme(file: string): string {
	try {
		return fs.readFileSync(file, 'utf8');
	} catch (error) {
		throw new UserError(`Cannot read ${file}: ${errorMessage(error)}.`, {
			hint: 'Pass the README to rewrite, or run the command from a checkout of sparkify-dwh.',
			code: 'readme_unreadable',
			cause: error,
		});
	}
}

export async function schemaCommand(args: SchemaArgs, io: CommandIo<Record<string, unknown>>): Promise<number> {
	const model = loadSchemaModel('postgres');
	const mermaid = mermaidErDiagram(model);
	if (!args.write) {
		io.outcome({
			ok: true,
			data: {tables: model.tables, relationships: model.relationships, lineage: model.lineage, mermaid},
			summary: [...schemaTextView(model), '', ...mermaid.trimEnd().split('\n')],
		});
		return exitCodes.ok;
	}
	const file = args.readme ? path.resolve(args.readme) : projectReadme;
	const {text, changed} = updateReadmeDiagram(readReadme(file), mermaid);
	if (changed) fs.writeFileSync(file, text);
	io.outcome({
		ok: true,
		data: {readme: file, changed, mermaid},
		summary: [changed ? `${file}: schema diagram updated` : `${file}: schema diagram already up to date`],
	});
	return exitCodes.ok;
}
