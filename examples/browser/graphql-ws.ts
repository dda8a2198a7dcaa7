import { createClient, type Client } from 'graphql-ws';

/**
 * graphql-ws in a browser: the token goes in `connectionParams` (browsers cannot set headers on a
 * WebSocket). `connectionParams` runs again on every reconnect, so a socket the gateway closed with
 * 4403 at its token's expiry comes back with a fresh token, and its subscriptions resume (each one
 * starts again with the current state).
 */
export function createWsClient(url: string, getToken: () => Promise<string | undefined>): Client {
  return createClient({
    url: url.replace(/^http/, 'ws'), // https://gw.example/graphql -> wss://gw.example/graphql
    connectionParams: async () => {
      const token = await getToken();
      return token ? { authorization: `Bearer ${token}` } : {};
    },
    lazy: true, // connect on the first subscription, close after the last
    retryAttempts: Infinity,
    shouldRetry: () => true,
    // Exponential backoff with jitter, capped at 30 s.
    retryWait: (retries) => new Promise((resolve) => setTimeout(resolve, Math.min(30_000, 500 * 2 ** retries) * (0.5 + Math.random() / 2))),
  });
}
