import type { InputFieldBuilder, InputRef } from '@pothos/core';
import { CAPABILITIES, capabilityModule, type Capability } from '../capabilities/registry.js';
import type { CapabilityModule, CommonInput } from '../capabilities/module.js';
import { createVideoTask } from '../resolvers/create-task.js';
import { check, inputIssues } from './input-checks.js';
import { builder, type SchemaTypes } from './builder.js';
import { limits } from './shared-inputs.js';
import { inputError } from './validation-issues.js';
import { VideoTask } from './video-task.js';

type Types = PothosSchemaTypes.ExtendDefaultTypes<SchemaTypes>;

/** The GraphQL side of one capability module: its input type (its request type registers itself). */
export interface CapabilitySchema {
  input: InputRef<unknown>;
}

/** The fields every create input shares; `model` only where Kling takes a `model_name`, `watermark` where it takes `watermark_info`. */
export function commonInputFields(t: InputFieldBuilder<Types, 'InputObject'>, capability: string, module: CapabilityModule<never>) {
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
  const { mutation, description } = capabilityModule(capability).graphql;
  builder.mutationField(mutation, (t) =>
    t.field({
      type: VideoTask,
      description,
      args: { input: t.arg({ type: input, required: true }) },
      resolve: (_root, args, context, info) => {
        // Pothos cannot narrow the args of a generic input; the schema guarantees the shape.
        const value = (args as unknown as { input: CommonInput }).input;
        const inputType = info.parentType.getFields()[info.fieldName]!.args.find((arg) => arg.name === 'input')!.type;
        const issues = inputIssues(inputType, value, 'input');
        if (issues.length > 0) throw inputError(issues);
        return createVideoTask(context.services, context.tenant, capability, value, context.user);
      },
    }),
  );
}

/** One create mutation per capability module, each with the module's input type. */
export function addCreateMutations(schemas: Record<Capability, CapabilitySchema>): void {
  for (const capability of CAPABILITIES) addCreateMutation(capability, schemas[capability].input);
}
