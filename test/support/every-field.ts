import { getNamedType, isInterfaceType, isObjectType, isUnionType, type GraphQLSchema } from 'graphql';

/**
 * A selection of every field of `typeName`, nested objects included (fields that need arguments
 * are left out; abstract types get an inline fragment per possible type), so "the largest page"
 * grows with the schema. Fields named in `skip` are left out at every depth.
 */
export function everyField(schema: GraphQLSchema, typeName: string, depth = 0, skip: readonly string[] = []): string {
  const type = schema.getType(typeName);
  if (!type) throw new Error(`no type ${typeName}`);
  if (isUnionType(type) || isInterfaceType(type)) {
    return `__typename ${schema.getPossibleTypes(type).map((t) => `... on ${t.name} { ${everyField(schema, t.name, depth + 1, skip)} }`).join(' ')}`;
  }
  if (!isObjectType(type)) return '';
  const parts: string[] = [];
  for (const field of Object.values(type.getFields())) {
    if (skip.includes(field.name) || field.args.some((arg) => arg.type.toString().endsWith('!'))) continue;
    const named = getNamedType(field.type);
    if (isObjectType(named) || isInterfaceType(named) || isUnionType(named)) {
      if (depth < 4) parts.push(`${field.name} { ${everyField(schema, named.name, depth + 1, skip)} }`);
    } else {
      parts.push(field.name);
    }
  }
  return parts.join(' ');
}
