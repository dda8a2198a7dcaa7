/**
 * The clock every latency figure is read from: CLOCK_MONOTONIC through `process.hrtime`, which is
 * one system-wide clock on Linux, so a stamp taken in the server process and a receipt time taken
 * in the load generator are comparable to the microsecond.
 */
export function nowUs(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

/**
 * Every change a benchmark server writes carries its version and the moment of the write in
 * `statusMessage`, so a client can check order and measure latency from the payload alone.
 */
export function encodeStamp(version: number, stampUs: number): string {
  return `b:${version}:${stampUs}`;
}

export function decodeStamp(message: unknown): { version: number; stampUs: number } | undefined {
  if (typeof message !== 'string' || !message.startsWith('b:')) return undefined;
  const [, version, stamp] = message.split(':');
  const v = Number(version);
  const s = Number(stamp);
  return Number.isFinite(v) && Number.isFinite(s) ? { version: v, stampUs: s } : undefined;
}
