/**
 * The gateway's GraphQL endpoints from whatever URL a user has at hand: the one the start-up banner
 * prints (`http://127.0.0.1:4000/graphql`), the bare origin, with or without a trailing slash.
 */
export function gatewayEndpoints(given: string): { http: string; ws: string } {
  let url: URL;
  try {
    url = new URL(given.trim());
  } catch {
    throw new Error(`GATEWAY_URL "${given}" is not a URL; use the one the gateway prints, e.g. http://127.0.0.1:4000/graphql`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`GATEWAY_URL must start with http:// or https:// (got ${url.protocol})`);
  }
  const path = url.pathname.replace(/\/+$/, '').replace(/\/graphql$/, '');
  const http = `${url.origin}${path}/graphql`;
  return { http, ws: http.replace(/^http/, 'ws') };
}
