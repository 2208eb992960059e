import { z } from "zod";

export const ASPECT_RATIOS = ["16:9", "9:16", "1:1", "2:3", "3:2"] as const;
export type AspectRatio = (typeof ASPECT_RATIOS)[number];

/** Lengths some Grok model accepts; what the configured one takes is in model-limits.ts. */
export const MIN_VIDEO_SECONDS = 1;
export const MAX_VIDEO_SECONDS = 30;

/**
 * The body of `POST /grok/generations` as TTAPI documents it (optional fields default to
 * 16:9, "10", 720p). `video_length` is a string. The bot always sends every field.
 */
export const submitBodySchema = z.object({
  prompt: z.string().min(1),
  aspect_ratio: z.enum(ASPECT_RATIOS).optional(),
  video_length: z.string().regex(/^\d+$/).optional(),
  resolution_name: z.enum(["720p", "480p"]).optional(),
  refer_images: z.array(z.url()).optional(),
  hook_url: z.url().optional(),
  model: z.string().optional(),
});
export type SubmitBody = z.infer<typeof submitBodySchema>;

const jobIdString = z.string().trim().min(1);

/** Older docs answer `data.jobId`, newer ones `data.job_id`: both are accepted. */
export const submitResponseSchema = z.object({
  status: z.string(),
  message: z.string().nullish(),
  data: z.object({ jobId: jobIdString.optional(), job_id: jobIdString.optional() }).nullish(),
});

const numberFromString = z
  .union([
    z.number(),
    z
      .string()
      .trim()
      .regex(/^\d+(\.\d+)?$/),
  ])
  .pipe(z.coerce.number());

/**
 * SUCCESS's data. TTAPI has answered SUCCESS with `videoUrl` null or "": the job is done
 * (and charged) all the same, so a missing or unusable link reads as null, never as an
 * answer to poll again.
 */
export const successDataSchema = z.object({
  videoUrl: z
    .url({ protocol: /^https?$/ })
    .nullish()
    .catch(null),
  videoId: z.string().nullish(),
  prompt: z.string().nullish(),
  aspectRatio: z.string().nullish(),
  videoLength: z.union([z.string(), z.number()]).nullish(),
  resolutionName: z.string().nullish(),
  referImage: z.string().nullish(),
  quota: numberFromString.nullish().catch(null),
  finishTime: z.string().nullish(),
  hookUrl: z.string().nullish(),
});

export const fetchResponseSchema = z.object({
  status: z.string(),
  message: z.string().nullish(),
  jobId: z.string().nullish(),
  data: z.unknown().nullish(),
});

/** What a poll tells the rest of the bot, already interpreted. */
export type JobProgress =
  | { state: "queued" }
  | { state: "generating" }
  | { state: "unknown"; rawStatus: string }
  | {
      state: "succeeded";
      /** Null when TTAPI reported the job done but named no file. */
      videoUrl: string | null;
      credits: number | null;
      finishedAt: string | null;
    }
  | { state: "failed"; reason: string };
