import type { InputFieldBuilder, InputRef } from '@pothos/core';
import type { Capability } from '../kling/capabilities.js';
import { createVideoTask } from '../resolvers/create-task.js';
import type { CommonInput } from '../resolvers/inputs.js';
import { check, inputIssues } from './input-checks.js';
import { builder, type SchemaTypes } from './builder.js';
import { limits } from './shared-inputs.js';
import { inputError } from './validation-issues.js';
import { VideoTask } from './video-task.js';

type Types = PothosSchemaTypes.ExtendDefaultTypes<SchemaTypes>;

/** The fields every create input shares. */
export function commonInputFields(t: InputFieldBuilder<Types, 'InputObject'>, capability: string, defaultModel: string) {
  return {
    model: t.string({ description: `Kling model for ${capability}. Default: ${defaultModel}.` }),
    externalTaskId: t.string({
      description: 'Your own id for the task, and the idempotency key: sending it again returns the existing task.',
      ...check(limits.externalTaskId),
    }),
    watermark: t.boolean({ description: 'Also produce a watermarked copy.' }),
  };
}

/**
 * One create mutation through the shared create flow; the input is stored as the task's request and
 * mapped to Kling's wire body when the task is dispatched (src/resolvers/wire-request.ts).
 */
export function addCreateMutation<T extends CommonInput>(
  field: string,
  capability: Capability,
  input: InputRef<T>,
  description: string,
): void {
  builder.mutationField(field, (t) =>
    t.field({
      type: VideoTask,
      description,
      args: { input: t.arg({ type: input, required: true }) },
      resolve: (_root, args, context, info) => {
        // Pothos cannot narrow the args of a generic input; the schema guarantees the shape.
        const value = (args as unknown as { input: T }).input;
        const inputType = info.parentType.getFields()[info.fieldName]!.args.find((arg) => arg.name === 'input')!.type;
        const issues = inputIssues(inputType, value, 'input');
        if (issues.length > 0) throw inputError(issues);
        return createVideoTask(context.services, context.tenant, capability, value, context.user);
      },
    }),
  );
}
