import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createSchema, createYoga } from 'graphql-yoga';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { TextFrameWebSocket } from '../src/server/text-frames.js';
import { attachWebSocketServer } from '../src/server/websocket.js';
import type { GatewayYoga } from '../src/server/yoga.js';

/**
 * What a WebSocket connection keeps for as long as it lives. Thousands of connections each holding a
 * subscription are the gateway's common case, so anything a socket holds without needing it is paid
 * for thousands of times (bench: fan-out, "server RSS growth per connection").
 */

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Collects garbage until `gone()` holds, or fails after `ms`. */
async function collectedWithin(gone: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    gc();
    if (gone()) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return false;
}

/** A real client speaking graphql-transport-ws: init, one subscription, resolves on its first `next`. */
async function subscribedClient(url: string): Promise<WebSocket> {
  const ws = new WebSocket(url, 'graphql-transport-ws');
  await new Promise<void>((resolve, reject) => {
    ws.on('message', (data) => {
      const message = JSON.parse(String(data)) as { type: string };
      if (message.type === 'connection_ack') ws.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: 'subscription { ticks }' } }));
      if (message.type === 'next') resolve();
      if (message.type === 'error') reject(new Error(String(data)));
    });
    ws.once('open', () => ws.send(JSON.stringify({ type: 'connection_init', payload: {} })));
    ws.once('error', reject);
  });
  return ws;
}

describe('a WebSocket connection', () => {
  let server: Server;
  let dispose: () => Promise<void>;
  let url: string;
  const upgrades: WeakRef<IncomingMessage>[] = [];

  beforeAll(async () => {
    // A subscription that sends one value, then stays open until the client leaves.
    const schema = createSchema({
      typeDefs: 'type Query { ok: Boolean } type Subscription { ticks: Int }',
      resolvers: {
        Subscription: {
          ticks: {
            subscribe: async function* () {
              yield { ticks: 1 };
              await new Promise(() => {});
            },
          },
        },
      },
    });
    const yoga = createYoga({ schema, graphqlEndpoint: '/graphql', logging: false }) as unknown as GatewayYoga;
    server = createServer();
    server.on('upgrade', (request: IncomingMessage) => upgrades.push(new WeakRef(request)));
    const ws = attachWebSocketServer(server, yoga, {
      authenticate: async () => ({ tenant: 'default', user: null, expiresAt: null }),
      corsOrigins: '*',
    });
    dispose = ws.dispose;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  });
  afterAll(async () => {
    await dispose();
    server.close();
  });

  it('does not hold the request it was upgraded from while its subscription lives', async () => {
    const clients = await Promise.all(Array.from({ length: 5 }, () => subscribedClient(url)));
    expect(upgrades.length).toBeGreaterThanOrEqual(5);
    expect(await collectedWithin(() => upgrades.every((ref) => ref.deref() === undefined), 3000)).toBe(true);
    // ...and the subscriptions are still there: each client is still connected.
    for (const client of clients) expect(client.readyState).toBe(WebSocket.OPEN);
    for (const client of clients) client.close();
  });
});

describe('TextFrameWebSocket', () => {
  it('hands text frames on as strings and binary frames as Buffers', async () => {
    const wss = new WebSocketServer({ port: 0, host: '127.0.0.1', WebSocket: TextFrameWebSocket });
    await new Promise<void>((resolve) => wss.once('listening', resolve));
    const received: { data: unknown; isBinary: boolean }[] = [];
    wss.on('connection', (socket) => socket.on('message', (data, isBinary) => received.push({ data, isBinary })));
    const client = new WebSocket(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}`);
    await new Promise<void>((resolve, reject) => {
      client.once('open', resolve);
      client.once('error', reject);
    });
    client.send('{"type":"ping"} é');
    client.send(Buffer.from([0, 1, 2]));
    const deadline = Date.now() + 3000;
    while (received.length < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    client.close();
    await new Promise<void>((resolve) => wss.close(() => resolve()));
    expect(received).toEqual([
      { data: '{"type":"ping"} é', isBinary: false },
      { data: Buffer.from([0, 1, 2]), isBinary: true },
    ]);
  });
});
