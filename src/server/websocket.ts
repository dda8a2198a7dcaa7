import { GraphQLError, type ExecutionArgs } from 'graphql';
import type { ServerOptions } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import type { Server } from 'node:http';
import { WebSocketServer } from 'ws';
import { ErrorCode, GraphQLErrorCode } from '../errors.js';
import type { Authenticator, Principal } from './auth.js';
import { webSocketOriginCheck, type CorsOrigins } from './cors.js';
import type { DirectWrite } from './shared-execution.js';
import { TextFrameWebSocket } from './text-frames.js';
import type { GatewayYoga } from './yoga.js';

export const WS_LIMITS = {
  /** Subscriptions must carry only small operations; creates with Base64 media go over HTTP. */
  maxPayloadBytes: 1024 * 1024,
  /** Well below ws's defaults, so many tiny frames cannot pin memory (CVE-2026-48779). */
  maxFragments: 1024,
  maxBufferedChunks: 1024,
  /** graphql-ws has no cap of its own. */
  maxSubscriptionsPerConnection: 100,
  connectionInitWaitTimeoutMs: 3000,
  /** Longest wait a token's expiry timer is set for; setTimeout cannot count further. */
  maxExpiryTimerMs: 2 ** 31 - 1,
  keepAliveMs: 12_000,
  /**
   * How long a closing socket may take to answer the close frame before it is cut off. ws waits 30 s
   * by default, so one stalled peer held a whole shutdown that long.
   */
  closeTimeoutMs: 1500,
} as const;

interface Extra extends Record<PropertyKey, unknown> {
  principal: Principal;
  /** Closes the socket when the token expires. */
  expiry?: NodeJS.Timeout;
}

/** graphql-ws's close code for a refused connection; also used when a token expires. */
export const CLOSE_FORBIDDEN = 4403;

/**
 * graphql-ws on the same port and path as HTTP, executing through yoga's envelop (the official
 * recipe), so both transports share the schema, plugins and context. Two departures from it:
 * parse and validation failures, armor's included, come back as an `error` message for that one
 * operation instead of closing the socket (trap T1), and a connection may hold only so many
 * subscriptions. Around it: the upgrade's `Origin` is checked against `CORS_ORIGINS`, and a
 * connection authenticated with a token is closed with 4403 when the token expires.
 */
