import type { TypedDocumentString } from '../generated/graphql.js';
import { authorization } from './session.js';

export interface GatewayError {
  message: string;
  extensions?: { code?: string; field?: string; issues?: { field: string; message: string }[]; [key: string]: unknown };
}

export interface Result<T> {
  data?: T | null;
  errors?: GatewayError[];
}

/** A query or mutation over HTTP, typed by its generated document. Network failures become an error. */
export async function request<T, V>(document: TypedDocumentString<T, V>, variables: V): Promise<Result<T>> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/graphql-response+json, application/json',
  };
  const auth = authorization();
  if (auth) headers.authorization = auth;
  let response: Response;
  try {
    response = await fetch('/graphql', { method: 'POST', headers, body: JSON.stringify({ query: document.toString(), variables }) });
  } catch {
    return { errors: [{ message: 'The gateway cannot be reached.', extensions: { code: 'NETWORK' } }] };
  }
  try {
    return (await response.json()) as Result<T>;
  } catch {
    return { errors: [{ message: `The gateway answered HTTP ${response.status}.`, extensions: { code: 'NETWORK' } }] };
  }
}
