/** Whether a request asks for an SSE stream (a GraphQL subscription over HTTP), by its Accept header. */
export const acceptsEventStream = (accept: string | null | undefined) => accept?.includes('text/event-stream') === true;
