import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { createGatewayClient, type ConnectionState } from '../api/client.js';
import { createLiveFeed, type Task } from '../api/live.js';
import { plainMessage } from '../errors.js';
import { CancelVideoTaskDocument, RetryVideoTaskDocument, TasksDocument } from '../generated/graphql.js';
import type { TaskActions } from './TaskCard.js';
import { CreateForm } from './CreateForm.js';
import { SignIn } from './SignIn.js';
import { TaskList, type Filters } from './TaskList.js';

export const PAGE_SIZE = 20;

const matches = (task: Task, filters: Filters) =>
  (!filters.status || task.status === filters.status) && (!filters.capability || task.capability === filters.capability);

const CONNECTION_LABELS: Record<ConnectionState, string> = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  'signed-out': 'Not signed in',
};

export function App() {
  const [tasks, setTasks] = useState<Map<string, Task>>(new Map());
  const [order, setOrder] = useState<string[]>([]);
  const [filters, setFilters] = useState<Filters>({ status: '', capability: '' });
  const [page, setPage] = useState<{ after: string | null; hasMore: boolean; loading: boolean }>({ after: null, hasMore: false, loading: true });
  const [error, setError] = useState<{ message: string; code?: string } | null>(null);
  const [connection, setConnection] = useState<ConnectionState>('connecting');
  // Signing in or out starts a new session: a new connection with the new credential.
  const [session, setSession] = useState(0);
  const generation = useRef(0);

  const upsert = useCallback((incoming: Task[]) => {
    setTasks((current) => {
      const next = new Map(current);
      for (const task of incoming) next.set(task.id, task);
      return next;
    });
  }, []);
  const client = useMemo(() => createGatewayClient(setConnection), [session]);
  // A task the list has not shown yet (made in another tab, or by a retry) joins the top when it matches.
  const filtersRef = useRef(filters);
  filtersRef.current = filters;
  const onLive = useCallback((task: Task) => {
    upsert([task]);
    if (matches(task, filtersRef.current)) setOrder((current) => (current.includes(task.id) ? current : [task.id, ...current]));
  }, [upsert]);
  const feed = useMemo(() => createLiveFeed(client, onLive), [client, onLive]);
  useEffect(() => () => {
    feed.close();
    client.dispose();
  }, [client, feed]);

  const load = useCallback(async (after: string | null) => {
    const mine = generation.current;
    setPage((p) => ({ ...p, loading: true }));
    const result = await client.execute(TasksDocument, {
      first: PAGE_SIZE,
      after,
      status: filters.status || null,
      capability: filters.capability || null,
    });
    if (mine !== generation.current) return; // the filters or the session changed meanwhile
    const list = result.data?.videoTasks;
    if (!list) {
      const first = result.errors?.[0];
      setError({ message: first ? plainMessage(first) : 'The list could not be loaded.', code: first?.extensions?.code });
      setPage({ after, hasMore: false, loading: false });
      return;
    }
    setError(null);
    const received = list.edges.map((edge) => edge.node);
    upsert(received);
    setOrder((current) => [...current, ...received.map((t) => t.id).filter((id) => !current.includes(id))]);
    setPage({ after: list.pageInfo.endCursor ?? null, hasMore: list.pageInfo.hasNextPage, loading: false });
  }, [client, filters, upsert]);

  // New filters or a new session start the list again.
  useEffect(() => {
    generation.current += 1;
    setOrder([]);
    void load(null);
  }, [load]);

  const onCreated = useCallback((task: Task) => {
    upsert([task]);
    if (matches(task, filters)) setOrder((current) => [task.id, ...current.filter((id) => id !== task.id)]);
  }, [filters, upsert]);

  const actions = useMemo<TaskActions>(() => ({
    async cancel(task) {
      const result = await client.execute(CancelVideoTaskDocument, { id: task.id });
      if (result.data) upsert([result.data.cancelVideoTask]);
      return result.errors?.[0] ? plainMessage(result.errors[0]) : null;
    },
    async retry(task) {
      const result = await client.execute(RetryVideoTaskDocument, { id: task.id });
      if (result.data) onCreated(result.data.retryVideoTask);
      return result.errors?.[0] ? plainMessage(result.errors[0]) : null;
    },
  }), [client, onCreated, upsert]);

  const shown = useMemo(() => order.map((id) => tasks.get(id)).filter((t): t is Task => Boolean(t)), [order, tasks]);
  const needsAuth = connection === 'signed-out' || error?.code === 'UNAUTHENTICATED';

  return (
    <>
      <header class="top">
        <h1>kling-gateway</h1>
        <span class={`connection ${connection}`} role="status">
          {CONNECTION_LABELS[connection]}
        </span>
        <nav>
          <a href="/graphql">GraphiQL</a>
        </nav>
        <SignIn required={needsAuth} onChange={() => setSession((s) => s + 1)} />
      </header>
      <main class="layout">
        <CreateForm client={client} onCreated={onCreated} />
        <TaskList
          tasks={shown}
          filters={filters}
          onFilters={setFilters}
          hasMore={page.hasMore}
          loading={page.loading}
          onMore={() => void load(page.after)}
          error={error?.message ?? null}
          actions={actions}
        />
      </main>
    </>
  );
}
