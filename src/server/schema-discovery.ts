import { NoSchemaIntrospectionCustomRule, validate, type GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/** Every wording graphql-js and @graphql-tools/executor make: ` Did you mean "a", "b", or "c"?`, `... the enum value "X"?`. */
const HINT = /\s*Did you mean [^?]*\?/g;

/** The message without its hints. Names in hints are GraphQL names, which never contain `?`. */
export function withoutHints(message: string): string {
  return message.replace(HINT, '');
}

function stripHints(result: unknown): void {
  if (!result || typeof result !== 'object' || !('errors' in result)) return;
  for (const error of ((result as { errors?: readonly GraphQLError[] }).errors ?? [])) {
    if (error.message.includes('Did you mean')) error.message = withoutHints(error.message);
  }
}

/** What a plugin's `onSubscribe` may return to follow the subscription it started. */
type SubscribeHooks = NonNullable<Awaited<ReturnType<NonNullable<Plugin['onSubscribe']>>>>;

/**
 * No "Did you mean ...?" hints, over HTTP, SSE and WebSocket alike (all three run through yoga's
 * envelop). graphql-js's own switch (`hideSuggestions`) is turned on for validation and execution,
 * which also saves computing them; @graphql-tools/executor (yoga's executor) does not pass it on
 * when coercing variables, so hints that still reach a result are cut from it. Armor's mask rewrites
 * only one validation wording, and coercion errors come later than it looks.
 *
 * With `introspection` off the schema is not served either (hints would be the way to map it).
 */
export function useSchemaDiscovery(options: { introspection: boolean }): Plugin {
  // One hook object for every subscription, not one per subscribe: envelop keeps the hooks a
  // subscribe returned for as long as its stream lives.
  const subscribeHooks: SubscribeHooks = { onSubscribeResult: ({ result }) => stripHints(result) };
  return {
    onValidate({ setValidationFn, addValidationRule }) {
      if (!options.introspection) addValidationRule(NoSchemaIntrospectionCustomRule);
      // Called with graphql-js's own argument order (envelop passes typeInfo where options go).
      setValidationFn((schema, document, rules) => validate(schema, document, rules, { hideSuggestions: true }));
    },
    onExecute({ executeFn, setExecuteFn }) {
      setExecuteFn((args) => executeFn({ ...args, hideSuggestions: true } as typeof args));
      return { onExecuteDone: ({ result }) => stripHints(result) };
    },
    onSubscribe({ args }) {
      // Set on the operation's own arguments rather than on a copy: a subscription's arguments are
      // kept for its whole life (each event executes with them), and a copy would be one more object.
      (args as { hideSuggestions?: boolean }).hideSuggestions = true;
      return subscribeHooks;
    },
  };
}
