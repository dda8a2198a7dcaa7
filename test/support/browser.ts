import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/**
 * Headless Chromium for the browser tests: Debian's `chromium` (apt; `.ci/run` installs it), driven by
 * playwright-core, which downloads no browser of its own. `CHROMIUM_PATH` points elsewhere.
 */
export function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  const found = candidates.find((p): p is string => Boolean(p) && existsSync(p!));
  if (!found) throw new Error('No Chromium found: install it (apt-get install chromium) or set CHROMIUM_PATH.');
  return found;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    // Root in a container has no user namespace for Chromium's sandbox; the pages are our own.
    args: ['--no-sandbox', '--autoplay-policy=no-user-gesture-required', '--mute-audio'],
  });
}

export interface OfflinePage {
  context: BrowserContext;
  page: Page;
  /** Every request the page tried outside the allowed origins (all were refused). */
  blocked: string[];
  /** `console.error` messages and uncaught page errors. */
  errors: string[];
  close(): Promise<void>;
}

/**
 * A page that can reach only the given origins (the gateway, the sandbox, test pages on loopback):
 * every other request is aborted and recorded, so a test proves the page needs no outside network.
 * Blob and data URLs never leave the browser and are not routed.
 */
export async function offlinePage(
  browser: Browser,
  allowed: string[],
  options: { viewport?: { width: number; height: number }; isMobile?: boolean } = {},
): Promise<OfflinePage> {
  const origins = new Set(allowed.map((u) => new URL(u).origin));
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 1280, height: 800 },
    isMobile: options.isMobile,
    hasTouch: options.isMobile,
    deviceScaleFactor: options.isMobile ? 2 : 1,
  });
  const blocked: string[] = [];
  const errors: string[] = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('data:') || url.startsWith('blob:') || origins.has(new URL(url).origin)) return route.continue();
    blocked.push(url);
    return route.abort('internetdisconnected');
  });
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(String(error)));
  return { context, page, blocked, errors, close: () => context.close() };
}
