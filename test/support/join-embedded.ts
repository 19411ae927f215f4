// A second process using the embedded warehouse, for the lifecycle test: it joins the server
// of the home given in argv, holds a connection, says "joined", and on any line from stdin
// lets go (closing its handle, as a finished command does) and says "stopped".
// Usage: node --import tsx test/support/join-embedded.ts <home>

import pg from 'pg';
import {noLog} from '../../source/core/log.js';
import {homePaths} from '../../source/core/paths.js';
import {startEmbedded} from '../../source/warehouse/embedded.js';

const server = await startEmbedded(homePaths({SPARKIFY_DWH_HOME: process.argv[2]!}), {log: noLog});
const client = new pg.Client({connectionString: server.url});
await client.connect();
process.stdout.write(`joined ${server.owned ? 'owner' : 'guest'}\n`);
process.stdin.once('data', async () => {
	await client.end();
	await server.stop();
	process.stdout.write('stopped\n');
	process.exit(0);
});
