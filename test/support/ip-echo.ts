// A stand-in for checkip.amazonaws.com (SPARKIFY_DWH_PUBLIC_IP_URL points at it): answers
// every request with `ip`; change `ip` to move the machine to another address.

import http from 'node:http';

export type EchoServer = {url: string; ip: string; close(): Promise<void>};

export async function ipEcho(ip: string): Promise<EchoServer> {
	const echo = {ip} as EchoServer;
	const server = http.createServer((_request, response) => response.end(`${echo.ip}\n`));
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	echo.url = `http://127.0.0.1:${(server.address() as {port: number}).port}/`;
	echo.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
	return echo;
}
