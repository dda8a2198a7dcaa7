import type { GatewayError } from './api/client.js';

/** Errors of a create, split the way the form shows them: per field, and in plain words overall. */
export interface FormErrors {
  /** Keyed by the field path inside the input (`duration`, `multiShot.shots[1].prompt`). */
  fields: Record<string, string[]>;
  /** Every message, in order, for the summary above the form. */
  summary: string[];
}

/** What a person should read, by the gateway's `extensions.code`; others keep the gateway's message. */
const PLAIN: Record<string, string> = {
  CONTENT_REJECTED: "Kling's content filter refused this request. Change the prompt or the images and try again.",
  QUOTA_EXCEEDED: 'You have used up your video quota for now. Wait for it to renew, or ask for a larger one.',
  UPSTREAM_RATE_LIMITED: 'Kling is busy with too many videos at once. Try again in a minute.',
  UPSTREAM_BALANCE: 'The Kling account behind this gateway is out of credit.',
  UPSTREAM_AUTH: 'The gateway could not sign in to Kling. Tell whoever runs it.',
  UPSTREAM_UNAVAILABLE: 'Kling could not be reached. Try again shortly.',
  SERVICE_UNAVAILABLE: 'The gateway is not ready. Try again shortly.',
  UNAUTHENTICATED: 'Sign in with an API key or a token to do this.',
  IDEMPOTENCY_CONFLICT: 'That id for the task was already used for a different request.',
  NOT_CANCELLABLE: 'This video has already gone to Kling, which cannot stop it.',
  NETWORK: 'The gateway cannot be reached. Check your connection.',
};

/** QUOTA_EXCEEDED carries which limit, its value, what is used and when it renews. */
function quotaMessage(extensions: NonNullable<GatewayError['extensions']>): string {
  const { limit, value, used, resetsAt } = extensions as { limit?: string; value?: number; used?: number; resetsAt?: string | null };
  if (limit === 'maxQueued') {
    return `You already have ${used ?? value} videos waiting for Kling, the most you may queue. Start this one once one of them has begun.`;
  }
  if (limit === 'dailyVideoSeconds') {
    const renews = resetsAt ? ` Your budget renews at ${new Date(resetsAt).toLocaleString()}.` : '';
    return `This video would take you over today's ${value} seconds of video.${renews}`;
  }
  return PLAIN.QUOTA_EXCEEDED!;
}

export function plainMessage(error: GatewayError): string {
  if (error.extensions?.code === 'QUOTA_EXCEEDED') return quotaMessage(error.extensions);
  return PLAIN[error.extensions?.code ?? ''] ?? error.message;
}

const fieldKey = (field: string): string => field.replace(/^input\.?/, '');

export function formErrors(errors: GatewayError[]): FormErrors {
  const fields: Record<string, string[]> = {};
  const summary: string[] = [];
  const add = (field: string | undefined, message: string) => {
    summary.push(message);
    if (field === undefined) return;
    (fields[fieldKey(field)] ??= []).push(message);
  };
  for (const error of errors) {
    const issues = error.extensions?.issues;
    if (issues?.length) for (const issue of issues) add(issue.field, issue.message);
    else add(error.extensions?.field, plainMessage(error));
  }
  return { fields, summary };
}
