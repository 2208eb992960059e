/** What one TTAPI Grok model accepts, so requests are judged by the bot, not refused by TTAPI. */
export interface ModelLimits {
  minSeconds: number;
  maxSeconds: number;
  /** Reference images per request: how many are required, and how many are allowed. */
  minImages: number;
  maxImages: number;
}

/**
 * TTAPI's default model (`grok-imagine-1.0-video`, or no `model` sent). Its newest docs
 * allow 1–30 s, the original spec 10–30 s: the bot offers what both accept.
 */
const DEFAULT_MODEL: ModelLimits = { minSeconds: 10, maxSeconds: 30, minImages: 0, maxImages: 4 };

const KNOWN_MODELS: Record<string, ModelLimits> = {
  // Newest docs: 1–15 s, exactly one reference image, required.
  "grok-imagine-video-1.5-preview": { minSeconds: 1, maxSeconds: 15, minImages: 1, maxImages: 1 },
};

/** The limits of the configured `TTAPI_MODEL`; unknown names get the default model's. */
export function modelLimits(model: string | undefined): ModelLimits {
  return (model && KNOWN_MODELS[model]) || DEFAULT_MODEL;
}

/** The length used when a member gives none: 10 s where the model allows it. */
export function defaultSeconds(limits: ModelLimits): number {
  return Math.min(Math.max(10, limits.minSeconds), limits.maxSeconds);
}
