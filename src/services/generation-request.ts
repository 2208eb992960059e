import { z } from "zod";
import { ASPECT_RATIOS, MAX_VIDEO_SECONDS, MIN_VIDEO_SECONDS } from "./ttapi/ttapi-schemas.js";

export const MAX_PROMPT_LENGTH = 1_500;
export const MAX_REFERENCE_IMAGES = 4;

/** A validated generation: what the bot sends to TTAPI and keeps for 🔁. */
export const generationRequestSchema = z.object({
  prompt: z.string().trim().min(1).max(MAX_PROMPT_LENGTH),
  aspectRatio: z.enum(ASPECT_RATIOS),
  videoLength: z.number().int().min(MIN_VIDEO_SECONDS).max(MAX_VIDEO_SECONDS),
  referImages: z.array(z.url({ protocol: /^https$/ })).max(MAX_REFERENCE_IMAGES),
});

export type GenerationRequest = z.infer<typeof generationRequestSchema>;
