import { createClient, type Client } from 'graphql-ws/client';
import type { TypedDocumentString } from '../generated/graphql.js';
import { authorization } from './session.js';

export interface GatewayError {
  message: string;
  extensions?: { code?: string; field?: string; issues?: { field: string; message: string }[]; [key: string]: unknown };
}

export interface Result<T> {
  data?: T | null;
  errors?: GatewayError[];
}

export type ConnectionState = 'connecting' | 'live' | 'reconnecting' | 'signed-out';

/** graphql-ws closes a connection whose key or token is refused with 4403. */
const FORBIDDEN = 4403;

export interface GatewayClient {
  /** A query or mutation, typed by its generated document. */
  execute<T, V>(document: TypedDocumentString<T, V>, variables: V): Promise<Result<T>>;
  /** A subscription; `done` runs when it completes or fails. Returns the way to stop it. */
  subscribe<T, V>(document: TypedDocumentString<T, V>, variables: V, next: (result: Result<T>) => void, done?: () => void): () => void;
  dispose(): void;
}

/** Below the gateway's WebSocket message limit (1 MB), with room for the protocol's envelope. */
const MAX_WS_MESSAGE = 900 * 1024;

async function overHttp<T>(body: string): Promise<Result<T>> {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  const auth = authorization();
  if (auth) headers.authorization = auth;
  try {
    const response = await fetch('/graphql', { method: 'POST', headers, body });
    return (await response.json()) as Result<T>;
  } catch {
    return { errors: [{ message: 'The gateway cannot be reached.', extensions: { code: 'NETWORK' } }] };
  }
}

const isCloseEvent = (value: unknown): value is { code: number; reason: string } =>
  typeof value === 'object' && value !== null && 'code' in value && typeof (value as { code: unknown }).code === 'number';

function toErrors(error: unknown): GatewayError[] {
  if (Array.isArray(error)) return error as GatewayError[];
  if (isCloseEvent(error) && error.code === FORBIDDEN) {
    return [{ message: 'Sign in with an API key or a token.', extensions: { code: 'UNAUTHENTICATED' } }];
  }
  return [{ message: 'The gateway cannot be reached.', extensions: { code: 'NETWORK' } }];
}

/**
 * Everything the app asks goes over one graphql-ws connection, which reconnects by itself (with
 * graphql-ws's backoff) and re-subscribes what was open. Refused creates are then answers, not failed
 * HTTP requests: the gateway gives those 4xx statuses, which browsers log as console errors.
 */
export function createGatewayClient(onState: (state: ConnectionState) => void): GatewayClient {
  const client: Client = createClient({
    url: `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`,
    // Connected from the start: the header shows the connection, and the first answer comes at once.
    lazy: false,
    onNonLazyError: () => undefined,
    // Read at every (re)connect, so a new key is used without a reload.
    connectionParams: () => {
      const auth = authorization();
      return auth ? { authorization: auth } : {};
    },
    retryAttempts: Infinity,
    // A refused key stays refused; anything else (a restart, a network blip) is worth another try.
    shouldRetry: (error) => !(isCloseEvent(error) && error.code === FORBIDDEN),
    on: {
      connecting: (reconnecting) => onState(reconnecting ? 'reconnecting' : 'connecting'),
      connected: () => onState('live'),
      closed: (event) => {
        if (isCloseEvent(event) && event.code === FORBIDDEN) onState('signed-out');
      },
    },
  });

  const subscribe: GatewayClient['subscribe'] = (document, variables, next, done) =>
    client.subscribe(
      { query: document.toString(), variables: variables as Record<string, unknown> },
      {
        next: (result) => next(result as Result<never>),
        error: (error) => {
          next({ errors: toErrors(error) });
          done?.();
        },
        complete: () => done?.(),
      },
    );

  return {
    subscribe,
    execute: (document, variables) => {
      // Inline images can outgrow a WebSocket message (the gateway takes up to 1 MB there, 32 MB over HTTP).
      const body = JSON.stringify({ query: document.toString(), variables });
      if (body.length > MAX_WS_MESSAGE) return overHttp(body);
      return new Promise((resolve) => {
        let answered = false;
        subscribe(document, variables, (result) => {
          answered = true;
          resolve(result);
        }, () => {
          if (!answered) resolve({ errors: [{ message: 'No answer.', extensions: { code: 'NETWORK' } }] });
        });
      });
    },
    dispose: () => void client.dispose(),
  };
}
