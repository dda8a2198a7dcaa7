import {
  isObjectType,
  Kind,
  valueFromASTUntyped,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { ErrorCode, gatewayError } from '../errors.js';
import { MAX_NODES, tooManyIds } from '../schema/nodes.js';

/**
 * The most an operation may cost. Sized so every documented operation passes with room to spare:
 * the largest is a full `videoTasks(first: 100)` page with every field (its typed request counted
 * as the dearest of its five types).
 * test/cost-limit.test.ts builds that page from the schema and fails if the schema outgrows this.
 */
export const MAX_QUERY_COST = 100_000;

/** Armor's weights, so costs read the same as its documentation. */
const OBJECT_COST = 2;
const SCALAR_COST = 1;
const DEPTH_FACTOR = 1.5;
/** Arguments whose value is how many items a list field returns. */
const PAGE_ARGUMENTS = new Set(['first', 'last']);
const LIST_ARGUMENTS = new Set(['ids']);

type Variables = Record<string, unknown> | null | undefined;

/** What the walk over an operation found: its cost, and the longest `ids` list (capped by `nodes`). */
export interface OperationMeasure {
  cost: number;
  longestIdList: number;
}

/** How many items a field asks for: `first`/`last` as a number, `ids` as a list, literal or variable. */
function multiplierOf(
  args: readonly { name: { value: string }; value: ValueNode }[] | undefined,
  variables: Variables,
  defaults: Map<string, unknown>,
  seenList: (length: number) => void,
): number {
  let multiplier = 1;
  for (const arg of args ?? []) {
    const name = arg.name.value;
    if (!PAGE_ARGUMENTS.has(name) && !LIST_ARGUMENTS.has(name)) continue;
    let value: unknown;
    if (arg.value.kind === Kind.VARIABLE) {
      const variable = arg.value.name.value;
      value = variables && variable in variables ? variables[variable] : defaults.get(variable);
    } else {
      value = valueFromASTUntyped(arg.value);
    }
    let count = Number.NaN;
    if (PAGE_ARGUMENTS.has(name) && typeof value === 'number') count = value;
    if (LIST_ARGUMENTS.has(name) && Array.isArray(value)) {
      seenList(value.length);
      // More than `nodes` takes is refused before anything runs; the cost is that of the most it takes.
      count = Math.min(value.length, MAX_NODES);
    }
    if (Number.isFinite(count) && count > multiplier) multiplier = count;
  }
  return multiplier;
}

/**
 * Armor's cost model (objects 2, scalars 1, each level deeper 1.5 times, a list field times the
 * items it asks for), with what armor cannot see at validation: the values of variables (armor read
 * only literals, so `first: $n` with n = 100 cost a hundredth of `first: 100`). Fragments cost what
 * their fields cost, as if written out, so codegen'd operations cost what hand-written ones do.
 * With the schema, fragments on different object types are what they are, alternatives: a
 * `VideoTaskRequest` is one of five request types, so it costs its dearest fragment, not all five.
 */
export function operationCost(document: DocumentNode, operationName?: string | null, variables?: Variables, schema?: GraphQLSchema): number {
  return measureOperation(document, operationName, variables, schema).cost;
}

export function measureOperation(
  document: DocumentNode,
  operationName?: string | null,
  variables?: Variables,
  schema?: GraphQLSchema,
): OperationMeasure {
  let longestIdList = 0;
  const seenList = (length: number) => void (longestIdList = Math.max(longestIdList, length));
  const fragments = new Map<string, FragmentDefinitionNode>();
  let operation: OperationDefinitionNode | undefined;
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    else if (definition.kind === Kind.OPERATION_DEFINITION && (!operationName || definition.name?.value === operationName)) {
      operation ??= definition;
    }
  }
  if (!operation) return { cost: 0, longestIdList };
  const defaults = new Map<string, unknown>();
  for (const definition of operation.variableDefinitions ?? []) {
    if (definition.defaultValue) defaults.set(definition.variable.name.value, valueFromASTUntyped(definition.defaultValue));
  }
  // A fragment costs what its fields cost wherever it is spread (as if written out there), computed
  // once: fragments spreading fragments must not make the count itself exponential. A cycle (refused
  // by validation anyway) counts nothing more.
  const fragmentCosts = new Map<string, number>();
  const fragmentCost = (name: string): number => {
    const known = fragmentCosts.get(name);
    if (known !== undefined) return known;
    const fragment = fragments.get(name);
    if (!fragment) return 0;
    fragmentCosts.set(name, 0);
    const cost = selectionCost(fragment.selectionSet);
    fragmentCosts.set(name, cost);
    return cost;
  };
  // Fragments on one object type each, summed per type; an object is of one type only, so of these
  // groups only the dearest can apply. Fragments on interfaces or unions may overlap: they add up.
  const objectType = (name: string | undefined) => (name !== undefined && schema && isObjectType(schema.getType(name)) ? name : undefined);
  const selectionCost = (set: SelectionSetNode): number => {
    let cost = 0;
    const alternatives = new Map<string, number>();
    const addFragment = (typeName: string | undefined, fragment: number) => {
      const type = objectType(typeName);
      if (type === undefined) cost += fragment;
      else alternatives.set(type, (alternatives.get(type) ?? 0) + fragment);
    };
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value === '__schema' || selection.name.value === '__type') continue;
        if (!selection.selectionSet) {
          cost += DEPTH_FACTOR * SCALAR_COST;
          continue;
        }
        const inner = OBJECT_COST + selectionCost(selection.selectionSet);
        cost += DEPTH_FACTOR * inner * multiplierOf(selection.arguments, variables, defaults, seenList);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        addFragment(selection.typeCondition?.name.value, selectionCost(selection.selectionSet));
      } else {
        addFragment(fragments.get(selection.name.value)?.typeCondition.name.value, fragmentCost(selection.name.value));
      }
    }
    return cost + Math.max(0, ...alternatives.values());
  };
  const cost = Math.round(selectionCost(operation.selectionSet) / DEPTH_FACTOR);
  return { cost, longestIdList };
}

export function costRefusal(cost: number, maxCost: number) {
  return gatewayError(ErrorCode.LIMIT_EXCEEDED, `Query cost limit of ${maxCost} exceeded, found ${cost}.`);
}

/**
 * The cost limit, checked when the variables are known: before execution and before a
 * subscription starts, over every transport. Nothing runs when it is exceeded. The `nodes` cap is
 * checked here too, so a list far over it is refused before it is coerced.
 */
export function useCostLimit(maxCost = MAX_QUERY_COST, onRefuse: () => void = () => {}): Plugin {
  const check = (args: { document: DocumentNode; operationName?: string | null; variableValues?: Variables; schema: GraphQLSchema }) => {
    const { cost, longestIdList } = measureOperation(args.document, args.operationName, args.variableValues, args.schema);
    // Before graphql-js coerces the variables: 100,000 ids took it a second or more.
    if (longestIdList > MAX_NODES) return tooManyIds(longestIdList);
    if (cost <= maxCost) return undefined;
    onRefuse();
    return costRefusal(cost, maxCost);
  };
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const refusal = check(args);
      if (refusal) setResultAndStopExecution({ errors: [refusal] });
    },
    onSubscribe({ args, setResultAndStopExecution }) {
      const refusal = check(args);
      if (refusal) setResultAndStopExecution({ errors: [refusal] });
    },
  };
}
