// PostgreSQL COPY text format: tab-separated, \N for NULL, backslash escapes for the
// characters that would break a row. Cheaper to produce than CSV (no quoting decisions).

const needsEscape = /[\\\t\n\r]/;
const escapes: Record<string, string> = {'\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r'};

export function copyTextField(value: string | number | null): string {
	if (value === null) return '\\N';
	if (typeof value === 'number') return String(value);
	return needsEscape.test(value) ? value.replace(/[\\\t\n\r]/g, (char) => escapes[char]!) : value;
}
