import { z } from 'zod';
import { builder } from '../../schema/builder.js';
import { commonInputFields, type CapabilitySchema } from '../../schema/create-mutation.js';
import { check, rules } from '../../schema/input-checks.js';
import { VideoTaskRequest, type View } from '../../schema/video-task-request.js';
import { AUDIO_PROMPT_MAX, textToAudio, type TextToAudioInput } from './index.js';

const input = builder.inputRef<TextToAudioInput>('TextToAudioInput').implement({
  ...rules(textToAudio.rules),
  fields: (t) => ({
    ...commonInputFields(t, 'text to audio', textToAudio),
    prompt: t.string({ required: true, description: `The sound, up to ${AUDIO_PROMPT_MAX} characters.`, ...check(z.string().min(1, 'A prompt is required.').max(AUDIO_PROMPT_MAX, `At most ${AUDIO_PROMPT_MAX} characters.`)) }),
    duration: t.float({ required: true, description: 'Seconds: 3.0 to 10.0, one decimal.', ...check(z.number().min(3, 'Between 3 and 10 seconds.').max(10, 'Between 3 and 10 seconds.')) }),
  }),
});

builder.objectRef<View<TextToAudioInput>>('TextToAudioRequest').implement({
  interfaces: [VideoTaskRequest],
  fields: (t) => ({
    // Named apart from the video requests' `duration: Int`.
    audioSeconds: t.float({ description: 'The duration asked for, seconds.', resolve: (r) => r.duration }),
  }),
});

export const textToAudioSchema: CapabilitySchema = { input };
