import { useEffect, useState } from 'preact/hooks';
import { TERMINAL, type Task } from '../api/live.js';
import { KIND_LABELS } from '../rules.js';
import { RequestSummary } from './RequestSummary.js';
import { elapsed, etaText, expiresAt, formatDate, progressOf, queueText, STATUS_LABELS } from '../task-view.js';

/** What a person can do to a task; each answers an error message to show, or null. */
export interface TaskActions {
  cancel(task: Task): Promise<string | null>;
  retry(task: Task): Promise<string | null>;
}

/** One task: status, progress while it renders, the video when it is ready, the reason when it failed. */
export function TaskCard({ task, actions }: { task: Task; actions: TaskActions }) {
  const live = !TERMINAL.has(task.status);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const act = async (action: (task: Task) => Promise<string | null>) => {
    setBusy(true);
    setProblem(await action(task));
    setBusy(false);
  };
  const queue = queueText(task);
  const now = useNow(live);
  const progress = progressOf(task, now);
  const eta = etaText(task, now);
  const expiry = expiresAt(task);
  const video = task.videos[0];
  const titleId = `task-${task.id.replace(/[^a-zA-Z0-9]/g, '')}`;
  return (
    <article class={`task ${task.status.toLowerCase()}`} aria-labelledby={titleId} data-task-id={task.id} data-status={task.status}>
      <header>
        <h3 id={titleId}>
          {KIND_LABELS[task.capability]} <span class="model">{task.model}</span>
        </h3>
        <span class="status" role="status">
          {STATUS_LABELS[task.status]}
        </span>
      </header>
      <RequestSummary request={task.request} />
      {live && (
        <div class="progress">
          <progress aria-label="Rendering progress" max={1} value={progress} />
          <span class="hint">
            {[queue, eta, `started ${elapsed(task.createdAt, now)} ago`].filter(Boolean).join(' · ')}
          </span>
        </div>
      )}
      {task.status === 'FAILED' && <p class="error task-message">{task.statusMessage ?? 'Kling gave no reason.'}</p>}
      {video && (
        <>
          {/* `#t=0.1`: the player shows a frame of the video as its poster before it plays. */}
          <video class="player" src={`${video.url}#t=0.1`} controls preload="metadata" playsInline aria-label={`Video, ${video.duration ?? '?'} s`} />
          <p class="hint">
            <a href={video.url} download>Download</a>
            {video.watermarkUrl && (
              <>
                {' · '}
                <a href={video.watermarkUrl} download>With watermark</a>
              </>
            )}
            {expiry && <> · available until {formatDate(expiry)}</>}
          </p>
        </>
      )}
      {(task.status === 'QUEUED' || task.status === 'FAILED' || task.status === 'CANCELLED') && (
        <div class="row actions">
          {task.status === 'QUEUED' && (
            <button type="button" disabled={busy} onClick={() => act(actions.cancel)}>
              Cancel
            </button>
          )}
          {(task.status === 'FAILED' || task.status === 'CANCELLED') && (
            <button type="button" disabled={busy} onClick={() => act(actions.retry)}>
              Try again
            </button>
          )}
        </div>
      )}
      {problem && (
        <p class="error" role="alert">
          {problem}
        </p>
      )}
      <p class="hint meta">
        {formatDate(new Date(task.createdAt))}
        {task.externalTaskId && <> · {task.externalTaskId}</>}
      </p>
    </article>
  );
}

/** The time, ticking each second while something is live. */
function useNow(ticking: boolean): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (!ticking) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [ticking]);
  return now;
}
