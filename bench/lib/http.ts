import { Agent, request } from 'node:http';

/**
 * HTTP for the load generator: node:http with one keep-alive agent per target, the same client for
 * the gateway and for the direct path, so any difference is the server's. (fetch would add the
 * same ~constant cost to both sides but more of it.)
 */
const agents = new Map<string, Agent>();

function agentFor(origin: string): Agent {
  let agent = agents.get(origin);
  if (!agent) agents.set(origin, (agent = new Agent({ keepAlive: true, maxSockets: 256 })));
  return agent;
}

export function closeAgents(): void {
  for (const agent of agents.values()) agent.destroy();
  agents.clear();
}

export interface HttpAnswer {
  status: number;
  body: string;
}

export function httpJson(
  url: string,
  method: 'GET' | 'POST',
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<HttpAnswer> {
  const target = new URL(url);
  const raw = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: target.hostname,
        port: target.port,
        path: `${target.pathname}${target.search}`,
        method,
        agent: agentFor(target.origin),
        headers: {
          accept: 'application/json',
          ...(raw === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(raw) }),
          ...headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(raw);
  });
}

export interface GraphQLAnswer<T> {
  data?: T | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

/** A GraphQL operation over HTTP POST; throws on transport errors and GraphQL errors. */
export async function gql<T = Record<string, unknown>>(baseUrl: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const answer = await httpJson(`${baseUrl}/graphql`, 'POST', { query, variables });
  const parsed = JSON.parse(answer.body) as GraphQLAnswer<T>;
  if (parsed.errors?.length || !parsed.data) {
    throw new Error(`GraphQL ${answer.status}: ${JSON.stringify(parsed.errors ?? parsed)}`);
  }
  return parsed.data;
}

/**
 * Runs `task` `count` times with `concurrency` in flight; returns each latency (ms) and the wall
 * time of the lot.
 */
export async function timed(count: number, concurrency: number, task: (i: number) => Promise<void>) {
  const latencies: number[] = new Array(count);
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < count) {
      const i = next++;
      const t0 = performance.now();
      await task(i);
      latencies[i] = performance.now() - t0;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return { latencies, wallMs: performance.now() - started };
}
