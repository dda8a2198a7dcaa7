/**
 * The lag-versus-GETs chart of the detection-lag scenario, as a standalone SVG: GETs per task on a
 * log x axis, lag p50 on a log y axis (compressed ms, with the real seconds they stand for), one
 * marker per strategy and a line through the estimate-timed spacings. Written by hand from the
 * figures, so the chart is exactly the run's numbers.
 */
export interface ChartPoint {
  label: string;
  getsPerTask: number;
  lagP50: number;
}

export interface ChartSeries {
  name: string;
  color: string;
  /** Join the points with a line (in order of GETs). */
  line: boolean;
  points: readonly ChartPoint[];
}

const W = 760;
const H = 480;
const M = { left: 80, right: 220, top: 64, bottom: 64 };

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function ticks(min: number, max: number): number[] {
  const out: number[] = [];
  for (let e = Math.floor(Math.log10(min)); e <= Math.ceil(Math.log10(max)); e++) {
    for (const m of [1, 2, 5]) {
      const v = m * 10 ** e;
      if (v >= min && v <= max) out.push(v);
    }
  }
  return out;
}

export function lagChart(series: readonly ChartSeries[], options: { title: string; subtitle: string; compression: number }): string {
  const all = series.flatMap((s) => s.points).filter((p) => p.getsPerTask > 0 && p.lagP50 > 0);
  const xMin = Math.min(...all.map((p) => p.getsPerTask)) / 1.3;
  const xMax = Math.max(...all.map((p) => p.getsPerTask)) * 1.3;
  const yMin = Math.min(...all.map((p) => p.lagP50)) / 1.5;
  const yMax = Math.max(...all.map((p) => p.lagP50)) * 1.5;
  const pw = W - M.left - M.right;
  const ph = H - M.top - M.bottom;
  const x = (v: number) => M.left + ((Math.log(v) - Math.log(xMin)) / (Math.log(xMax) - Math.log(xMin))) * pw;
  const y = (v: number) => M.top + ph - ((Math.log(v) - Math.log(yMin)) / (Math.log(yMax) - Math.log(yMin))) * ph;
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`);
  out.push(`<rect width="${W}" height="${H}" fill="#fff"/>`);
  out.push(`<text x="${M.left}" y="24" font-size="15" font-weight="bold">${esc(options.title)}</text>`);
  out.push(`<text x="${M.left}" y="42" fill="#555">${esc(options.subtitle)}</text>`);
  for (const t of ticks(xMin, xMax)) {
    out.push(`<line x1="${x(t).toFixed(1)}" y1="${M.top}" x2="${x(t).toFixed(1)}" y2="${M.top + ph}" stroke="#eee"/>`);
    out.push(`<text x="${x(t).toFixed(1)}" y="${M.top + ph + 16}" text-anchor="middle">${t}</text>`);
  }
  for (const t of ticks(yMin, yMax)) {
    out.push(`<line x1="${M.left}" y1="${y(t).toFixed(1)}" x2="${M.left + pw}" y2="${y(t).toFixed(1)}" stroke="#eee"/>`);
    const real = (t * options.compression) / 1000;
    out.push(`<text x="${M.left - 6}" y="${(y(t) + 4).toFixed(1)}" text-anchor="end">${t} ms</text>`);
    out.push(`<text x="${M.left + pw + 6}" y="${(y(t) + 4).toFixed(1)}" fill="#888">${real < 10 ? real.toFixed(1) : real.toFixed(0)} s</text>`);
  }
  out.push(`<rect x="${M.left}" y="${M.top}" width="${pw}" height="${ph}" fill="none" stroke="#999"/>`);
  out.push(`<text x="${M.left + pw / 2}" y="${H - 20}" text-anchor="middle">upstream GETs per task (log)</text>`);
  out.push(
    `<text transform="translate(20 ${M.top + ph / 2}) rotate(-90)" text-anchor="middle">detection lag p50, compressed ms (log); real seconds on the right</text>`,
  );
  let legendY = M.top + 8;
  for (const s of series) {
    const points = [...s.points].filter((p) => p.getsPerTask > 0 && p.lagP50 > 0).sort((a, b) => a.getsPerTask - b.getsPerTask);
    if (s.line && points.length > 1) {
      const d = points.map((p, i) => `${i ? 'L' : 'M'}${x(p.getsPerTask).toFixed(1)},${y(p.lagP50).toFixed(1)}`).join(' ');
      out.push(`<path d="${d}" fill="none" stroke="${s.color}" stroke-width="2"/>`);
    }
    for (const p of points) {
      const cx = x(p.getsPerTask).toFixed(1);
      const cy = y(p.lagP50).toFixed(1);
      out.push(
        s.line
          ? `<circle cx="${cx}" cy="${cy}" r="4" fill="${s.color}"><title>${esc(p.label)}: ${p.getsPerTask.toFixed(1)} GETs, ${p.lagP50.toFixed(0)} ms</title></circle>`
          : `<rect x="${(Number(cx) - 5).toFixed(1)}" y="${(Number(cy) - 5).toFixed(1)}" width="10" height="10" fill="${s.color}"><title>${esc(p.label)}: ${p.getsPerTask.toFixed(1)} GETs, ${p.lagP50.toFixed(0)} ms</title></rect>`,
      );
      if (!s.line) {
        // Labels of points in the right part of the plot go to their left, clear of the axis.
        const right = Number(cx) > M.left + pw * 0.6;
        const lx = right ? Number(cx) - 8 : Number(cx) + 8;
        const ly = right ? Number(cy) + 20 : Number(cy) - 8;
        out.push(`<text x="${lx.toFixed(1)}" y="${ly.toFixed(1)}" fill="#333" text-anchor="${right ? 'end' : 'start'}">${esc(p.label)}</text>`);
      }
    }
    const lx = M.left + pw + 48;
    out.push(
      s.line
        ? `<line x1="${lx}" y1="${legendY}" x2="${lx + 16}" y2="${legendY}" stroke="${s.color}" stroke-width="2"/><circle cx="${lx + 8}" cy="${legendY}" r="4" fill="${s.color}"/>`
        : `<rect x="${lx + 3}" y="${legendY - 5}" width="10" height="10" fill="${s.color}"/>`,
    );
    out.push(`<text x="${lx + 22}" y="${legendY + 4}">${esc(s.name)}</text>`);
    legendY += 20;
  }
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
