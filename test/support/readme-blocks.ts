// The README's sample outputs, found and compared with what the tool really prints
// (test/e2e/readme-outputs.test.ts runs them). A block is marked by an HTML comment on the
// line before its fence, invisible on GitHub:
//
//   <!-- output: first run -->      the `$` command, run in a home of its own
//   <!-- output: loaded -->         the `$` command, run where the quick start's load is
//   <!-- output: screen, first run -->  what `sparkify-dwh` draws at 80×24 in a new home
//   <!-- output: screen, loaded -->     … in the home of the quick start's load
//   <!-- output: not compared, <why> -->  shown, but no run can reproduce it
//
// A line that is only `…` stands for any number of lines left out. Only what truly varies
// from run to run (durations, rates, dates, ports, where the home and the checkout are) is
// normalised, in both the README and the real output, before they are compared; so are the
// row rates and heartbeat lines that only a slow machine prints.

export const outputMarker = /^\s*<!-- output: (.+?) -->\s*$/;

export type OutputBlock = {
	/** What the marker says: `first run`, `loaded`, `screen, first run`, … */
	readonly kind: string;
	/** The README's line number (from 1) of the marker, for messages. */
	readonly line: number;
	/** The command after `$ `, when the block starts with one. */
	readonly command?: string;
	/** The block's lines after the command line. */
	readonly expected: readonly string[];
};

