import { badInput } from '../errors.js';
import type { Capability } from '../capabilities/registry.js';
import type { Caller } from '../model/caller.js';
import type { TaskRecord, TaskStatus } from '../model/task.js';
import type { Services } from '../services.js';
import { decodeCursor } from '../store/task-store.js';

/** Page size when `first` is not given, and the most one page may hold. */
export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

export interface ListArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
  status?: TaskStatus | null;
  capability?: Capability | null;
}

export interface TaskConnection {
  edges: { cursor: string; node: TaskRecord }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

/** `videoTasks`: a tenant's (or one end user's) history, newest first, paged forward with opaque cursors. */
export async function listTasks(services: Services, caller: Caller, args: ListArgs): Promise<TaskConnection> {
  if (args.last != null || args.before != null) {
    throw badInput(args.last != null ? 'last' : 'before', 'History pages forward only: use first and after.');
  }
  const first = args.first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE) {
    throw badInput('first', `first must be between 0 and ${MAX_PAGE_SIZE}.`);
  }
  let after: string | undefined;
  if (args.after != null) {
    after = decodeCursor(args.after);
    if (after === undefined) throw badInput('after', 'after is not a cursor from this list.');
  }
  const page = await services.store.list({
    tenant: caller.tenant,
    user: caller.user ?? undefined,
    after,
    limit: first,
    status: args.status ?? undefined,
    capability: args.capability ?? undefined,
  });
  const edges = page.records.map((node, i) => ({ cursor: page.cursors[i]!, node }));
  return {
    edges,
    pageInfo: {
      hasNextPage: page.hasNextPage,
      hasPreviousPage: after !== undefined,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: page.resumeCursor ?? edges.at(-1)?.cursor ?? null,
    },
  };
}
