// Keeps the README's schema diagram generated: the text between two HTML comments (invisible
// on GitHub) is replaced by a ```mermaid block, and nothing else in the file is touched, so
// `sparkify-dwh schema --write` can run at any time and a test can tell when it is stale.

import path from 'node:path';
import {UserError} from '../core/errors.js';
import {projectRoot} from '../core/project-root.js';

export const schemaStartMarker = '<!-- schema:start -->';
export const schemaEndMarker = '<!-- schema:end -->';

/** The project's own README.md, found from this file as sql-files.ts finds sql/. */
export const projectReadme = path.join(projectRoot, 'README.md');

function markersMissing(problem: string): UserError {
	return new UserError(`The README ${problem}, so there is nowhere to put the schema diagram.`, {
		hint: `Put ${schemaStartMarker} and ${schemaEndMarker} on lines of their own where the diagram belongs (under a "Schema" heading), then run \`npm start -- schema --write\` again.`,
		code: 'readme_markers_missing',
	});
}

/** The region's new content: the diagram in a fenced block, on lines of its own. */
function fencedBlock(diagram: string): string {
	return `\n\`\`\`mermaid\n${diagram.trimEnd()}\n\`\`\`\n`;
}

/** Replaces what lies between the markers with the diagram; `changed` is false when it was already there. */
export function updateReadmeDiagram(readmeText: string, diagram: string): {text: string; changed: boolean} {
	const start = readmeText.indexOf(schemaStartMarker);
	const end = readmeText.indexOf(schemaEndMarker);
	if (start === -1 && end === -1) throw markersMissing(`has neither ${schemaStartMarker} nor ${schemaEndMarker}`);
	if (start === -1) throw markersMissing(`has ${schemaEndMarker} but no ${schemaStartMarker}`);
	if (end === -1) throw markersMissing(`has ${schemaStartMarker} but no ${schemaEndMarker}`);
	if (end < start) throw markersMissing(`has ${schemaEndMarker} before ${schemaStartMarker}`);
	if (readmeText.indexOf(schemaStartMarker, start + 1) !== -1 || readmeText.indexOf(schemaEndMarker, end + 1) !== -1) {
		throw new UserError('The README has more than one pair of schema markers, so it is not clear where the diagram goes.', {
			hint: `Keep one ${schemaStartMarker} … ${schemaEndMarker} pair and delete the others.`,
			code: 'readme_markers_ambiguous',
		});
	}
	const contentStart = start + schemaStartMarker.length;
	const text = readmeText.slice(0, contentStart) + fencedBlock(diagram) + readmeText.slice(end);
	return {text, changed: text !== readmeText};
}
