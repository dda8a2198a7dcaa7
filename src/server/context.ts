import type { Services } from '../services.js';

/** Built once per HTTP request or WebSocket operation, by `createContext`. */
export interface GatewayContext {
  tenant: string;
  services: Services;
}
