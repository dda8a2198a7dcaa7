import { capabilityModule, type Capability } from '../capabilities/registry.js';
import type { Rejection } from '../capabilities/module.js';
import { checkText, invalid, MAX_PROMPT } from '../capabilities/shared/checks.js';
import { durationAllowed } from '../capabilities/shared/models.js';

/**
 * The parameter checks Kling runs on a create request, as pure functions, so the sandbox answers bad
 * requests the way Kling does (HTTP 400 / code 1201, or 404 / 1203 for an unknown model). The gateway
 * validates first; these exist so a gateway bug shows up as an upstream error in tests, not a silent
 * pass. The checks every endpoint shares are here; each capability module adds its own.
 */

export type { Rejection };

const MODES = ['std', 'pro', '4k'];
const RATIOS = ['16:9', '9:16', '1:1'];

/** The first reason Kling would refuse this create request, or undefined when it would accept it. */
export function checkCreateRequest(capability: Capability, body: unknown): Rejection | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return invalid('body must be a JSON object');
  const b = body as Record<string, unknown>;
  const module = capabilityModule(capability);
  if (module.models) {
    const model = b.model_name ?? module.models.defaultModel;
    if (typeof model !== 'string' || !module.models.models.includes(model)) {
      return { httpStatus: 404, code: 1203, message: `model ${String(model)} does not exist` };
    }
    if (b.duration !== undefined && !durationAllowed(model, Number(b.duration))) {
      return invalid(`duration ${String(b.duration)} is not supported by ${model}`);
    }
  }
  if (b.mode !== undefined && !MODES.includes(b.mode as string)) return invalid('mode is invalid');
  if (b.aspect_ratio !== undefined && !RATIOS.includes(b.aspect_ratio as string)) return invalid('aspect_ratio is invalid');
  return checkText(b, 'prompt', MAX_PROMPT) ?? checkText(b, 'negative_prompt', MAX_PROMPT) ?? module.check(b);
}
