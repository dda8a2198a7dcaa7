/**
 * What a task asked for, in a few words: enough for a history entry to be recognised. Takes the
 * fields every capability's request may carry; media show as their URL's file name, or their size
 * when they were sent inline.
 */
export interface MediaLike {
  url?: string | null;
  inlineBytes?: number | null;
}

export interface RequestLike {
  prompt?: string | null;
  negativePrompt?: string | null;
  duration?: number | null;
  mode?: string | null;
  aspectRatio?: string | null;
  sound?: boolean | null;
  multiShot?: { shotType: string; shots?: { prompt: string; duration: number }[] | null } | null;
  image?: MediaLike | null;
  imageTail?: MediaLike | null;
  images?: MediaLike[] | null;
  video?: MediaLike | null;
  referenceImages?: { image: MediaLike; frame?: string | null }[] | null;
  referenceVideo?: { video: MediaLike; referType?: string | null } | null;
}

export function mediaName(media: MediaLike | null | undefined): string | null {
  if (!media) return null;
  if (media.url) {
    try {
      const path = new URL(media.url).pathname;
      return decodeURIComponent(path.slice(path.lastIndexOf('/') + 1)) || media.url;
    } catch {
      return media.url;
    }
  }
  return media.inlineBytes != null ? `inline image, ${Math.round(media.inlineBytes / 1024)} KB` : null;
}

const RATIO: Record<string, string> = { RATIO_16_9: '16:9', RATIO_9_16: '9:16', RATIO_1_1: '1:1' };

/** `5 s · PRO · 16:9 · sound` and the inputs' names. */
export function requestFacts(request: RequestLike): string[] {
  const facts: string[] = [];
  if (request.duration != null) facts.push(`${request.duration} s`);
  if (request.mode) facts.push(request.mode === 'PRO' ? 'Pro' : 'Standard');
  if (request.aspectRatio) facts.push(RATIO[request.aspectRatio] ?? request.aspectRatio);
  if (request.sound) facts.push('sound');
  if (request.multiShot) {
    facts.push(request.multiShot.shotType === 'CUSTOMIZE' ? `${request.multiShot.shots?.length ?? 0} shots` : 'shots by the model');
  }
  const frames = [
    request.image && `first frame ${mediaName(request.image)}`,
    request.imageTail && `last frame ${mediaName(request.imageTail)}`,
    ...(request.images ?? []).map((m) => mediaName(m)),
    ...(request.referenceImages ?? []).map((r) => mediaName(r.image)),
    request.video && `video ${mediaName(request.video)}`,
    request.referenceVideo && `video ${mediaName(request.referenceVideo.video)}`,
  ];
  for (const frame of frames) if (frame) facts.push(frame);
  return facts;
}

export function RequestSummary({ request }: { request: RequestLike | null | undefined }) {
  if (!request) return null;
  const prompt = request.prompt || request.multiShot?.shots?.map((s) => s.prompt).join(' / ');
  const facts = requestFacts(request);
  return (
    <div class="request">
      {prompt && <p class="prompt">{prompt}</p>}
      {facts.length > 0 && <p class="hint">{facts.join(' · ')}</p>}
    </div>
  );
}
