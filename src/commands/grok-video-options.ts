import { z } from "zod";
import { type GenerationRequest, MAX_PROMPT_LENGTH } from "../services/generation-request.js";
import { defaultSeconds, type ModelLimits } from "../services/ttapi/model-limits.js";
import { ASPECT_RATIOS } from "../services/ttapi/ttapi-schemas.js";
import type { grokVideoShape } from "./grok-video.js";
import type { OptionName } from "./slash-command.js";

const MB = 1024 * 1024;

function attachmentSchema(label: string, maxBytes: number) {
  return z
    .object(
      {
        url: z.url({ protocol: /^https$/ }),
        name: z.string(),
        contentType: z.string().nullable(),
        size: z.number(),
      },
      { error: `${label} must be an uploaded image.` },
    )
    .check((ctx) => {
      const file = ctx.value;
      if (!file.contentType?.startsWith("image/")) {
        ctx.issues.push({
          code: "custom",
          input: file,
          message: `${label} (“${file.name}”) is not an image. Attach a PNG, JPEG or WebP file.`,
        });
      } else if (file.size > maxBytes) {
        ctx.issues.push({
          code: "custom",
          input: file,
          message: `${label} (“${file.name}”) is ${(file.size / MB).toFixed(1)} MB; the limit is ${maxBytes / MB} MB.`,
        });
      }
    })
    .transform((file) => file.url)
    .optional();
}

const imageUrls = z
  .string({ error: "image_urls must be text." })
  .optional()
  .transform((text) => (text ?? "").split(/[\s,]+/).filter((part) => part !== ""))
  .pipe(
    z.array(
      z.url({
        protocol: /^https$/,
        error: (issue) => `“${String(issue.input)}” in image_urls is not an https:// link.`,
      }),
    ),
  );

/**
 * The one schema that judges `/grok-video` options server-side, against the configured
 * model's limits. Keys are the definition's option names, so renaming an option without
 * updating this breaks the build.
 */
export function grokVideoOptionsSchema(maxImageBytes: number, limits: ModelLimits) {
  const { minSeconds, maxSeconds, minImages, maxImages } = limits;
  const lengthRange = `Length must be ${minSeconds} to ${maxSeconds} seconds.`;
  const shape = {
    prompt: z
      .string({ error: "The prompt is missing." })
      .trim()
      .min(1, "The prompt is empty. Describe the video you want.")
      .max(MAX_PROMPT_LENGTH, `The prompt is too long (at most ${MAX_PROMPT_LENGTH} characters).`),
    aspect_ratio: z
      .enum(ASPECT_RATIOS, { error: `Aspect ratio must be one of ${ASPECT_RATIOS.join(", ")}.` })
      .default("16:9"),
    length: z
      .number({ error: "Length must be a whole number of seconds." })
      .int("Length must be a whole number of seconds.")
      .min(minSeconds, lengthRange)
      .max(maxSeconds, lengthRange)
      .default(defaultSeconds(limits)),
    image: attachmentSchema("image", maxImageBytes),
    image2: attachmentSchema("image2", maxImageBytes),
    image3: attachmentSchema("image3", maxImageBytes),
    image_urls: imageUrls,
  } satisfies Record<OptionName<typeof grokVideoShape>, z.ZodType>;

  return z
    .object(shape)
    .transform(
      (o): GenerationRequest => ({
        prompt: o.prompt,
        aspectRatio: o.aspect_ratio,
        videoLength: o.length,
        referImages: [o.image, o.image2, o.image3, ...o.image_urls].filter(
          (url): url is string => url !== undefined,
        ),
      }),
    )
    .refine((request) => request.referImages.length <= maxImages, {
      error:
        maxImages === 1
          ? "This model takes one reference image: attach one image or give one link, not more."
          : `At most ${maxImages} reference images in all (attachments and URLs).`,
    })
    .refine((request) => request.referImages.length >= minImages, {
      error:
        "This model needs a reference image: attach one (image) or give its link (image_urls).",
    });
}
