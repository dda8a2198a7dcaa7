import { createServer, connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { serveIpc } from '../lib/ipc.js';

/**
 * A counting TCP relay in front of Redis. A round trip is counted each time a client starts
 * speaking again after Redis has answered (or for the first time): commands written together, a
 * pipeline or MULTI/EXEC, count once; a command sent after awaiting the previous answer counts
 * again. Writes (socket reads on our side) are counted too.
 */
const target = new URL(process.env.REDIS_TARGET ?? 'redis://127.0.0.1:6379');
const totals = { connections: 0, roundTrips: 0, clientWrites: 0, clientBytes: 0, serverWrites: 0 };
const sockets = new Set<Socket>();

const server = createServer((client) => {
  totals.connections++;
  client.setNoDelay(true);
  const upstream = connect(Number(target.port || 6379), target.hostname);
  upstream.setNoDelay(true);
  sockets.add(client);
  sockets.add(upstream);
  let clientSpeaking = false;
  client.on('data', (chunk: Buffer) => {
    totals.clientWrites++;
    totals.clientBytes += chunk.length;
    if (!clientSpeaking) totals.roundTrips++;
    clientSpeaking = true;
    upstream.write(chunk);
  });
  upstream.on('data', (chunk: Buffer) => {
    totals.serverWrites++;
    clientSpeaking = false;
    client.write(chunk);
  });
  const close = () => {
    client.destroy();
    upstream.destroy();
    sockets.delete(client);
    sockets.delete(upstream);
  };
  client.on('close', close);
  upstream.on('close', close);
  client.on('error', close);
  upstream.on('error', close);
});

await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address() as AddressInfo;

serveIpc(
  {
    stats: () => ({ ...totals }),
    async stop() {
      for (const socket of sockets) socket.destroy();
      server.close();
      setTimeout(() => process.exit(0), 20);
    },
  },
  { port },
);
