import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { gatewayEndpoints } from '../examples/gateway-url.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

describe('examples: the gateway URL', () => {
  it.each([
    ['http://127.0.0.1:4000/graphql', 'http://127.0.0.1:4000/graphql'],
    ['http://127.0.0.1:4000/graphql/', 'http://127.0.0.1:4000/graphql'],
    ['http://127.0.0.1:4000', 'http://127.0.0.1:4000/graphql'],
    ['http://127.0.0.1:4000/', 'http://127.0.0.1:4000/graphql'],
    [' https://gw.example/kling/graphql ', 'https://gw.example/kling/graphql'],
    ['https://gw.example/kling', 'https://gw.example/kling/graphql'],
  ])('%s -> %s', (given, http) => {
    expect(gatewayEndpoints(given)).toEqual({ http, ws: http.replace(/^http/, 'ws') });
  });

  it('refuses what is not an http(s) URL, saying what to use', () => {
    expect(() => gatewayEndpoints('localhost:4000')).toThrow(/http/);
    expect(() => gatewayEndpoints('not a url')).toThrow(/GATEWAY_URL/);
  });

  it('watch-video says clearly when nothing listens at the URL', async () => {
    // A port that was free a moment ago: nothing listens there.
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });
    const child = spawn(process.execPath, ['--import', 'tsx', 'examples/watch-video.ts', 'nobody home'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', GATEWAY_URL: `http://127.0.0.1:${port}/graphql` },
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(out).toContain(`cannot reach the gateway at http://127.0.0.1:${port}/graphql (ECONNREFUSED)`);
    expect(out).toContain('npm start');
  });
});
