/**
 * What one Kling capability is, in one place: its endpoint, its models (if it has any), the rules its
 * input must pass, how that input becomes Kling's wire body, how the sandbox checks that body as Kling
 * would, and an example the test matrix sends. Everything here is pure: the GraphQL side of a
 * capability lives beside it in `schema.ts`, and `registry.ts` lists both.
 */

/** A problem with an input, its path relative to the input object. */
export interface Issue {
  path: (string | number)[];
  message: string;
}

/** Why Kling (and so the sandbox) would refuse a create body. */
export interface Rejection {
  httpStatus: number;
  code: number;
  message: string;
}

/** What a capability may read of another gateway task it refers to (a structural slice of `TaskRecord`). */
export interface ReferencedTask {
  status: string;
  finishedAt: number | null;
  videos: { id: string; duration: number | null }[];
}

/** A gateway task the caller may see, by the id a create returned (a Relay id); null when unknown. */
export type TaskLookup = (id: string) => Promise<ReferencedTask | null>;

/** Fields every create input shares. */
export interface CommonInput {
  model?: string | null;
  /** Also the idempotency key: the same tenant sending it again gets the existing task. */
  externalTaskId?: string | null;
  watermark?: boolean | null;
}

export interface ModelRules {
  models: readonly string[];
  defaultModel: string;
  /** Models that take `multi_shot`. */
  multiShotModels: readonly string[];
  /** Models that take `sound`. */
  soundModels: readonly string[];
}

/** One valid create, sent by the test matrix: the input and the wire body Kling must receive. */
export interface CapabilityExample {
  input: Record<string, unknown>;
  /** The body without the fields the create flow adds (`model_name`, `external_task_id`, ...). */
  wire: Record<string, unknown>;
}

/** One invalid create: the input and the field the first issue must name (`input.prompt`). */
export type InvalidCase = [name: string, input: Record<string, unknown>, field: string];

export interface CapabilityModule<I extends CommonInput = CommonInput> {
  /** Path below the base URL; the task query is `${path}/${taskId}`. */
  path: string;
  /**
   * Kling's models for this endpoint. Absent for endpoints that take no `model_name` (extend,
   * lip-sync, effects, avatar, sound): their tasks report `standInModel` as their model and share one slot pool.
   */
  models?: ModelRules;
  /** The model-less capabilities' stand-in model: what `VideoTask.model` reads and the pool's name. */
  standInModel?: string;
  /** Whether the endpoint takes `watermark_info` (the input then has `watermark`). */
  watermark: boolean;
  /** What a finished task holds: `videos`, or `audios` (and, for video-to-audio, `videos` too). */
  results: 'videos' | 'audios';
  /** The GraphQL names: the mutation, its input type and the request's object type. */
  graphql: { mutation: string; input: string; request: string; description: string };
  /** Cross-field and model rules (single-field limits sit with the GraphQL fields). */
  rules(input: I): Issue[];
  /**
   * Resolves what the input refers to before it is validated as stored (video extend takes a
   * gateway task and sends its video's Kling id). Returns the input to store, or the issues found.
   */
  resolve?(input: I, lookup: TaskLookup, now: number): Promise<I | Issue[]>;
  /** The wire body without the fields the create flow adds. */
  body(input: I): object;
  /** What Kling checks on this endpoint's body beyond the common checks (sandbox). */
  check(body: Record<string, unknown>): Rejection | undefined;
  /** Seconds of output a task asks for, for quotas and estimates; null where Kling decides. */
  seconds?(input: I): number | null;
  example: CapabilityExample;
  invalid: InvalidCase[];
}

/** Keeps the input type while checking the module's shape. */
export const defineCapability = <I extends CommonInput>(module: CapabilityModule<I>): CapabilityModule<I> => module;
