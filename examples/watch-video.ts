/**
 * A frontend's whole journey in one script, typed by the documents `npm run codegen` generates from
 * `examples/operations.graphql`: start a video, then watch it render over graphql-ws.
 *
 *   npx tsx examples/watch-video.ts "a red fox in fresh snow"
 *
 * GATEWAY_URL (default http://localhost:4000; the URL the gateway's banner prints works as is, with or
 * without /graphql) and GATEWAY_KEY (when the gateway has GATEWAY_API_KEYS; an end-user token works too).
 */
import { print } from 'graphql';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import {
  CreateTextToVideoDocument,
  WatchVideoTaskDocument,
  type CreateTextToVideoMutation,
  type WatchVideoTaskSubscription,
} from './generated/graphql.js';
import { gatewayEndpoints } from './gateway-url.js';

let endpoints: { http: string; ws: string };
try {
  endpoints = gatewayEndpoints(process.env.GATEWAY_URL ?? 'http://localhost:4000');
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
const authorization = process.env.GATEWAY_KEY ? `Bearer ${process.env.GATEWAY_KEY}` : undefined;
const prompt = process.argv[2] ?? 'A red fox running through fresh snow at sunrise, cinematic';

let response: Response;
try {
  response = await fetch(endpoints.http, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
    body: JSON.stringify({ query: print(CreateTextToVideoDocument), variables: { input: { prompt, duration: 5 } } }),
  });
} catch (error) {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  console.error(
    `cannot reach the gateway at ${endpoints.http} (${cause?.code ?? cause?.message ?? (error as Error).message}). ` +
      'Is it running? Start it with `npm start`, or set GATEWAY_URL to the URL it prints.',
  );
  process.exit(1);
}
if (!(response.headers.get('content-type') ?? '').includes('json')) {
  console.error(`${endpoints.http} answered HTTP ${response.status} without GraphQL: is GATEWAY_URL the gateway's URL?`);
  process.exit(1);
}
const created = (await response.json()) as { data?: CreateTextToVideoMutation; errors?: { message: string; extensions?: { code?: string } }[] };
if (!created.data) {
  console.error(`create refused: ${created.errors?.map((e) => `${e.extensions?.code}: ${e.message}`).join('; ')}`);
  process.exit(1);
}
const task = created.data.createTextToVideo;
console.log(`created ${task.id} (Kling task ${task.taskId}, ${task.model}): ${task.status}`);

const client = createClient({
  url: endpoints.ws,
  webSocketImpl: WebSocket,
  connectionParams: authorization ? { authorization } : undefined,
});
const updates = client.iterate<WatchVideoTaskSubscription>({ query: print(WatchVideoTaskDocument), variables: { id: task.id } });
type State = NonNullable<WatchVideoTaskSubscription['videoTaskUpdated']>;

// The gateway sends an event when the task or its estimate changes materially, not on a timer: in a
// terminal, a bar is redrawn in between, moving linearly from the last event's progress towards 1 at
// the estimated end (and never past 99% or backwards).
const tty = process.stdout.isTTY === true;
let latest: { state: State; at: number } | undefined;
let shown = 0;
const clock = (ms: number) => {
  const s = Math.max(0, Math.round(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
};
function progressNow(now: number): number {
  if (!latest) return 0;
  const { state, at } = latest;
  const end = state.estimatedCompletionAt ? Date.parse(state.estimatedCompletionAt) : undefined;
  const p = end && end > at ? state.progress + ((1 - state.progress) * (now - at)) / (end - at) : state.progress;
  return (shown = Math.max(shown, Math.min(0.99, p)));
}
function drawBar(): void {
  if (!latest) return;
  const now = Date.now();
  const p = progressNow(now);
  const width = 30;
  const filled = Math.round(p * width);
  const { estimatedCompletionAt: eta, estimatedCompletionAtP90: upper } = latest.state;
  const left = eta ? `ETA ${clock(Date.parse(eta) - now)}${upper ? ` (at most ~${clock(Date.parse(upper) - now)})` : ''}` : 'no estimate yet';
  process.stdout.write(`\r\x1b[K[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(Math.floor(p * 100)).padStart(2)}% ${latest.state.status} ${left}`);
}
const redraw = tty ? setInterval(drawBar, 250) : undefined;

for await (const update of updates) {
  const state = update.data?.videoTaskUpdated;
  if (!state) {
    console.error(`watch failed: ${JSON.stringify(update.errors)}`);
    process.exitCode = 1;
    break;
  }
  latest = { state, at: Date.now() };
  if (tty) process.stdout.write('\r\x1b[K');
  const eta = state.estimatedCompletionAt ? ` ${Math.round(state.progress * 100)}%, ETA ${clock(Date.parse(state.estimatedCompletionAt) - Date.now())}` : '';
  console.log(`${state.updatedAt}${eta} ${state.status}${state.statusMessage ? `: ${state.statusMessage}` : ''}`);
  for (const video of state.videos) console.log(`  video ${video.url} (${video.duration ?? '?'} s)`);
  if (tty) drawBar();
}
if (redraw) clearInterval(redraw);
await client.dispose();
