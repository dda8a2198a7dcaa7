import { usageOf, type Usage } from '../resolvers/usage.js';
import type { TenantLimits } from '../tenant-settings.js';
import { builder } from './builder.js';

const UsageLimits = builder.objectRef<TenantLimits>('UsageLimits').implement({
  description: 'The caller\'s quotas; null is no limit.',
  fields: (t) => ({
    maxQueued: t.int({ nullable: true, resolve: (l) => l.maxQueued ?? null }),
    maxInFlight: t.int({ nullable: true, resolve: (l) => l.maxInFlight ?? null }),
    dailyVideoSeconds: t.float({ nullable: true, resolve: (l) => l.dailyVideoSeconds ?? null }),
    proFactor: t.float({ description: 'How many seconds a PRO second counts as.', resolve: (l) => l.proFactor ?? 1 }),
  }),
});

const UsageRef = builder.objectRef<Usage>('Usage').implement({
  description: 'The caller\'s tasks against its quotas.',
  fields: (t) => ({
    tenant: t.exposeString('tenant'),
    queued: t.exposeInt('queued', { description: 'Tasks waiting for a Kling slot.' }),
    inFlight: t.exposeInt('inFlight', { description: 'Tasks at Kling now.' }),
    videoSecondsToday: t.exposeFloat('videoSecondsToday', { description: 'Video-seconds charged today (UTC).' }),
    limits: t.field({ type: UsageLimits, resolve: (u) => u.limits }),
    resetsAt: t.field({ type: 'DateTime', description: 'When today\'s video-seconds reset.', resolve: (u) => new Date(u.resetsAt) }),
  }),
});

builder.queryField('usage', (t) =>
  t.field({
    type: UsageRef,
    description: 'What the caller has queued, in flight and used today, against its limits.',
    resolve: (_root, _args, context) => usageOf(context.services, context.tenant),
  }),
);