export function attachWebSocketServer(
  server: Server,
  yoga: GatewayYoga,
  options: {
    authenticate: Authenticator;
    corsOrigins: CorsOrigins;
    /** True once the gateway drains: new upgrades are refused with 503 (the client goes elsewhere). */
    draining?: () => boolean;
    /** Told of each refusal (metrics). */
    onRefused?: (limit: 'operations_per_socket' | 'draining') => void;
  },
) {
  const draining = () => {
    if (!options.draining?.()) return false;
    options.onRefused?.('draining');
    return true;
  };
  const allowedOrigin = webSocketOriginCheck(options.corsOrigins);
  const wss = new WebSocketServer({
    server,
    path: yoga.graphqlEndpoint,
    // A draining replica sends clients elsewhere first; then the Origin check, refused before the
    // upgrade, so a page elsewhere cannot ride on the browser's network position.
    verifyClient: (info, done) => {
      if (draining()) return done(false, 503, 'Draining');
      return allowedOrigin(info) ? done(true) : done(false, 403, 'Origin not allowed');
    },
    maxPayload: WS_LIMITS.maxPayloadBytes,
    perMessageDeflate: false,
    WebSocket: TextFrameWebSocket,
    ...({
      maxFragments: WS_LIMITS.maxFragments,
      maxBufferedChunks: WS_LIMITS.maxBufferedChunks,
      closeTimeout: WS_LIMITS.closeTimeoutMs,
    } as object),
  });

  const disposable = useServer<Record<string, unknown>, Extra>(
    {
      connectionInitWaitTimeout: WS_LIMITS.connectionInitWaitTimeoutMs,
      // A refused key or token closes the socket with 4403 Forbidden; no reason text is promised.
      onConnect: async (ctx) => {
        // The upgrade request has served its purpose (the Origin check, before the upgrade); held
        // for the connection's life it is about a kilobyte per socket (headers, raw headers, streams).
        (ctx.extra as { request?: unknown }).request = undefined;
        const authorization = ctx.connectionParams?.authorization;
        let principal: Principal;
        try {
          principal = await options.authenticate(typeof authorization === 'string' ? authorization : undefined);
        } catch {
          return false;
        }
        ctx.extra.principal = principal;
        const expiresAt = principal.expiresAt;
        if (expiresAt !== null) {
          const socket = ctx.extra.socket;
          const arm = () => {
            const left = expiresAt - Date.now();
            const fire = left > WS_LIMITS.maxExpiryTimerMs ? arm : () => socket.close(CLOSE_FORBIDDEN, 'Token expired');
            ctx.extra.expiry = setTimeout(fire, Math.min(Math.max(0, left), WS_LIMITS.maxExpiryTimerMs));
            ctx.extra.expiry.unref();
          };
          arm();
        }
        return true;
      },
      onClose: (ctx) => clearTimeout(ctx.extra.expiry),
      onNext: (_ctx, _id, _payload, _args, result) =>
        result.errors ? { ...result, errors: result.errors.map((e) => withoutHttp(e.toJSON ? e.toJSON() : e)) } : result,
      onError: (_ctx, _id, _payload, errors) => errors.map((e) => withoutHttp(e)),
      execute: (args) => (args.rootValue as Enveloped).execute(args),
      subscribe: (args) => (args.rootValue as Enveloped).subscribe(args),
      onSubscribe: async (ctx, id, payload) => {
        // graphql-ws has already registered this operation, so it counts itself.
        if (Object.keys(ctx.subscriptions).length > WS_LIMITS.maxSubscriptionsPerConnection) {
          options.onRefused?.('operations_per_socket');
          return [
            new GraphQLError(`At most ${WS_LIMITS.maxSubscriptionsPerConnection} operations per connection.`, {
              extensions: { code: ErrorCode.LIMIT_EXCEEDED },
            }),
          ];
        }
        // Only what the gateway's context and plugins read: this object lives as long as the operation.
        const { schema, execute, subscribe, contextFactory, parse, validate } = yoga.getEnveloped({
          socket: ctx.extra.socket,
          params: payload,
          principal: ctx.extra.principal,
          transport: 'ws',
          // States of a shared subscription are written straight to the socket (shared-execution.ts).
          directWrite: { operationId: id, socket: ctx.extra.socket } satisfies DirectWrite,
        });
        let document;
        try {
          document = parse(payload.query);
        } catch (error) {
          return [asGraphQLError(error)];
        }
        let errors: readonly GraphQLError[];
        try {
          errors = validate(schema, document);
        } catch (error) {
          return [asGraphQLError(error)];
        }
        if (errors.length > 0) return [...errors];
        const args: ExecutionArgs = {
          schema,
          document,
          operationName: payload.operationName,
          variableValues: payload.variables,
          contextValue: await contextFactory(),
          rootValue: { execute, subscribe } satisfies Enveloped,
        };
        return args;
      },
    },
    wss,
    WS_LIMITS.keepAliveMs,
  );

  return {
    wss,
    /** Closes every socket with 1001 Going Away and completes their subscriptions. */
    dispose: async () => {
      await disposable.dispose();
    },
  };
}

type OperationResult = ReturnType<NonNullable<ServerOptions['execute']>>;

interface Enveloped {
  execute: (args: ExecutionArgs) => OperationResult;
  subscribe: (args: ExecutionArgs) => OperationResult;
}

/** Parse failures get the code yoga gives them over HTTP, so both transports answer alike. */
function asGraphQLError(error: unknown): GraphQLError {
  if (error instanceof GraphQLError) {
    if (error.extensions.code === undefined) (error.extensions as Record<string, unknown>).code = GraphQLErrorCode.GRAPHQL_PARSE_FAILED;
    return error;
  }
  return new GraphQLError('The operation could not be read.', { extensions: { code: GraphQLErrorCode.GRAPHQL_PARSE_FAILED } });
}

/** `extensions.http` steers yoga's HTTP status; it means nothing on a socket and is not sent. */
function withoutHttp<T extends { extensions?: Record<string, unknown> }>(error: T): T {
  if (!error.extensions || !('http' in error.extensions)) return error;
  const { http: _http, ...extensions } = error.extensions;
  return { ...error, extensions };
}
