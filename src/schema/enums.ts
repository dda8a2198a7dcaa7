import { CAPABILITIES } from '../capabilities/registry.js';
import { TASK_STATUSES } from '../model/task.js';
import { builder } from './builder.js';

/*
 * Enums whose internal values are Kling's spelling, so resolvers receive wire values and the
 * GraphQL names stay in the contract's SCREAMING_CASE.
 */

export const TaskStatusEnum = builder.enumType('TaskStatus', { values: TASK_STATUSES });
export const VideoCapabilityEnum = builder.enumType('VideoCapability', { values: CAPABILITIES });

export const VideoModeEnum = builder.enumType('VideoMode', {
  values: {
    STD: { value: 'std' as const, description: 'Standard quality: faster and cheaper.' },
    PRO: { value: 'pro' as const, description: 'Higher quality.' },
  },
});

export const AspectRatioEnum = builder.enumType('AspectRatio', {
  values: {
    RATIO_16_9: { value: '16:9' as const },
    RATIO_9_16: { value: '9:16' as const },
    RATIO_1_1: { value: '1:1' as const },
  },
});

export const ShotTypeEnum = builder.enumType('ShotType', {
  values: {
    CUSTOMIZE: { value: 'customize' as const, description: 'You write each shot.' },
    INTELLIGENCE: { value: 'intelligence' as const, description: 'The model splits the prompt into shots.' },
  },
});

export const CameraControlTypeEnum = builder.enumType('CameraControlType', {
  values: {
    SIMPLE: { value: 'simple' as const, description: 'One move, set in config.' },
    DOWN_BACK: { value: 'down_back' as const },
    FORWARD_UP: { value: 'forward_up' as const },
    RIGHT_TURN_FORWARD: { value: 'right_turn_forward' as const },
    LEFT_TURN_FORWARD: { value: 'left_turn_forward' as const },
  },
});

export const CharacterOrientationEnum = builder.enumType('CharacterOrientation', {
  values: {
    IMAGE: { value: 'image' as const, description: 'The character faces as in the image (reference video up to 10 s).' },
    VIDEO: { value: 'video' as const, description: 'The character faces as in the video (reference video up to 30 s).' },
  },
});

export const FrameTypeEnum = builder.enumType('FrameType', {
  values: {
    FIRST_FRAME: { value: 'first_frame' as const },
    END_FRAME: { value: 'end_frame' as const },
  },
});

export const VideoReferTypeEnum = builder.enumType('VideoReferType', {
  values: {
    FEATURE: { value: 'feature' as const, description: 'Borrow the video\'s style and camera work.' },
    BASE: { value: 'base' as const, description: 'Edit this video.' },
  },
});
