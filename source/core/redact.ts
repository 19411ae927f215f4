// Secrets never reach a log, a screen or an error message: everything written to the
// log file or printed from an error goes through redact() first.
//
// Passwords are typed by people, so they hold anything: `@`, `/`, `:`, a space, or a
// percent-encoded form of those. A URL's password therefore runs from the first `:` after
// the user name to the LAST `@` on the line that is followed by a host. When in doubt this
// hides too much (the rest of a line with a second `@`), never too little.

const secretKeys = 'password|passwd|pwd|secret|token|secretaccesskey|aws_secret_access_key|aws_session_token|sessiontoken';

const patterns: ReadonlyArray<[RegExp, string]> = [
	// The password part of a connection URL: postgres://user:secret@host, postgresql://…, any scheme.
	[/(\b[a-z][a-z0-9+.-]*:\/\/[^:/?#\s@]*:)[^\n]*@(?=[^@\s/?#]*(?:[/?#:\s'"),;]|$))/gim, '$1***@'],
	// libpq key=value strings quote a value that holds spaces: password='a b\' c'
	[new RegExp(`((?:${secretKeys})\\s*=\\s*)'(?:[^'\\\\]|\\\\.)*'`, 'gi'), "$1'***'"],
	// JSON and key=value pairs whose key names a secret ("password": "…", ?password=…)
	[new RegExp(`((?:${secretKeys})"\\s*:\\s*)"(?:[^"\\\\]|\\\\.)*"`, 'gi'), '$1"***"'],
	[new RegExp(`((?:${secretKeys})["']?\\s*[:=]\\s*)(?!'\\*\\*\\*'|"\\*\\*\\*")["']?[^"'\\s,;&}]+`, 'gi'), '$1***'],
	// AWS access key ids (AKIA… long-term, ASIA… temporary)
	[/\b(AKIA|ASIA)[A-Z0-9]{16}\b/g, '$1****************'],
];

export function redact(text: string): string {
	let out = text;
	for (const [pattern, replacement] of patterns) out = out.replace(pattern, replacement);
	return out;
}

/** An event with its free text (a step's detail, a log message) redacted; numbers untouched. */
export function redactEvent<Event extends {type: string; detail?: string; message?: string}>(event: Event): Event {
	if (event.type === 'step' && event.detail) return {...event, detail: redact(event.detail)};
	if (event.type === 'log' && event.message) return {...event, message: redact(event.message)};
	return event;
}
