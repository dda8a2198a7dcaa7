import type { InputFieldBuilder, InputRef } from '@pothos/core';
import { CAPABILITIES, capabilityModule, type Capability } from '../capabilities/registry.js';
import type { CapabilityModule, CommonInput, TaskLookup } from '../capabilities/module.js';
import { loadTasks } from '../resolvers/load-tasks.js';
import type { GatewayContext } from '../server/context.js';
import { createVideoTask } from '../resolvers/create-task.js';
import { check, inputIssues } from './input-checks.js';
import { builder, decodeTaskGlobalId, type SchemaTypes } from './builder.js';
import { limits } from './shared-inputs.js';
import { inputError } from './validation-issues.js';
import { VideoTask } from './video-task.js';

type Types = PothosSchemaTypes.ExtendDefaultTypes<SchemaTypes>;

/** The GraphQL side of one capability module: its input type (its request type registers itself). */
export interface CapabilitySchema {
  input: InputRef<unknown>;
}

/** The fields every create input shares; `model` only where Kling takes a `model_name`, `watermark` where it takes `watermark_info`. */
export function commonInputFields(t: InputFieldBuilder<Types, 'InputObject'>, capability: string, module: Pick<CapabilityModule, 'models' | 'watermark'>) {
  return {
    ...(module.models ? { model: t.string({ description: `Kling model for ${capability}. Default: ${module.models.defaultModel}.` }) } : {}),
    externalTaskId: t.string({
      description: 'Your own id for the task, and the idempotency key: sending it again returns the existing task.',
      ...check(limits.externalTaskId),
    }),
    ...(module.watermark ? { watermark: t.boolean({ description: 'Also produce a watermarked copy.' }) } : {}),
  };
}

/**
 * One create mutation through the shared create flow; the input is stored as the task's request and
 * mapped to Kling's wire body when the task is dispatched (src/resolvers/wire-request.ts).
 */
function addCreateMutation(capability: Capability, input: InputRef<unknown>): void {
  const module = capabilityModule(capability);
  const { mutation, description } = module.graphql;
  builder.mutationField(mutation, (t) =>
    t.field({
      type: VideoTask,
      description,
      args: { input: t.arg({ type: input, required: true }) },
      resolve: async (_root, args, context, info) => {
        // Pothos cannot narrow the args of a generic input; the schema guarantees the shape.
        const value = (args as unknown as { input: CommonInput }).input;
        const inputType = info.parentType.getFields()[info.fieldName]!.args.find((arg) => arg.name === 'input')!.type;
        const issues = inputIssues(inputType, value, 'input');
        if (issues.length > 0) throw inputError(issues);
        const resolved = module.resolve ? await module.resolve(value, taskLookup(context), Date.now()) : value;
        if (Array.isArray(resolved)) throw inputError(resolved.map((issue) => ({ ...issue, path: ['input', ...issue.path] })));
        return createVideoTask(context.services, context.tenant, capability, resolved, context.user);
      },
    }),
  );
}

/** Another task of the caller's, by the id a create returned; a malformed id reads as unknown. */
export function taskLookup(context: GatewayContext): TaskLookup {
  return async (globalId) => {
    let id: string;
    try {
      id = decodeTaskGlobalId(globalId).id;
    } catch {
      return null;
    }
    const [record] = await loadTasks(context.services, context, [id]);
    return record ?? null;
  };
}

/** One create mutation per capability module, each with the module's input type. */
export function addCreateMutations(schemas: Record<Capability, CapabilitySchema>): void {
  for (const capability of CAPABILITIES) addCreateMutation(capability, schemas[capability].input);
}
