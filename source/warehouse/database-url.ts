// A database URL as people type it: the password raw, with `@`, `/`, `:` or a space in it.
// node-postgres reads such a URL wrongly (the part after the first `@` becomes the host, so
// the rest of the password shows up in "host not found" errors and in logs). Here the
// user:password part ends at the LAST `@`, and both are percent-encoded again, so the
// driver gets the URL that was meant. Encoded passwords (p%40ss) are left as they are.

import {UserError} from '../core/errors.js';

// Said so that redaction, which hides whatever follows "user:", leaves the example readable.
const example = 'postgres:// then user:password@host:5432/database';

/** Decodes what is already percent-encoded; a stray `%` is taken literally. */
function reencode(part: string): string {
	let decoded = part;
	try {
		decoded = decodeURIComponent(part);
	} catch {
		// "50%off" is not an encoding: keep it as typed.
	}
	return encodeURIComponent(decoded);
}

/** The URL with its user and password encoded, or a UserError that says how to write one. */
export function normaliseDatabaseUrl(url: string): string {
	const match = /^(postgres(?:ql)?:\/\/)(.*)$/is.exec(url.trim());
	if (!match) {
		throw new UserError(`A database URL must start with postgres:// or postgresql://.`, {hint: `Write it as ${example}.`, code: 'usage'});
	}
	const [, scheme, rest] = match as unknown as [string, string, string];
	const at = rest.lastIndexOf('@');
	let normalised = `${scheme}${rest}`;
	if (at >= 0) {
		const userInfo = rest.slice(0, at);
		const colon = userInfo.indexOf(':');
		const user = colon >= 0 ? userInfo.slice(0, colon) : userInfo;
		const password = colon >= 0 ? userInfo.slice(colon + 1) : undefined;
		normalised = `${scheme}${reencode(user)}${password === undefined ? '' : `:${reencode(password)}`}@${rest.slice(at + 1)}`;
	}
	try {
		new URL(normalised);
	} catch {
		// The URL itself is never repeated here: it may hold the password.
		throw new UserError('The database URL is not a valid URL.', {hint: `Write it as ${example} (check the host and the port).`, code: 'usage'});
	}
	return normalised;
}
