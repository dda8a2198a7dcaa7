import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { TaskRecord } from '../../src/model/task.js';
import { memory, serveIpc } from '../lib/ipc.js';
import { changeHandlers, globalIdOf } from './changes.js';

/**
 * The floor for fan-out: what writing the frames costs, and nothing else. A bare `ws` server that
 * speaks just enough graphql-transport-ws for the bench's clients (ack, subscribe, complete) and
 * sends each change as the same `next` frame, byte for byte the shape the gateway sends for the
 * bench's `Watch` query: the payload serialised once per change, each subscriber's frame that
 * string with its operation id around it, then one `send` per socket. No GraphQL, no validation,
 * no version filter, no buffer.
 */
const records = new Map<string, TaskRecord>();
interface Watcher {
  socket: WebSocket;
  prefix: string;
}
const topics = new Map<string, Set<Watcher>>();

const iso = (ms: number) => new Date(ms).toISOString();
/** The `Watch` selection: id status statusMessage updatedAt videos { id url duration }. */
const payloadOf = (task: TaskRecord): string =>
  JSON.stringify({
    data: {
      videoTaskUpdated: {
        id: globalIdOf(task.id),
        status: task.status,
        statusMessage: task.statusMessage,
        updatedAt: iso(task.updatedAt),
        videos: task.videos.map((v) => ({ id: v.id, url: v.url, duration: v.duration ?? null })),
      },
    },
  });
const rawId = (globalId: string) => Buffer.from(globalId, 'base64').toString('utf8').slice('VideoTask:'.length);

const server = createServer((req, res) => {
  res.writeHead(req.url === '/readyz' || req.url === '/healthz' ? 200 : 404);
  res.end();
});
const wss = new WebSocketServer({ server, path: '/graphql', perMessageDeflate: false });
wss.on('connection', (socket) => {
  const own = new Map<string, { taskId: string; watcher: Watcher }>();
  socket.on('message', (data) => {
    const message = JSON.parse(String(data)) as { type: string; id?: string; payload?: { variables?: { id?: string } } };
    if (message.type === 'connection_init') return socket.send('{"type":"connection_ack"}');
    if (message.type === 'complete' && message.id) {
      const op = own.get(message.id);
      own.delete(message.id);
      if (op) topics.get(op.taskId)?.delete(op.watcher);
      return;
    }
    if (message.type !== 'subscribe' || !message.id) return;
    const taskId = rawId(String(message.payload?.variables?.id ?? ''));
    const watcher: Watcher = { socket, prefix: `{"id":${JSON.stringify(message.id)},"type":"next","payload":` };
    let set = topics.get(taskId);
    if (!set) topics.set(taskId, (set = new Set()));
    set.add(watcher);
    own.set(message.id, { taskId, watcher });
    const current = records.get(taskId);
    if (current) socket.send(`${watcher.prefix}${payloadOf(current)}}`);
  });
  socket.on('close', () => {
    for (const op of own.values()) topics.get(op.taskId)?.delete(op.watcher);
    own.clear();
  });
});

await new Promise<void>((resolve) => server.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? '127.0.0.1', resolve));
const address = server.address() as AddressInfo;

const changes = changeHandlers({
  async insert(record) {
    records.set(record.id, structuredClone(record));
  },
  async get(id) {
    const record = records.get(id);
    return record ? structuredClone(record) : null;
  },
  async write(next) {
    const current = records.get(next.id);
    if (!current || current.version !== next.version - 1) return false;
    records.set(next.id, structuredClone(next));
    const watchers = topics.get(next.id);
    if (watchers?.size) {
      const payload = payloadOf(next);
      for (const w of watchers) w.socket.send(`${w.prefix}${payload}}`);
    }
    return true;
  },
});

serveIpc(
  {
    ...changes,
    memory,
    listeners: () => [...topics.values()].reduce((n, set) => n + set.size, 0),
    async stop() {
      for (const socket of wss.clients) socket.close(1001, 'Going away');
      server.closeAllConnections();
      server.close();
      setTimeout(() => process.exit(0), 20);
    },
  },
  { url: `http://127.0.0.1:${address.port}` },
);
