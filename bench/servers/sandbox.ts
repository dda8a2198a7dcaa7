import { startSandbox } from '../../src/sandbox/server.js';
import { memory, serveIpc } from '../lib/ipc.js';

/**
 * The Kling sandbox in its own process, so gateways, replicas and direct clients all talk to one
 * upstream over loopback and the driver can count what each sent.
 */
const BENCH_SANDBOX_KEY = 'bench-sandbox-key';

const sandbox = await startSandbox({
  apiKey: BENCH_SANDBOX_KEY,
  renderMs: Number(process.env.SANDBOX_RENDER_MS ?? 2000),
  renderSpread: Number(process.env.SANDBOX_RENDER_SPREAD ?? 0),
  seed: Number(process.env.SANDBOX_SEED ?? 1),
  latencyMs: 0,
  // Creates are the figure, not the account's limit, unless a scenario sets the account's slots.
  concurrency: Number(process.env.SANDBOX_CONCURRENCY ?? 1_000_000_000),
});

serveIpc(
  {
    getsFor: ({ taskId }: { taskId: string }) => sandbox.getsFor(taskId).length,
    /** GETs per task id, counted in one pass over the recorded requests. */
    getsForMany: ({ taskIds }: { taskIds: string[] }) => {
      const wanted = new Set(taskIds);
      let gets = 0;
      for (const r of sandbox.requests) if (r.kind === 'get' && wanted.has(r.path.slice(r.path.lastIndexOf('/') + 1))) gets++;
      return gets;
    },
    totalGets: () => sandbox.totalGets(),
    creates: () => sandbox.creates().length,
    lastCreateBody: () => sandbox.creates().at(-1)?.body ?? null,
    /** Each create's arrival time and external id, in arrival order. */
    createLog: () => sandbox.creates().map((c) => ({ at: c.at, externalId: (c.body as { external_task_id?: string }).external_task_id ?? '' })),
    endsAnswered: () => sandbox.endsAnswered(),
    concurrencyStats: () => sandbox.concurrencyStats(),
    memory,
    async stop() {
      await sandbox.close();
      setTimeout(() => process.exit(0), 20);
    },
  },
  { url: sandbox.url, key: BENCH_SANDBOX_KEY },
);
