/**
 * The credential the app sends: a tenant API key or an end-user token, pasted by the user and kept in
 * sessionStorage (gone when the tab closes; never in localStorage, never in a URL). None in sandbox mode.
 */
const KEY = 'kling-gateway:credential';

export function credential(): string | null {
  try {
    return sessionStorage.getItem(KEY);
  } catch {
    return null;
  }
}

export function setCredential(value: string | null): void {
  if (value) sessionStorage.setItem(KEY, value.trim());
  else sessionStorage.removeItem(KEY);
}

export function authorization(): string | undefined {
  const value = credential();
  return value ? `Bearer ${value}` : undefined;
}
