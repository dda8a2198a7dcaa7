import SchemaBuilder from '@pothos/core';
import DataloaderPlugin from '@pothos/plugin-dataloader';
import RelayPlugin from '@pothos/plugin-relay';
import ValidationPlugin from '@pothos/plugin-validation';
import { DateTimeResolver } from 'graphql-scalars';
import { ErrorCode, gatewayError } from '../errors.js';
import type { GatewayContext } from '../server/context.js';
import { inputError } from './validation-issues.js';

export interface SchemaTypes {
  Context: GatewayContext;
  Scalars: {
    DateTime: { Input: Date; Output: Date | number };
  };
  DefaultFieldNullability: false;
  DefaultInputFieldRequiredness: false;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** A malformed id is the caller's mistake, not a server fault to mask. */
export function decodeTaskGlobalId(globalID: string): { typename: string; id: string } {
  // A syntax check, not a re-encode: arguments are decoded again for every subscription event.
  const decoded = BASE64.test(globalID) ? Buffer.from(globalID, 'base64').toString('utf8') : '';
  const colon = decoded.indexOf(':');
  if (colon <= 0 || colon === decoded.length - 1) {
    throw gatewayError(ErrorCode.BAD_USER_INPUT, `"${globalID.slice(0, 64)}" is not a valid id.`, { field: 'id' });
  }
  const typename = decoded.slice(0, colon);
  // VideoTask is the only node type; anything else was never issued by this gateway.
  if (typename !== 'VideoTask') {
    throw gatewayError(ErrorCode.BAD_USER_INPUT, `"${globalID.slice(0, 64)}" is not a video task id.`, { field: 'id' });
  }
  return { typename, id: decoded.slice(colon + 1) };
}

export const builder = new SchemaBuilder<SchemaTypes>({
  plugins: [RelayPlugin, DataloaderPlugin, ValidationPlugin],
  defaultFieldNullability: false,
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    decodeGlobalID: decodeTaskGlobalId,
    // `nodes` is the gateway's own (src/schema/nodes.ts): capped, and one bad id does not sink the batch.
    nodesQueryOptions: false,
  },
  validation: {
    validationError: (failure) => inputError(failure.issues),
  },
});

builder.addScalarType('DateTime', DateTimeResolver);
builder.queryType({});
builder.mutationType({});
builder.subscriptionType({});
