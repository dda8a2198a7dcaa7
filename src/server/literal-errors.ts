import { Kind, type ASTNode, type DocumentNode, type GraphQLError, type SelectionSetNode, type ValueNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { fieldPath } from '../schema/validation-issues.js';

type Path = (string | number)[];

const MISSING_FIELD = /^Field "\w+\.(\w+)" of required type .* was not provided\./;

/** Where `target` sits among the arguments written in the document: `['input', 'shots', 0, 'prompt']`. */
export function literalPath(document: DocumentNode, target: ASTNode): Path | undefined {
  const inValue = (value: ValueNode, path: Path): Path | undefined => {
    if (value === target) return path;
    if (value.kind === Kind.OBJECT) {
      for (const field of value.fields) {
        if (field === target) return [...path, field.name.value];
        const found = inValue(field.value, [...path, field.name.value]);
        if (found) return found;
      }
    }
    if (value.kind === Kind.LIST) {
      for (let i = 0; i < value.values.length; i++) {
        const found = inValue(value.values[i]!, [...path, i]);
        if (found) return found;
      }
    }
    return undefined;
  };
  const inSelections = (set: SelectionSetNode | undefined): Path | undefined => {
    for (const selection of set?.selections ?? []) {
      if (selection.kind === Kind.FIELD) {
        for (const argument of selection.arguments ?? []) {
          const found = argument === target ? [argument.name.value] : inValue(argument.value, [argument.name.value]);
          if (found) return found;
        }
      }
      if (selection.kind !== Kind.FRAGMENT_SPREAD) {
        const found = inSelections(selection.selectionSet);
        if (found) return found;
      }
    }
    return undefined;
  };
  for (const definition of document.definitions) {
    if (definition.kind === Kind.OPERATION_DEFINITION || definition.kind === Kind.FRAGMENT_DEFINITION) {
      const found = inSelections(definition.selectionSet);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * A value of the wrong type written in the operation itself (`duration: "five"`) fails validation
 * with a message that names the value, not where it is. Each such error gets `extensions.field`
 * (`input.duration`), as errors in variables do, so forms can point at the field.
 */
export function useLiteralErrorFields(): Plugin {
  return {
    onValidate({ params }) {
      return ({ result }) => {
        for (const error of result as readonly GraphQLError[]) {
          const node = error.nodes?.[0];
          if (!node || (error.extensions as Record<string, unknown>).field !== undefined) continue;
          const path = literalPath(params.documentAST, node);
          if (!path) continue;
          // A missing required field is reported on the object that lacks it.
          const missing = MISSING_FIELD.exec(error.message)?.[1];
          Object.assign(error.extensions, { field: fieldPath(missing ? [...path, missing] : path) });
        }
      };
    },
  };
}
