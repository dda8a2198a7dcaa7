/**
 * One line of the results table. `ours` and `baseline` are measured in the same run; `ratio` is
 * ours / baseline. `verdict` says whether the issue's target for this figure was met.
 */
export interface Row {
  scenario: string;
  figure: string;
  unit: string;
  ours: number | null;
  baseline: number | null;
  ratio: number | null;
  /**
   * The floor, where a scenario has one (fan-out: bare `ws` writing pre-serialised frames), measured
   * in the same run; shown with `ours / floor` when any row has one.
   */
  floor?: number | null;
  /** The issue's target, in words (e.g. "<= 100 ms"). */
  target?: string;
  verdict?: 'met' | 'missed' | 'pending' | 'info';
  note?: string;
}

export interface ScenarioResult {
  name: string;
  /** What ran on each side, in words, for the README. */
  baseline: string;
  rows: Row[];
  /** Raw figures for the JSON file. */
  details: Record<string, unknown>;
  /** Why a part could not be measured (e.g. Redis not answering). */
  pending?: string[];
}

const clean = (n: number | null | undefined): number | null => (n === null || n === undefined || !Number.isFinite(n) ? null : n);

export function row(r: Omit<Row, 'ratio' | 'ours' | 'baseline'> & { ours?: number | null; baseline?: number | null; ratio?: number | null }): Row {
  const ours = clean(r.ours);
  const baseline = clean(r.baseline);
  const ratio = r.ratio !== undefined ? clean(r.ratio) : ours !== null && baseline !== null && baseline !== 0 ? ours / baseline : null;
  return { ...r, ours, baseline, ratio, ...(r.floor !== undefined ? { floor: clean(r.floor) } : {}) };
}

/** `value` met `target`: true/false, or 'pending' when there is no value. */
export function verdict(ok: boolean | undefined): Row['verdict'] {
  if (ok === undefined) return 'pending';
  return ok ? 'met' : 'missed';
}

function fmt(n: number | null, unit = ''): string {
  if (n === null) return '-';
  const abs = Math.abs(n);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
  return `${n.toFixed(digits)}${unit ? ` ${unit}` : ''}`;
}

/** A plain-text table, also valid Markdown. */
export function formatTable(rows: readonly Row[]): string {
  const floors = rows.some((r) => r.floor !== undefined);
  const header = ['scenario', 'figure', 'ours', 'baseline', 'ratio', ...(floors ? ['floor', 'ours/floor'] : []), 'target', 'verdict'];
  const lines = rows.map((r) => [
    r.scenario,
    r.figure,
    fmt(r.ours, r.unit),
    fmt(r.baseline, r.unit),
    r.ratio === null ? '-' : r.ratio.toFixed(2),
    ...(floors
      ? [
          r.floor === undefined ? '' : fmt(r.floor, r.unit),
          r.floor === undefined || r.floor === null || r.ours === null || r.floor === 0 ? (r.floor === undefined ? '' : '-') : (r.ours / r.floor).toFixed(2),
        ]
      : []),
    r.target ?? '',
    r.verdict ?? '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const render = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [render(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...lines.map(render)].join('\n');
}
