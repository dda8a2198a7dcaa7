/**
 * A bare `EventSource`: no library, but no headers either, so only for a gateway without keys or
 * tokens (the sandbox). Events are named `next` (a result) and `complete` (the end): close on
 * `complete`, or the browser reconnects and the subscription starts again.
 */
export function watchWithEventSource(
  url: string,
  query: string,
  variables: Record<string, unknown>,
  onResult: (result: { data?: unknown; errors?: unknown[] }) => void,
): () => void {
  const params = new URLSearchParams({ query, variables: JSON.stringify(variables) });
  const source = new EventSource(`${url}?${params}`); // url: https://gw.example/graphql
  source.addEventListener('next', (event) => onResult(JSON.parse((event as MessageEvent<string>).data)));
  source.addEventListener('complete', () => source.close());
  return () => source.close();
}
