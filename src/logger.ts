import { pino, type Logger } from 'pino';

/**
 * Paths that may hold a secret anywhere they appear in a log line: upstream keys, client tokens,
 * connection params. Redacted by pino before serialisation, so no code path can leak them.
 */
export const REDACTED_PATHS = [
  'authorization',
  '*.authorization',
  'headers.authorization',
  '*.headers.authorization',
  'connectionParams',
  '*.connectionParams',
  'apiKey',
  '*.apiKey',
  'secretKey',
  '*.secretKey',
];

export function createLogger(level = 'info', destination?: pino.DestinationStream): Logger {
  return pino({ level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, destination);
}
