import type { Capability } from '../capabilities/registry.js';
import type { WireTask, WireTaskStatus } from '../kling/wire.js';

/**
 * `QUEUED`: stored, waiting for one of the account's Kling slots (no Kling task_id yet).
 * `CANCELLED`: a queued task withdrawn before it reached Kling (terminal).
 */
export const TASK_STATUSES = ['QUEUED', 'SUBMITTED', 'PROCESSING', 'SUCCEEDED', 'FAILED', 'CANCELLED'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export interface VideoRecord {
  id: string;
  url: string;
  /** Seconds; Kling sends a string and some capabilities omit it. */
  duration: number | null;
  /** The watermarked copy, when the create asked for one. Absent on records stored before it was kept. */
  watermarkUrl?: string | null;
  /** Unix milliseconds: Kling purges results this long after the task finished (`RESULT_RETENTION_MS`). */
  expiresAt?: number | null;
}

/** A sound result (`/v1/audio/*` tasks): Kling makes it as MP3 and WAV. */
export interface AudioRecord {
  id: string;
  /** The MP3. */
  url: string;
  wavUrl: string | null;
  /** Seconds (of the MP3); null when Kling omits it. */
  duration: number | null;
  expiresAt: number | null;
}

/** How long Kling keeps a finished task's files. */
export const RESULT_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;

/**
 * What the caller asked for: the create input as the schema validated it (enum values in Kling's
 * spelling), with `model` resolved to the model actually used and `externalTaskId` left out (it is a
 * field of the record). Kept so a task can show its request, be retried, and be compared with a
 * repeated create.
 */
export type TaskRequest = Record<string, unknown>;

/**
 * The gateway's own record of a task: what the schema exposes and what the store keeps. Kling's wire
 * shapes stop at `observationFromWire`.
 */
export interface TaskRecord {
  /** The gateway's id (the raw part of the Relay global id). */
  id: string;
  tenant: string;
  /**
   * The end user who created it (a token's `sub`); null when the tenant's API key did. Absent on
   * records stored before end users existed, which only the tenant's key sees.
   */
  user?: string | null;
  /** Kling's task_id: null while the task is QUEUED (or was cancelled before it reached Kling). */
  taskId: string | null;
  capability: Capability;
  model: string;
  request: TaskRequest;
  status: TaskStatus;
  statusMessage: string | null;
  externalTaskId: string | null;
  videos: VideoRecord[];
  /** Sound results; only the `/v1/audio/*` capabilities have them, and records without any omit the field. */
  audios?: AudioRecord[];
  /** Unix milliseconds. */
  createdAt: number;
  updatedAt: number;
  // Records stored before the four fields below existed lack them: readers take missing as null.
  /** When Kling accepted the task (its `created_at`), unix ms; null while queued. */
  submittedAt: number | null;
  /** When the task was first seen `PROCESSING` (Kling's `updated_at` of that answer), unix ms. */
  startedAt: number | null;
  /** When Kling finished it (its `updated_at` of the terminal answer), unix ms. */
  finishedAt: number | null;
  /** The render-time estimate last published for the task; null when there is none yet. */
  estimate: TaskEstimate | null;
  /** Grows by one with every stored change; subscribers drop anything not newer than what they sent. */
  version: number;
  /**
   * Never stored: a subscription attaches the queue position it read (coalesced, see watchTask);
   * elsewhere the field is read from the admission queue.
   */
  queuePosition?: number | null;
}

/**
 * The render-time distribution a task's estimate was drawn from (log-normal, `ln T ~ N(mu, sigma²)`,
 * T in ms from submission to the end), what it implied when published, and the progress reached by
 * then. Reads compute the live figures from it (src/estimates/task-estimate.ts).
 */
export interface TaskEstimate {
  mu: number;
  sigma: number;
  /** Observed render times it rests on; 0 = the prior table. */
  samples: number;
  /** The completion time (median) it implied when it was stored, unix ms. */
  completionAt: number;
  /** Progress never shows less than this: what it had reached when the estimate last changed. */
  progressFloor: number;
}

/** What a poll or a callback learnt about a task, before it is merged into the record. */
export interface TaskObservation {
  status: TaskStatus;
  statusMessage: string | null;
  videos: VideoRecord[];
  /** Absent means none. */
  audios?: AudioRecord[];
  updatedAt: number;
}

const STATUS_FROM_WIRE: Record<WireTaskStatus, TaskStatus> = {
  submitted: 'SUBMITTED',
  processing: 'PROCESSING',
  succeed: 'SUCCEEDED',
  succeeded: 'SUCCEEDED',
  failed: 'FAILED',
};

export function statusFromWire(status: string): TaskStatus | undefined {
  return STATUS_FROM_WIRE[status as WireTaskStatus];
}

export function isTerminal(status: TaskStatus): boolean {
  return status === 'SUCCEEDED' || status === 'FAILED' || status === 'CANCELLED';
}

/** Statuses only move forward; a late answer never takes a task back. */
export const STATUS_RANK: Record<TaskStatus, number> = { QUEUED: 0, SUBMITTED: 1, PROCESSING: 2, SUCCEEDED: 3, FAILED: 3, CANCELLED: 3 };

function parseDuration(value: string | undefined): number | null {
  if (value === undefined || value === '') return null;
  const seconds = Number(value);
  return Number.isFinite(seconds) ? seconds : null;
}

export function observationFromWire(wire: WireTask): TaskObservation | undefined {
  const status = statusFromWire(wire.task_status);
  if (!status) return undefined;
  const updatedAt = typeof wire.updated_at === 'number' ? wire.updated_at : Date.now();
  return {
    status,
    // Kling answers `message: "SUCCEED"` even for failed tasks; the reason is in task_status_msg.
    statusMessage: wire.task_status_msg ? wire.task_status_msg : null,
    videos: (wire.task_result?.videos ?? []).map((video) => ({
      id: String(video.id),
      url: video.url,
      duration: parseDuration(video.duration),
      watermarkUrl: video.watermark_url ? video.watermark_url : null,
      // Results appear when the task finishes; its update time is when the 30 days start.
      expiresAt: updatedAt + RESULT_RETENTION_MS,
    })),
    ...(wire.task_result?.audios?.length
      ? {
          audios: wire.task_result.audios.map((audio) => ({
            id: String(audio.id),
            url: audio.url_mp3 ?? audio.url_wav ?? '',
            wavUrl: audio.url_wav ?? null,
            duration: parseDuration(audio.duration_mp3 ?? audio.duration_wav),
            expiresAt: updatedAt + RESULT_RETENTION_MS,
          })),
        }
      : {}),
    updatedAt,
  };
}

/**
 * Merge an observation into a record. Returns the next record, or undefined when nothing a client
 * can see changed or the observation is older than what is stored.
 */
export function applyObservation(record: TaskRecord, seen: TaskObservation): TaskRecord | undefined {
  // A queued task has no Kling task yet: nothing Kling says can be about it.
  if (isTerminal(record.status) || record.status === 'QUEUED') return undefined;
  if (STATUS_RANK[seen.status] < STATUS_RANK[record.status]) return undefined;
  const changed =
    seen.status !== record.status ||
    seen.statusMessage !== record.statusMessage ||
    JSON.stringify(seen.videos) !== JSON.stringify(record.videos) ||
    JSON.stringify(seen.audios ?? []) !== JSON.stringify(record.audios ?? []);
  if (!changed) return undefined;
  const started = seen.status === 'PROCESSING' && record.startedAt == null;
  return {
    ...record,
    status: seen.status,
    statusMessage: seen.statusMessage,
    videos: seen.videos,
    ...(seen.audios?.length || record.audios?.length ? { audios: seen.audios ?? [] } : {}),
    updatedAt: Math.max(record.updatedAt, seen.updatedAt),
    // Kling's own time of the change, so a poll that noticed it late does not stretch it.
    startedAt: started ? seen.updatedAt : record.startedAt,
    finishedAt: isTerminal(seen.status) ? seen.updatedAt : record.finishedAt,
    version: record.version + 1,
  };
}
