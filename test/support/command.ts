// Runs one command the way the command line and the app do (through the registry's
// dispatch), with its input defaulted as an empty command line would default it.

import {defaultInput, parseCommandLine} from '../../source/cli/args.js';
import {dispatch, type Session} from '../../source/cli/dispatch.js';
import type {CommandName, InputOf} from '../../source/commands/registry.js';

export async function runCommand<Name extends CommandName>(name: Name, input: Partial<InputOf<Name>>, session: Session): Promise<number> {
	return (await dispatch(name, {...defaultInput(name, {}), ...input}, session)).exit;
}

/** Runs a command line (without the program's name) the way the entry does, minus the front-end choice. */
export async function runCommandLine(argv: readonly string[], session: Session): Promise<number> {
	const parsed = parseCommandLine(argv, {});
	if (!parsed.command) throw new Error(`no command in ${argv.join(' ')}`);
	return (await dispatch(parsed.command, parsed.input, session)).exit;
}

/** The AWS tests' shape: a command line, then what it runs with. */
export function runAws(argv: readonly string[], ctx: Session['ctx'], frontEnd: Session['frontEnd'], signal: AbortSignal): Promise<number> {
	return runCommandLine(argv, {ctx, frontEnd, signal});
}
