import type { Services } from '../services.js';

/** Built once per HTTP request or WebSocket operation, by `createContext`. */
export interface GatewayContext {
  tenant: string;
  /** The end user a token names; null for the tenant's API key, which sees the whole tenant. */
  user: string | null;
  services: Services;
}
