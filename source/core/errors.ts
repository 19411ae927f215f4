// Errors a user can act on carry a hint ("what to do now"); everything else is a bug.
// Front ends print a UserError as one clear sentence plus its hint, and anything else
// as a bug with the path of the log file that holds the detail.

export class UserError extends Error {
	override readonly name = 'UserError';
	/** What the user can do about it, in one sentence: on the command line, in flags. */
	readonly hint: string | undefined;
	/** The same advice in the wizard's words (a menu item, a setting), where the hint names a flag. */
	readonly wizardHint: string | undefined;
	/** A stable, machine-readable reason for --json output and tests. */
	readonly code: string;
	/** The message says all there is (the server's answer to the user's own SQL): no log path is shown with it. */
	readonly noDetails: boolean;

	constructor(message: string, options: {hint?: string; wizardHint?: string; code?: string; cause?: unknown; noDetails?: boolean} = {}) {
		super(message, {cause: options.cause});
		this.hint = options.hint;
		this.wizardHint = options.wizardHint;
		this.code = options.code ?? 'user_error';
		this.noDetails = options.noDetails ?? false;
	}
}

/** What to do, in the words of the place the user is: the wizard's (menu items, settings) or the command line's (flags). */
export function hintFor(error: UserError, inWizard: boolean): string | undefined {
	return (inWizard ? error.wizardHint : undefined) ?? error.hint;
}

/** The user (or a signal) cancelled the work; not a failure of the tool. */
export class CancelledError extends Error {
	override readonly name = 'CancelledError';
	constructor(message = 'Cancelled.') {
		super(message);
	}
}

export function isUserError(error: unknown): error is UserError {
	return error instanceof UserError;
}

export function isCancelled(error: unknown): boolean {
	// ExitPromptError: @inquirer/prompts' answer to Ctrl-C while it holds the terminal in raw mode.
	return error instanceof CancelledError || (error instanceof Error && (error.name === 'AbortError' || error.name === 'ExitPromptError'));
}

/** Throws CancelledError when the signal has fired; call at safe points in long work. */
export function throwIfCancelled(signal: AbortSignal | undefined): void {
	if (signal?.aborted) throw new CancelledError();
}

export function errorMessage(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}
