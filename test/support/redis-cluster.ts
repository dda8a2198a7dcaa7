import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { freePort } from './free-port.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Cluster, Redis } from 'ioredis';

const run = promisify(execFile);

export interface ClusterNode {
  host: string;
  port: number;
}

export interface RedisCluster {
  /** Every node, masters and replicas: what `REDIS_CLUSTER_NODES` would list. */
  nodes: ClusterNode[];
  /** `host:port,...`, the value of `REDIS_CLUSTER_NODES`. */
  nodesEnv: string;
  /** Ports of the nodes that are masters now (they change after a failover). */
  masters(): Promise<number[]>;
  /** SIGKILL of one node: a crashed host, as far as the cluster can tell. */
  kill(port: number): Promise<void>;
  /** The port of the master serving `key`'s slot now. */
  ownerOf(key: string): Promise<number>;
  /** Moves `slots` hash slots from one master to another with `redis-cli --cluster reshard` (keys migrate live). */
  reshard(fromPort: number, toPort: number, slots: number): Promise<void>;
  /** Resolves once every surviving node reports `cluster_state:ok` and every slot has a live master. */
  healthy(timeoutMs?: number): Promise<void>;
  destroy(): Promise<void>;
}

/** `CLUSTER <section>` on one node; `replication` is `INFO replication`. */
async function info(port: number, section: string): Promise<string> {
  const redis = new Redis({ port, host: '127.0.0.1', lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    return (await (section === 'replication' ? redis.call('INFO', 'replication') : redis.call('CLUSTER', section))) as string;
  } finally {
    redis.disconnect();
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A real Redis Cluster from the machine's `redis-server`: `masters` masters with one replica each,
 * on ports the OS hands out, a short node timeout so a killed master's replica takes over within
 * a few seconds. No persistence: a killed node is gone; its replica is the copy.
 */
export async function startRedisCluster(masters = 3): Promise<RedisCluster> {
  const count = masters * 2;
  const dir = await mkdtemp(join(tmpdir(), 'kg-cluster-'));
  const ports: number[] = [];
  const busPorts: number[] = [];
  while (ports.length < count) {
    const [port, bus] = [await freePort(), await freePort()];
    if (port === bus || ports.includes(port) || ports.includes(bus) || busPorts.includes(port) || busPorts.includes(bus)) continue;
    ports.push(port);
    busPorts.push(bus);
  }
  const children = new Map<number, ChildProcess>();
  const exited = new Map<number, Promise<void>>();
  for (let i = 0; i < count; i++) {
    const port = ports[i]!;
    const child = spawn(
      'redis-server',
      [
        '--port', String(port), '--cluster-port', String(busPorts[i]), '--bind', '127.0.0.1',
        '--cluster-enabled', 'yes', '--cluster-config-file', `nodes-${port}.conf`, '--cluster-node-timeout', '1500', '--logfile', `redis-${port}.log`,
        '--dir', dir, '--appendonly', 'no', '--save', '', '--dbfilename', `dump-${port}.rdb`,
      ],
      { stdio: 'ignore' },
    );
    children.set(port, child);
    exited.set(port, new Promise((resolve) => child.once('exit', () => resolve())));
  }
  const destroy = async () => {
    for (const [port, child] of children) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited.get(port);
    }
    await rm(dir, { recursive: true, force: true });
  };
  try {
    for (const port of ports) {
      const deadline = Date.now() + 10_000;
      for (;;) {
        try {
          await info(port, 'INFO');
          break;
        } catch {
          if (Date.now() > deadline) throw new Error(`redis-server on ${port} did not start`);
          await sleep(50);
        }
      }
    }
    await run('redis-cli', ['--cluster', 'create', ...ports.map((p) => `127.0.0.1:${p}`), '--cluster-replicas', '1', '--cluster-yes'], {
      timeout: 30_000,
    });
  } catch (error) {
    await destroy();
    throw error;
  }

  const alive = () => ports.filter((port) => children.get(port)!.exitCode === null && children.get(port)!.signalCode === null);
  const cluster: RedisCluster = {
    nodes: ports.map((port) => ({ host: '127.0.0.1', port })),
    nodesEnv: ports.map((port) => `127.0.0.1:${port}`).join(','),
    async masters() {
      const out: number[] = [];
      for (const port of alive()) if ((await info(port, 'NODES')).split('\n').some((l) => l.includes('myself') && l.includes('master'))) out.push(port);
      return out;
    },
    async kill(port) {
      const child = children.get(port)!;
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited.get(port);
    },
    async healthy(timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        try {
          const up = alive();
          const states = await Promise.all(up.map((port) => info(port, 'INFO')));
          // Every slot range must be served by a master that is running and not flagged failing,
          // as every running node sees it: after a SIGKILL, until a replica has taken over, not so.
          const views = await Promise.all(up.map((port) => info(port, 'NODES')));
          const served = views.every((view) =>
            view
              .split('\n')
              .filter((line) => / master /.test(` ${line.split(' ')[2]?.replace(/,/g, ' ')} `) && line.split(' ').length > 8)
              .every((line) => !/fail/.test(line.split(' ')[2]!) && up.includes(Number(/:(\d+)@/.exec(line)![1]))),
          );
          // A replica that has not finished its first sync cannot be promoted: wait for every link.
          const links = await Promise.all(up.map((port) => info(port, 'replication')));
          const synced = links.every((text) => {
            const masterPort = /master_port:(\d+)/.exec(text);
            return !masterPort || !up.includes(Number(masterPort[1])) || text.includes('master_link_status:up');
          });
          if (states.every((s) => s.includes('cluster_state:ok')) && served && synced) return;
        } catch {
          // a node between states: ask again
        }
        if (Date.now() > deadline) throw new Error('the Redis Cluster did not become healthy');
        await sleep(100);
      }
    },
    async ownerOf(key) {
      const port = alive()[0]!;
      const redis = new Redis({ port, host: '127.0.0.1', lazyConnect: true, retryStrategy: () => null });
      redis.on('error', () => undefined);
      try {
        await redis.connect();
        const slot = (await redis.call('CLUSTER', 'KEYSLOT', key)) as number;
        const ranges = (await redis.call('CLUSTER', 'SLOTS')) as [number, number, [string, number]][];
        const range = ranges.find(([from, to]) => slot >= from && slot <= to);
        if (!range) throw new Error(`no master serves slot ${slot}`);
        return range[2][1];
      } finally {
        redis.disconnect();
      }
    },
    async reshard(fromPort, toPort, slots) {
      const id = async (port: number) => ((await info(port, 'MYID')) as string).trim();
      const [from, to] = [await id(fromPort), await id(toPort)];
      await run(
        'redis-cli',
        ['--cluster', 'reshard', `127.0.0.1:${fromPort}`, '--cluster-from', from, '--cluster-to', to, '--cluster-slots', String(slots), '--cluster-yes'],
        { timeout: 120_000, maxBuffer: 64 * 1024 * 1024 },
      );
    },
    destroy,
  };
  await cluster.healthy();
  return cluster;
}

/** Deletes every key under `prefix` on every master (a cluster has no cross-node SCAN). */
export async function dropClusterPrefix(prefix: string, nodes: ClusterNode[]): Promise<void> {
  const cluster = new Cluster(nodes, { lazyConnect: true });
  cluster.on('error', () => undefined);
  try {
    await cluster.connect();
    await Promise.all(
      cluster.nodes('master').map(async (node) => {
        let cursor = '0';
        do {
          const [next, keys] = await node.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
          // One DEL per key: keys on one node still belong to different slots.
          await Promise.all(keys.map((key) => node.del(key)));
          cursor = next;
        } while (cursor !== '0');
      }),
    );
  } finally {
    cluster.disconnect();
  }
}
