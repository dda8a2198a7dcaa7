import type { Capability } from '../kling/capabilities.js';
import type { WireTask, WireTaskStatus } from '../kling/wire.js';

export const TASK_STATUSES = ['SUBMITTED', 'PROCESSING', 'SUCCEEDED', 'FAILED'] as const;
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
 * shapes stop at `fromWireTask`.
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
  taskId: string;
  capability: Capability;
  model: string;
  request: TaskRequest;
  status: TaskStatus;
  statusMessage: string | null;
  externalTaskId: string | null;
  videos: VideoRecord[];
  /** Unix milliseconds. */
  createdAt: number;
  updatedAt: number;
  /** Grows by one with every stored change; subscribers drop anything not newer than what they sent. */
  version: number;
}

/** What a poll or a callback learnt about a task, before it is merged into the record. */
export interface TaskObservation {
  status: TaskStatus;
  statusMessage: string | null;
  videos: VideoRecord[];
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
  return status === 'SUCCEEDED' || status === 'FAILED';
}

/** Statuses only move forward; a late answer never takes a task back. */
export const STATUS_RANK: Record<TaskStatus, number> = { SUBMITTED: 0, PROCESSING: 1, SUCCEEDED: 2, FAILED: 2 };

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
    updatedAt,
  };
}

/**
 * Merge an observation into a record. Returns the next record, or undefined when nothing a client
 * can see changed or the observation is older than what is stored.
 */
export function applyObservation(record: TaskRecord, seen: TaskObservation): TaskRecord | undefined {
  if (isTerminal(record.status)) return undefined;
  if (STATUS_RANK[seen.status] < STATUS_RANK[record.status]) return undefined;
  const changed =
    seen.status !== record.status ||
    seen.statusMessage !== record.statusMessage ||
    JSON.stringify(seen.videos) !== JSON.stringify(record.videos);
  if (!changed) return undefined;
  return {
    ...record,
    status: seen.status,
    statusMessage: seen.statusMessage,
    videos: seen.videos,
    updatedAt: Math.max(record.updatedAt, seen.updatedAt),
    version: record.version + 1,
  };
}
