import { cacheExchange, Client, fetchExchange, subscriptionExchange } from '@urql/core';
import { createWsClient } from './graphql-ws.js';

/**
 * urql: HTTP for queries and mutations, graphql-ws for subscriptions. `fetchOptions` is synchronous,
 * so the token is read from wherever the app keeps it (`@urql/exchange-auth` for refreshes).
 */
export function createUrqlClient(url: string, currentToken: () => string | undefined): Client {
  const ws = createWsClient(url, async () => currentToken());
  return new Client({
    url,
    fetchOptions: () => {
      const token = currentToken();
      return token ? { headers: { authorization: `Bearer ${token}` } } : {};
    },
    exchanges: [
      cacheExchange,
      fetchExchange,
      subscriptionExchange({
        forwardSubscription: (request) => ({
          subscribe: (sink) => ({ unsubscribe: ws.subscribe({ ...request, query: request.query ?? '' }, sink) }),
        }),
      }),
    ],
  });
}
