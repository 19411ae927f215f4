// Stands in for the `when-exit` package inside the build: bin/build.js compiles conf into
// it and puts this module where `when-exit` was. conf writes the settings through
// `atomically`, which registers its clean-up (deleting a temporary file a write left
// behind) with when-exit; when-exit also listens for SIGINT, SIGTERM and a dozen other
// signals and answers each by killing the process with that signal. This tool answers
// Ctrl-C itself — the first press cancels the running step cleanly, and the process then
// ends by itself with exit code 130 — so here the clean-up runs on 'exit' only, which
// every ending reaches but a kill.

export default function whenExit(callback: () => void): () => void {
	process.on('exit', callback);
	return () => {
		process.off('exit', callback);
	};
}
