import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import type { GraphQLError, GraphQLSchema } from 'graphql';
import { ErrorCode, StateUnavailableError, stateUnavailable } from '../errors.js';
import { createYoga, maskError, type YogaServerInstance } from 'graphql-yoga';
import type { Logger } from 'pino';
import type { Services } from '../services.js';
import type { GatewayContext } from './context.js';
import { MAX_QUERY_COST, useCostLimit } from './cost-limit.js';
import { useCrossSiteRefusal } from './cross-site.js';
import { useInFlightExecutions, type InFlight } from './in-flight.js';
import type { RefusedBy } from './metrics.js';
import { useSchemaDiscovery } from './schema-discovery.js';
import { useSubscriptionGauge, type Transport } from './subscription-gauge.js';
import type { Authenticator, Principal } from './auth.js';
import { corsOptions, useVaryOrigin, type CorsOrigins } from './cors.js';
import { useSharedSubscriptionExecution } from './shared-execution.js';
import { useTokenExpiry } from './token-expiry.js';
import { useVariableErrorCodes } from './variable-errors.js';
import { useLiteralErrorFields } from './literal-errors.js';

/** What the HTTP and WebSocket layers hand yoga before the context is built. */
export interface ServerContext {
  /** Set by the WebSocket layer, which authenticates once per connection. */
  principal?: Principal;
  /** Set by the WebSocket layer; HTTP subscriptions are SSE. */
  transport?: Transport;
}

export interface YogaOptions {
  schema: GraphQLSchema;
  services: Services;
  authenticate: Authenticator;
  /** Browser origins allowed (`CORS_ORIGINS`). */
  corsOrigins: CorsOrigins;
  log: Logger;
  /** Executions a drain waits for. */
  inFlight?: InFlight;
  /** Whether introspection is served. @default true */
  introspection?: boolean;
}

export type GatewayYoga = YogaServerInstance<ServerContext, GatewayContext>;

/** Query depth a client may ask for; the schema's deepest useful query is 4. */
export const MAX_QUERY_DEPTH = 8;

/**
 * Armor's rejections carry no code (clients branch on one), and call themselves syntax errors
 * ("Syntax Error: Aliases limit of 15 exceeded"), which they are not.
 */
function tagLimit(error: GraphQLError): void {
  (error.extensions as Record<string, unknown>).code = ErrorCode.LIMIT_EXCEEDED;
  error.message = error.message.replace(/^Syntax Error: /, '');
}

export function createGatewayYoga(options: YogaOptions): GatewayYoga {
  const { services, authenticate, log } = options;
  const refused = (limit: RefusedBy) => services.metrics.refusals.inc({ limit });
  const refusedBy = (limit: RefusedBy) => (_context: unknown, error: GraphQLError) => {
    refused(limit);
    tagLimit(error);
  };
  return createYoga<ServerContext, GatewayContext>({
    schema: options.schema,
    graphqlEndpoint: '/graphql',
    healthCheckEndpoint: '/healthz',
    landingPage: false,
    multipart: false,
    // src/server/http.ts caps bodies before yoga sees them; yoga's own limit would cost a stream
    // transform per request and refuse 25-32 MB bodies the gateway accepts.
    maxRequestBodySize: false,
    batching: false,
    cors: corsOptions(options.corsOrigins),
    maskedErrors: {
      isDev: false,
      maskError: (error, message, isDev) => {
        const original = (error as { originalError?: unknown }).originalError ?? error;
        if (original instanceof StateUnavailableError) {
          log.warn({ err: original.message }, 'state store unavailable');
          return stateUnavailable();
        }
        return maskError(error, message, isDev);
      },
    },
    logging: {
      debug: (...args) => log.debug(args.map(String).join(' ')),
      info: (...args) => log.info(args.map(String).join(' ')),
      warn: (...args) => log.warn(args.map(String).join(' ')),
      error: (...args) => log.error({ err: args.map(String).join(' ') }, 'graphql error'),
    },
    // Served by src/server/graphiql.ts from an npm package: yoga's own page loads from a CDN.
    graphiql: false,
    context: async ({ request, principal }) => {
      const caller = principal ?? (await authenticate(request?.headers.get('authorization')));
      // Over WebSocket the socket itself closes with 4403 at expiry; HTTP streams end through useTokenExpiry.
      return { tenant: caller.tenant, user: caller.user, expiresAt: principal ? null : caller.expiresAt, services };
    },
    plugins: [
      EnvelopArmorPlugin({
        maxDepth: { n: MAX_QUERY_DEPTH, flattenFragments: true, onReject: [refusedBy('depth')] },
        // Ours instead (src/server/cost-limit.ts): armor's runs before the variables are known.
        costLimit: { enabled: false },
        // `__typename` counts like any other alias: 2,000 of them are no cheaper to answer.
        maxAliases: { allowList: [], onReject: [refusedBy('aliases')] },
        maxDirectives: { onReject: [refusedBy('directives')] },
        maxTokens: { onReject: [refusedBy('tokens')] },
      }),
      useCrossSiteRefusal(() => refused('cross_site')),
      useCostLimit(MAX_QUERY_COST, () => refused('cost')),
      useVariableErrorCodes(),
      useLiteralErrorFields(),
      useSharedSubscriptionExecution(),
      useSubscriptionGauge(services.metrics.subscriptions),
      // After the shared execution, so the subscribe it wraps is the one that runs.
      useSchemaDiscovery({ introspection: options.introspection ?? true }),
      ...(options.inFlight ? [useInFlightExecutions(options.inFlight)] : []),
      useTokenExpiry(),
      useVaryOrigin(options.corsOrigins),
    ],
  });
}
