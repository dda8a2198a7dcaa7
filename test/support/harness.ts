import { createClient, type Client, type FormattedExecutionResult } from 'graphql-ws';
import pino, { type Logger } from 'pino';
import WebSocket from 'ws';
import { startApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { bearerAuth } from '../../src/kling/auth.js';
import { createKlingClient, type KlingClient } from '../../src/kling/client.js';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox/server.js';

export const SANDBOX_KEY = 'test-sandbox-key';

export interface Harness {
  app: App;
  sandbox: Sandbox;
  url: string;
  close(): Promise<void>;
}

/**
 * A gateway on an ephemeral port in front of its own sandbox upstream, over loopback: the real
 * HTTP server, WebSocket server, client and poller. `env` is read like the process environment;
 * `log` replaces the silent logger (to read what the gateway logs); `kling` builds the upstream
 * client from the sandbox instead of the default one (other credentials, retries).
 */
export async function startHarness(
  options: {
    env?: Record<string, string>;
    sandbox?: SandboxOptions;
    klingTimeoutMs?: number;
    log?: Logger;
    kling?: (sandbox: Sandbox) => KlingClient;
  } = {},
): Promise<Harness> {
  const sandbox = await startSandbox({ apiKey: SANDBOX_KEY, renderMs: 600, ...options.sandbox });
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', POLL_INTERVAL_MS: '50', POLL_MAX_INTERVAL_MS: '200', ...options.env });
  const kling =
    options.kling?.(sandbox) ??
    createKlingClient({
      baseUrl: sandbox.url,
      auth: bearerAuth(SANDBOX_KEY),
      retry: { attempts: 3, baseDelayMs: 10, maxDelayMs: 50 },
      timeoutMs: options.klingTimeoutMs,
    });
  const app = await startApp(config, { kling, log: options.log ?? pino({ level: 'silent' }) });
  return {
    app,
    sandbox,
    url: app.url,
    async close() {
      await app.stop();
      kling.close();
      await sandbox.close();
    },
  };
}

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: { message: string; path?: string[]; extensions?: Record<string, unknown> }[];
}

/** A GraphQL request over real HTTP. */
export async function gql<T = Record<string, any>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<GraphQLResponse<T>> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as Omit<GraphQLResponse<T>, 'status'>;
  return { status: response.status, ...body };
}

export function wsClient(url: string, connectionParams?: Record<string, unknown>): Client {
  return createClient({
    url: `${url.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams,
    retryAttempts: 0,
    lazy: true,
  });
}

/** Every message of one subscription, until it completes or errors. */
export function collect<T = Record<string, any>>(client: Client, query: string, variables: Record<string, unknown>) {
  const results: FormattedExecutionResult<T, unknown>[] = [];
  let dispose: () => void = () => {};
  const done = new Promise<{ results: FormattedExecutionResult<T, unknown>[]; error?: unknown }>((resolve) => {
    dispose = client.subscribe<T>(
      { query, variables },
      {
        next: (value) => results.push(value),
        error: (error) => resolve({ results, error }),
        complete: () => resolve({ results }),
      },
    );
  });
  return { results, done, dispose: () => dispose() };
}

/** Reads a `text/event-stream` GraphQL subscription over HTTP until the server ends it. */
export async function sse<T = Record<string, any>>(
  url: string,
  query: string,
  variables: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<{ status: number; events: FormattedExecutionResult<T, unknown>[] }> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const events: FormattedExecutionResult<T, unknown>[] = [];
  const text = await response.text();
  for (const block of text.split('\n\n')) {
    const lines = block.split('\n');
    const event = lines.find((l) => l.startsWith('event:'))?.slice(6).trim();
    const data = lines.filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trim()).join('\n');
    if ((event === undefined || event === 'next') && data) events.push(JSON.parse(data) as FormattedExecutionResult<T, unknown>);
  }
  return { status: response.status, events };
}

/** Waits until `check` holds, or fails after `ms`. */
export async function eventually<T>(check: () => T | Promise<T>, ms = 5000, what = 'condition'): Promise<NonNullable<T>> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export const CREATE_T2V = /* GraphQL */ `
  mutation Create($input: TextToVideoInput!) {
    createTextToVideo(input: $input) { id taskId status model capability externalTaskId }
  }
`;

export const WATCH = /* GraphQL */ `
  subscription Watch($id: ID!) {
    videoTaskUpdated(id: $id) { id status statusMessage videos { id url duration } }
  }
`;
