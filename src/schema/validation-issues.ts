/** A Standard Schema issue, as the validation plugin hands them over. */
interface Issue {
  readonly message: string;
  readonly path?: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }> | undefined;
}

/** `['input', 'shots', 2, 'prompt']` becomes `input.shots[2].prompt`: the field a client fixes. */
export function fieldPath(path: Issue['path']): string {
  let out = '';
  for (const segment of path ?? []) {
    const key = typeof segment === 'object' ? segment.key : segment;
    out += typeof key === 'number' ? `[${key}]` : `${out ? '.' : ''}${String(key)}`;
  }
  return out || 'input';
}

export function issuesToFields(issues: ReadonlyArray<Issue>): { field: string; message: string }[] {
  return issues.map((issue) => ({ field: fieldPath(issue.path), message: issue.message }));
}
