import type { Services } from '../services.js';

/** Built once per HTTP request or WebSocket operation, by yoga's `context` option (`src/server/yoga.ts`). */
export interface GatewayContext {
  tenant: string;
  /** The end user a token names; null for the tenant's API key, which sees the whole tenant. */
  user: string | null;
  /**
   * When the caller's token expires (unix ms), for HTTP: SSE subscriptions end then. Null for API
   * keys, and over WebSocket, whose socket is closed with 4403 at that time instead.
   */
  expiresAt: number | null;
  services: Services;
}
