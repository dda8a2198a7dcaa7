import { brandWithType } from '@pothos/core';
import { createGraphQLError } from 'graphql-yoga';
import { ErrorCode, gatewayError } from '../errors.js';
import { builder, decodeTaskGlobalId } from './builder.js';
import { VideoTask } from './video-task.js';

/** Ids one `nodes` call may ask for, like the largest `videoTasks` page. */
export const MAX_NODES = 100;

/** The refusal of a `nodes` call over the cap (also made before execution, see cost-limit.ts). */
export function tooManyIds(count: number) {
  return gatewayError(ErrorCode.BAD_USER_INPUT, `nodes takes at most ${MAX_NODES} ids; ${count} were sent.`, { field: 'ids' });
}

/**
 * Relay's `nodes`, with a cap checked before anything is read (the token limit sees only literal
 * lists, not a variable holding 100,000 ids), and Relay's convention for a malformed id: a null
 * entry with an error at its index, while the other entries load as usual.
 */
builder.queryField('nodes', (t) =>
  t.field({
    type: [builder.nodeInterfaceRef()],
    nullable: { list: false, items: true },
    description: `Tasks by id, in order, at most ${MAX_NODES}: null for an id your tenant does not have, null with an error at its index for a malformed one.`,
    args: { ids: t.arg.idList({ required: true }) },
    resolve: (_root, args, context) => {
      if (args.ids.length > MAX_NODES) throw tooManyIds(args.ids.length);
      const loader = VideoTask.getDataloader(context);
      // graphql-js turns an Error in a list into a null entry with the error at its path. The error
      // carries no HTTP status: the answer as a whole succeeded.
      return args.ids.map((globalId, i) => {
        let id: string;
        try {
          id = decodeTaskGlobalId(String(globalId)).id;
        } catch (error) {
          return createGraphQLError((error as Error).message, { extensions: { code: ErrorCode.BAD_USER_INPUT, field: `ids[${i}]` } });
        }
        // Node is an interface: the brand tells graphql-js which type each entry is.
        // A copy: the loader's record is shared with `node` and `videoTask`, and a brand is set once.
        return loader.load(id).then((record) => {
          if (!record) return null;
          const entry = { ...record };
          brandWithType(entry, VideoTask);
          return entry;
        });
      }) as never;
    },
  }),
);
