/**
 * A frontend's whole journey in one script, typed by the documents `npm run codegen` generates from
 * `examples/operations.graphql`: start a video, then watch it render over graphql-ws.
 *
 *   npx tsx examples/watch-video.ts "a red fox in fresh snow"
 *
 * GATEWAY_URL (default http://localhost:4000) and GATEWAY_KEY (when the gateway has GATEWAY_API_KEYS).
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

const gateway = (process.env.GATEWAY_URL ?? 'http://localhost:4000').replace(/\/+$/, '');
const authorization = process.env.GATEWAY_KEY ? `Bearer ${process.env.GATEWAY_KEY}` : undefined;
const prompt = process.argv[2] ?? 'A red fox running through fresh snow at sunrise, cinematic';

const response = await fetch(`${gateway}/graphql`, {
  method: 'POST',
  headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
  body: JSON.stringify({ query: print(CreateTextToVideoDocument), variables: { input: { prompt, duration: 5 } } }),
});
const created = (await response.json()) as { data?: CreateTextToVideoMutation; errors?: { message: string; extensions?: { code?: string } }[] };
if (!created.data) {
  console.error(`create refused: ${created.errors?.map((e) => `${e.extensions?.code}: ${e.message}`).join('; ')}`);
  process.exit(1);
}
const task = created.data.createTextToVideo;
console.log(`created ${task.id} (Kling task ${task.taskId}, ${task.model}): ${task.status}`);

const client = createClient({
  url: `${gateway.replace(/^http/, 'ws')}/graphql`,
  webSocketImpl: WebSocket,
  connectionParams: authorization ? { authorization } : undefined,
});
const updates = client.iterate<WatchVideoTaskSubscription>({ query: print(WatchVideoTaskDocument), variables: { id: task.id } });
for await (const update of updates) {
  const state = update.data?.videoTaskUpdated;
  if (!state) {
    console.error(`watch failed: ${JSON.stringify(update.errors)}`);
    process.exitCode = 1;
    break;
  }
  console.log(`${state.updatedAt} ${state.status}${state.statusMessage ? `: ${state.statusMessage}` : ''}`);
  for (const video of state.videos) console.log(`  video ${video.url} (${video.duration ?? '?'} s)`);
}
await client.dispose();
