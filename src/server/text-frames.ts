import { WebSocket } from 'ws';

/**
 * A server-side socket whose text frames arrive as strings rather than Buffers.
 *
 * graphql-ws turns every message into a string (`String(data)`) inside an async handler that, for a
 * `subscribe`, stays suspended for as long as the subscription lives, holding the Buffer it was
 * given. Decoding the frame here, once, instead of there means each subscription keeps only that
 * string (the Buffer, its ArrayBuffer and its backing store, about half a kilobyte per subscription,
 * go). Binary frames are passed on untouched; graphql-transport-ws sends none.
 */
export class TextFrameWebSocket extends WebSocket {
  override emit(event: string | symbol, ...args: unknown[]): boolean {
    if (event === 'message' && args[1] === false && Buffer.isBuffer(args[0])) return super.emit(event, args[0].toString(), false);
    return super.emit(event, ...args);
  }
}
