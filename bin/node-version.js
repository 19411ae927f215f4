// Which Node versions sparkify-dwh runs on (package.json engines: ^22.22 || >=24.15).
// Plain JavaScript with no imports: it must run on the old Node it is refusing.

/** @param {string} version e.g. "24.15.0" */
export function isSupportedNode(version) {
	const [major, minor] = version.split('.').map(Number);
	return (major === 22 && minor >= 22) || (major === 24 && minor >= 15) || major >= 25;
}
