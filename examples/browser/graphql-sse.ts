import { createClient, type Client } from 'graphql-sse';

/**
 * graphql-sse: subscriptions over fetch-based server-sent events, so headers (the token) work, and
 * so does any proxy that passes plain HTTP. Distinct-connections mode: one request per subscription.
 */
export function createSseClient(url: string, getToken: () => Promise<string | undefined>): Client {
  return createClient({
    url, // https://gw.example/graphql
    headers: async (): Promise<Record<string, string>> => {
      const token = await getToken();
      return token ? { authorization: `Bearer ${token}` } : {};
    },
    retryAttempts: 5,
  });
}
