import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ROOT } from './build.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
}

export interface ProfileSummary {
  profile: string;
  samples: number;
  /** Self time by function. */
  self: { fn: string; percent: number }[];
  /** Self time by package (or src/ file, or node internals). */
  packages: { name: string; percent: number }[];
  /** Inclusive time of the gateway's own functions (src/). */
  ours: { fn: string; percent: number }[];
}

/** Where a frame comes from: an npm package, a file of ours, or Node itself. */
function origin(url: string): string {
  if (!url) return '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  const ours = /\/build\/(src|bench)\/(.*)$/.exec(url) ?? /\/(src|bench)\/(.*)$/.exec(url);
  if (ours) return `${ours[1]}/${ours[2]!.replace(/\.js$/, '.ts')}`;
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/')[1] ?? ''}`;
  return url.split('/').slice(-1)[0]!;
}

function label(node: ProfileNode): string {
  return `${node.callFrame.functionName || '(anonymous)'} ${origin(node.callFrame.url)}${node.callFrame.url ? `:${node.callFrame.lineNumber + 1}` : ''}`;
}

const top = <K>(map: Map<K, number>, total: number, n: number) =>
  [...map.entries()].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => [k, Math.round((1000 * v) / total) / 10] as const);

export function summarizeProfile(file: string): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<string, number>();
  const packages = new Map<string, number>();
  const ours = new Map<string, number>();
  let total = 0;
  for (const node of profile.nodes) {
    const hits = node.hitCount ?? 0;
    if (!hits) continue;
    total += hits;
    self.set(label(node), (self.get(label(node)) ?? 0) + hits);
    const pkg = origin(node.callFrame.url);
    packages.set(pkg, (packages.get(pkg) ?? 0) + hits);
    const seen = new Set<string>();
    for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
      const frame = byId.get(id)!;
      if (!origin(frame.callFrame.url).startsWith('src/')) continue;
      const key = label(frame);
      if (seen.has(key)) continue;
      seen.add(key);
      ours.set(key, (ours.get(key) ?? 0) + hits);
    }
  }
  return {
    profile: relative(ROOT, file),
    samples: total,
    self: top(self, total, 12).map(([fn, percent]) => ({ fn, percent })),
    packages: top(packages, total, 10).map(([name, percent]) => ({ name, percent })),
    ours: top(ours, total, 8).map(([fn, percent]) => ({ fn, percent })),
  };
}

/** Summaries of every `.cpuprofile` in `dir`, and the same as text. */
export function summarizeProfiles(dir: string): { text: string; top: ProfileSummary[] } | undefined {
  if (!existsSync(dir)) return undefined;
  const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')).sort();
  if (files.length === 0) return undefined;
  const summaries = files.map((f) => summarizeProfile(join(dir, f)));
  const lines: string[] = [];
  for (const s of summaries) {
    lines.push(`${s.profile} (${s.samples} samples)`);
    lines.push(`  by package: ${s.packages.map((p) => `${p.name} ${p.percent}%`).join(', ')}`);
    lines.push('  self:');
    for (const f of s.self) lines.push(`    ${f.percent.toFixed(1).padStart(5)}%  ${f.fn}`);
    lines.push('  ours (inclusive):');
    for (const f of s.ours) lines.push(`    ${f.percent.toFixed(1).padStart(5)}%  ${f.fn}`);
  }
  return { text: lines.join('\n'), top: summaries };
}