/** Every marked block, in order; throws when a marker is not followed by a ```text fence or a fence is not closed. */
export function readmeOutputBlocks(readme: string): OutputBlock[] {
	const lines = readme.split('\n');
	const blocks: OutputBlock[] = [];
	for (let index = 0; index < lines.length; index++) {
		const marker = outputMarker.exec(lines[index]!);
		if (!marker) continue;
		const open = /^(\s*)```text\s*$/.exec(lines[index + 1] ?? '');
		if (!open) throw new Error(`README.md:${index + 1}: the output marker is not followed by a \`\`\`text fence on the next line.`);
		const indent = open[1]!.length;
		const body: string[] = [];
		let at = index + 2;
		for (; at < lines.length && !/^\s*```\s*$/.test(lines[at]!); at++) body.push(lines[at]!.slice(indent));
		if (at === lines.length) throw new Error(`README.md:${index + 2}: the fence opened here is never closed.`);
		const command = body[0]?.startsWith('$ ') ? body[0].slice(2) : undefined;
		blocks.push({kind: marker[1]!, line: index + 1, command, expected: command === undefined ? body : body.slice(1)});
		index = at;
	}
	return blocks;
}

/** Line numbers of ```text fences that have no output marker before them. */
export function unmarkedTextFences(readme: string): number[] {
	const lines = readme.split('\n');
	const unmarked: number[] = [];
	let inFence = false;
	lines.forEach((line, index) => {
		if (!/^\s*```/.test(line)) return;
		if (!inFence && /^\s*```text\s*$/.test(line) && !outputMarker.test(lines[index - 1] ?? '')) unmarked.push(index + 1);
		inFence = !inFence;
	});
	return unmarked;
}

/** The words of a `$` line, split as a shell would (single and double quotes), and its `|` stages. */
export function shellPipeline(command: string): string[][] {
	const stages: string[][] = [[]];
	let word: string | undefined;
	const end = () => {
		if (word !== undefined) stages.at(-1)!.push(word);
		word = undefined;
	};
	for (let at = 0; at < command.length; at++) {
		const char = command[at]!;
		if (char === "'" || char === '"') {
			const close = command.indexOf(char, at + 1);
			if (close === -1) throw new Error(`unclosed ${char} in: ${command}`);
			word = (word ?? '') + command.slice(at + 1, close);
			at = close;
		} else if (char === ' ') end();
		else if (char === '|') {
			end();
			stages.push([]);
		} else word = (word ?? '') + char;
	}
	end();
	return stages;
}

/** The ways the README spells this project's command; the rest of the line is its arguments. */
const commandPrefixes = [['sparkify-dwh'], ['npx', 'sparkify-dwh'], ['npm', 'start', '--silent', '--']];

/** The tool's arguments in a `$` line's first stage, or undefined when it is not this tool. */
export function toolArguments(words: readonly string[]): string[] | undefined {
	const prefix = commandPrefixes.find((candidate) => candidate.every((word, index) => words[index] === word));
	return prefix ? words.slice(prefix.length) : undefined;
}

export type Places = {
	/** The SPARKIFY_DWH_HOME the command ran with. */
	readonly home: string;
	/** The checkout the command ran in. */
	readonly checkout: string;
};

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * What varies from run to run, made the same: the home (also root's data folder, see the
 * README's "The embedded PostgreSQL") reads `~/.local/share/sparkify-dwh`, the checkout
 * `~/sparkify-dwh`; durations, rates, times of day, log dates and ports read `<duration>`, `<rate>`, …
 */
export function normalise(text: string, places?: Places): string {
	let out = text;
	if (places) {
		out = out.replace(new RegExp(`${escapeRegExp(places.home)}(?=/|\\b|$)`, 'g'), '~/.local/share/sparkify-dwh');
		out = out.replace(new RegExp(`${escapeRegExp(places.checkout)}(?=/|\\b|$)`, 'g'), '~/sparkify-dwh');
	}
	return (
		out
			.replace(/\/var\/lib\/sparkify-dwh\/[0-9a-f]+/g, '~/.local/share/sparkify-dwh')
			// The time a step was done, and the day in a log file's name; dates in the data stay.
			// (local, with its zone's name: `2026-12-02 05:12 CET`, or `Dec 2 05:12 CET` in a menu row).
			.replace(/\b(?:\d{4}-\d{2}-\d{2}|[A-Z][a-z]{2} \d{1,2}) \d{2}:\d{2}(?: (?:GMT[+-][\d:]+|[A-Z]{2,5}))?(?![\w+:-])/g, '<time>')
			.replace(/-\d{4}-\d{2}-\d{2}\.log\b/g, '-<date>.log')
			// A row rate is printed only for a task slower than half a second, a heartbeat line only
			// for one slower still: whether they appear at all depends on the machine's speed.
			.replace(/, \d[\d,.]* rows\/s\b/g, '')
			.replace(/^ *… [\w/-]+: .*\n?/gm, '')
			.replace(/\b\d[\d,.]* ?[KMG]?B\/s\b/g, '<rate>')
			.replace(/\b(?:\d+m \d{2}s|\d[\d,.]* (?:ms|s))\b/g, '<duration>')
			.replace(/\bport \d+/g, 'port <port>')
			.split('\n')
			.map((line) => line.trimEnd())
			.join('\n')
	);
}

/** Does `actual` match `expected`, where an expected line that is only `…` stands for any number of lines? */
export function linesMatch(expected: readonly string[], actual: readonly string[]): boolean {
	// matches[i][j]: expected from i matches actual from j.
	const memo = new Map<string, boolean>();
	const from = (i: number, j: number): boolean => {
		const key = `${i},${j}`;
		const known = memo.get(key);
		if (known !== undefined) return known;
		let result: boolean;
		if (i === expected.length) result = j === actual.length;
		else if (expected[i]!.trim() === '…') result = from(i + 1, j) || (j < actual.length && from(i, j + 1));
		else result = j < actual.length && expected[i] === actual[j] && from(i + 1, j + 1);
		memo.set(key, result);
		return result;
	};
	return from(0, 0);
}

/** Trailing empty lines dropped, so a block need not end with the blank lines a screen or print leaves. */
export const withoutTrailingBlanks = (lines: readonly string[]) => {
	const out = [...lines];
	while (out.length > 0 && out.at(-1)!.trim() === '') out.pop();
	return out;
};

/** The message for a block that drifted: where it is, how to refresh it, and both texts. */
export function driftMessage(block: OutputBlock, expected: readonly string[], actual: string, realOutput: string): string {
	return [
		`README.md:${block.line}: the block marked "output: ${block.kind}"${block.command ? ` (\`${block.command}\`)` : ''} no longer shows what the tool prints.`,
		'Refresh it: replace the block\'s lines with the real output below (keep a "…" line where lines are left out on purpose),',
		'or, if the tool is what is wrong, fix the tool. Durations, dates, ports and paths may be anything: they are normalised.',
		'--- README (normalised)',
		...expected,
		'--- real (normalised)',
		actual,
		'--- real output, as printed',
		realOutput,
	].join('\n');
}
