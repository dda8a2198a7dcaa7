import { useEffect, useRef } from 'preact/hooks';
import type { Task } from '../api/live.js';
import type { TaskStatus, VideoCapability } from '../generated/graphql.js';
import { KIND_LABELS } from '../rules.js';
import { STATUS_LABELS } from '../task-view.js';
import { TaskCard, type TaskActions } from './TaskCard.js';

export interface Filters {
  status: TaskStatus | '';
  capability: VideoCapability | '';
}

/** The caller's tasks, newest first, live; more load as the end scrolls into view. */
export function TaskList(props: {
  tasks: Task[];
  filters: Filters;
  onFilters: (filters: Filters) => void;
  hasMore: boolean;
  loading: boolean;
  onMore: () => void;
  error: string | null;
  actions: TaskActions;
}) {
  const sentinel = useRef<HTMLDivElement>(null);
  const more = useRef(props.onMore);
  more.current = props.onMore;
  const canLoad = props.hasMore && !props.loading;
  useEffect(() => {
    if (!canLoad || !sentinel.current) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) more.current();
    }, { rootMargin: '200px' });
    observer.observe(sentinel.current);
    return () => observer.disconnect();
  }, [canLoad]);

  return (
    <section class="tasks" aria-labelledby="tasks-title">
      <div class="tasks-head">
        <h2 id="tasks-title">Your videos</h2>
        <div class="filters" role="group" aria-label="Filters">
          <label>
            Status
            <select value={props.filters.status} onChange={(ev) => props.onFilters({ ...props.filters, status: ev.currentTarget.value as Filters['status'] })}>
              <option value="">All</option>
              {(Object.keys(STATUS_LABELS) as TaskStatus[]).map((s) => (
                <option key={s} value={s}>{STATUS_LABELS[s]}</option>
              ))}
            </select>
          </label>
          <label>
            Kind
            <select value={props.filters.capability} onChange={(ev) => props.onFilters({ ...props.filters, capability: ev.currentTarget.value as Filters['capability'] })}>
              <option value="">All</option>
              {(Object.keys(KIND_LABELS) as (keyof typeof KIND_LABELS)[]).map((c) => (
                <option key={c} value={c}>{KIND_LABELS[c]}</option>
              ))}
            </select>
          </label>
        </div>
      </div>
      {props.error && <p class="alert" role="alert">{props.error}</p>}
      {props.tasks.length === 0 && !props.loading && !props.error && <p class="hint">No videos yet. Start one with the form.</p>}
      <ol class="task-list" aria-live="polite" aria-relevant="additions">
        {props.tasks.map((task) => (
          <li key={task.id}>
            <TaskCard task={task} actions={props.actions} />
          </li>
        ))}
      </ol>
      <div ref={sentinel} class="sentinel" />
      {props.loading && <p class="hint" role="status">Loading…</p>}
      {props.hasMore && !props.loading && (
        <button type="button" class="more-button" onClick={props.onMore}>Load older videos</button>
      )}
    </section>
  );
}
