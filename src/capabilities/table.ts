import { CAPABILITIES, capabilityModule } from './registry.js';

/** The README's capability table, made from the registry (a test keeps the README equal to it). */
export function capabilityTable(): string {
  const rows = CAPABILITIES.map((capability) => {
    const module = capabilityModule(capability);
    const models = module.models ? module.models.models.map((m) => (m === module.models!.defaultModel ? `**${m}**` : m)).join(', ') : 'none';
    return `| \`${module.graphql.mutation}\` | \`${capability}\` | \`${module.path}\` | ${models} | ${module.results} | ${module.graphql.description} |`;
  });
  return ['| mutation | capability | Kling endpoint | models (default in bold) | results | what |', '| --- | --- | --- | --- | --- | --- |', ...rows].join('\n');
}
