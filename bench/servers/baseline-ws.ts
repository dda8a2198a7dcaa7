import { Repeater, SlidingBuffer } from '@repeaterjs/repeater';
import {
  GraphQLEnumType,
  GraphQLFloat,
  GraphQLID,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLSchema,
  GraphQLString,
} from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import type { TaskRecord } from '../../src/model/task.js';
import { memory, serveIpc } from '../lib/ipc.js';
import { changeHandlers, globalIdOf } from './changes.js';

/**
 * The baseline for fan-out and footprint: a bare `ws` + graphql-ws `useServer` over a graphql-js
 * schema of the same shape (no yoga, no Pothos, no envelop, no armor), with a Map for a store and a
 * listener set per task for events. Each subscription does what the gateway's does at its
 * simplest: attach, read the current state, then push newer versions through the same bounded
 * buffer, and end after a terminal state.
 */
const records = new Map<string, TaskRecord>();
const topics = new Map<string, Set<(record: TaskRecord) => void>>();

const TaskStatus = new GraphQLEnumType({
  name: 'TaskStatus',
  values: { SUBMITTED: {}, PROCESSING: {}, SUCCEEDED: {}, FAILED: {} },
});
const Video = new GraphQLObjectType({
  name: 'Video',
  fields: {
    id: { type: new GraphQLNonNull(GraphQLID) },
    url: { type: new GraphQLNonNull(GraphQLString) },
    duration: { type: GraphQLFloat },
  },
});
const iso = (ms: number) => new Date(ms).toISOString();
const VideoTask = new GraphQLObjectType<TaskRecord>({
  name: 'VideoTask',
  fields: {
    id: { type: new GraphQLNonNull(GraphQLID), resolve: (task) => globalIdOf(task.id) },
    taskId: { type: new GraphQLNonNull(GraphQLString) },
    capability: { type: new GraphQLNonNull(GraphQLString) },
    model: { type: new GraphQLNonNull(GraphQLString) },
    status: { type: new GraphQLNonNull(TaskStatus) },
    statusMessage: { type: GraphQLString },
    externalTaskId: { type: GraphQLString },
    videos: { type: new GraphQLNonNull(new GraphQLList(new GraphQLNonNull(Video))) },
    createdAt: { type: new GraphQLNonNull(GraphQLString), resolve: (task) => iso(task.createdAt) },
    updatedAt: { type: new GraphQLNonNull(GraphQLString), resolve: (task) => iso(task.updatedAt) },
  },
});
const rawId = (globalId: string) => Buffer.from(globalId, 'base64').toString('utf8').slice('VideoTask:'.length);

const schema = new GraphQLSchema({
  query: new GraphQLObjectType({
    name: 'Query',
    fields: {
      videoTask: {
        type: VideoTask,
        args: { id: { type: new GraphQLNonNull(GraphQLID) } },
        resolve: (_root, args: { id: string }) => records.get(rawId(args.id)) ?? null,
      },
    },
  }),
  subscription: new GraphQLObjectType({
    name: 'Subscription',
    fields: {
      videoTaskUpdated: {
        type: new GraphQLNonNull(VideoTask),
        args: { id: { type: new GraphQLNonNull(GraphQLID) } },
        subscribe: (_root, args: { id: string }) => {
          const id = rawId(args.id);
          return new Repeater<TaskRecord>(async (push, stop) => {
            let sent = 0;
            const emit = (record: TaskRecord) => {
              if (record.version <= sent) return;
              sent = record.version;
              void push(record);
              if (record.status === 'SUCCEEDED' || record.status === 'FAILED') stop();
            };
            let set = topics.get(id);
            if (!set) topics.set(id, (set = new Set()));
            set.add(emit);
            const current = records.get(id);
            if (current) emit(current);
            await stop;
            set.delete(emit);
          }, new SlidingBuffer(16));
        },
        resolve: (record: TaskRecord) => record,
      },
    },
  }),
});

const server = createServer((req, res) => {
  if (req.url === '/readyz' || req.url === '/healthz') {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('ok');
    return;
  }
  res.writeHead(404);
  res.end();
});
const wss = new WebSocketServer({ server, path: '/graphql', perMessageDeflate: false });
const disposable = useServer({ schema }, wss, 12_000);

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
    for (const listener of topics.get(next.id) ?? []) listener(next);
    return true;
  },
});

serveIpc(
  {
    ...changes,
    memory,
    listeners: () => [...topics.values()].reduce((n, set) => n + set.size, 0),
    async stop() {
      await disposable.dispose();
      server.closeAllConnections();
      server.close();
      setTimeout(() => process.exit(0), 20);
    },
  },
  { url: `http://127.0.0.1:${address.port}` },
);
