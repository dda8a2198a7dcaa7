import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { createLiveFeed, type ConnectionState, type LiveFeed, type Task } from '../api/live.js';
import { request } from '../api/request.js';
import { plainMessage } from '../errors.js';
import { TasksDocument } from '../generated/graphql.js';
import { CreateForm } from './CreateForm.js';
import { SignIn } from './SignIn.js';
import { TaskList, type Filters } from './TaskList.js';

export const PAGE_SIZE = 20;

const matches = (task: Task, filters: Filters) =>
  (!filters.status || task.status === filters.status) && (!filters.capability || task.capability === filters.capability);

export function App() {
  const [tasks, setTasks] = useState<Map<string, Task>>(new Map());
  const [order, setOrder] = useState<string[]>([]);
  const [filters, setFilters] = useState<Filters>({ status: '', capability: '' });
  const [page, setPage] = useState<{ after: string | null; hasMore: boolean; loading: boolean }>({ after: null, hasMore: false, loading: true });
  const [error, setError] = useState<string | null>(null);
  const [needsAuth, setNeedsAuth] = useState(false);
  const [connection, setConnection] = useState<ConnectionState>('connecting');
  const [session, setSession] = useState(0);
  const feed = useRef<LiveFeed | null>(null);
  const generation = useRef(0);

  const upsert = useCallback((incoming: Task[]) => {
    setTasks((current) => {
      const next = new Map(current);
      for (const task of incoming) next.set(task.id, task);
      return next;
    });
    for (const task of incoming) feed.current?.track(task);
  }, []);

  // One live feed per session (signing in or out starts a new one).
  useEffect(() => {
    feed.current = createLiveFeed((task) => upsert([task]), setConnection);
    return () => feed.current?.close();
  }, [session, upsert]);

  const load = useCallback(async (after: string | null) => {
    const mine = generation.current;
    setPage((p) => ({ ...p, loading: true }));
    const result = await request(TasksDocument, {
      first: PAGE_SIZE,
      after,
      status: filters.status || null,
      capability: filters.capability || null,
    });
    if (mine !== generation.current) return; // filters changed meanwhile
    const connection = result.data?.videoTasks;
    if (!connection) {
      const first = result.errors?.[0];
      setNeedsAuth(first?.extensions?.code === 'UNAUTHENTICATED');
      setError(first ? plainMessage(first) : 'The list could not be loaded.');
      setPage({ after, hasMore: false, loading: false });
      return;
    }
    setError(null);
    setNeedsAuth(false);
    const received = connection.edges.map((edge) => edge.node);
    upsert(received);
    setOrder((current) => [...current, ...received.map((t) => t.id).filter((id) => !current.includes(id))]);
    setPage({ after: connection.pageInfo.endCursor ?? null, hasMore: connection.pageInfo.hasNextPage, loading: false });
  }, [filters, upsert]);

  // A new filter or session starts the list again.
  useEffect(() => {
    generation.current += 1;
    setOrder([]);
    void load(null);
  }, [load, session]);

  const onCreated = useCallback((task: Task) => {
    upsert([task]);
    if (matches(task, filters)) setOrder((current) => [task.id, ...current.filter((id) => id !== task.id)]);
  }, [filters, upsert]);

  const shown = useMemo(() => order.map((id) => tasks.get(id)).filter((t): t is Task => Boolean(t)), [order, tasks]);

  return (
    <>
      <header class="top">
        <h1>kling-gateway</h1>
        <span class={`connection ${connection}`} role="status">
          {connection === 'live' ? 'Live' : connection === 'reconnecting' ? 'Reconnecting…' : 'Connecting…'}
        </span>
        <nav>
          <a href="/graphql">GraphiQL</a>
        </nav>
        <SignIn required={needsAuth} onChange={() => setSession((s) => s + 1)} />
      </header>
      <main class="layout">
        <CreateForm onCreated={onCreated} />
        <TaskList
          tasks={shown}
          filters={filters}
          onFilters={setFilters}
          hasMore={page.hasMore}
          loading={page.loading}
          onMore={() => void load(page.after)}
          error={error}
        />
      </main>
    </>
  );
}
