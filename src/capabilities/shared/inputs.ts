/**
 * Input shapes more than one capability uses. The GraphQL input types in `src/schema/shared-inputs.ts`
 * are declared against these (`builder.inputRef<Shape>`), so Pothos checks that both agree. Enum
 * values arrive already in Kling's spelling (`std`, `16:9`): the enums map them.
 */
import type { WireCameraControl } from '../../kling/wire.js';

export type Opt<T> = T | null | undefined;

export interface ShotInput {
  prompt: string;
  duration: number;
}

export interface MultiShotInput {
  shotType: 'customize' | 'intelligence';
  /** Required for `customize`: 1 to 6 shots whose durations add up to the video's. */
  shots?: Opt<ShotInput[]>;
}

export interface CameraConfigInput {
  horizontal?: Opt<number>;
  vertical?: Opt<number>;
  pan?: Opt<number>;
  tilt?: Opt<number>;
  roll?: Opt<number>;
  zoom?: Opt<number>;
}

export interface CameraControlInput {
  type: WireCameraControl['type'];
  config?: Opt<CameraConfigInput>;
}

export interface PointInput {
  x: number;
  y: number;
}

export interface DynamicMaskInput {
  mask: string;
  trajectories: PointInput[];
}
