import { z } from "zod";
import type { Catalog } from "../i18n/catalog.js";
import { type GenerationRequest, MAX_PROMPT_LENGTH } from "../services/generation-request.js";
import { hasVisibleText } from "../services/guild-settings/text-forms.js";
import { isPublicHost } from "../services/media/public-host.js";
import { defaultSeconds, type ModelLimits } from "../services/ttapi/model-limits.js";
import { ASPECT_RATIOS } from "../services/ttapi/ttapi-schemas.js";

function attachmentSchema(label: string, maxBytes: number, t: Catalog) {
  return z
    .object(
      {
        url: z.url({ protocol: /^https$/ }),
        name: z.string(),
        contentType: z.string().nullable(),
        size: z.number(),
      },
      { error: t.imageNotUploaded(label) },
    )
    .check((ctx) => {
      const file = ctx.value;
      if (!file.contentType?.startsWith("image/")) {
        ctx.issues.push({
          code: "custom",
          input: file,
          message: t.imageNotImage(label, file.name),
        });
      } else if (file.size > maxBytes) {
        ctx.issues.push({
          code: "custom",
          input: file,
          message: t.imageTooLarge(label, file.name, file.size, maxBytes),
        });
      }
    })
    .transform((file) => file.url)
    .optional();
}

const imageUrls = (t: Catalog) =>
  z
    .string({ error: t.imageUrlsNotText })
    .optional()
    .transform((text) => (text ?? "").split(/[\s,]+/).filter((part) => part !== ""))
    .pipe(
      z.array(
        z
          .url({
            protocol: /^https$/,
            error: (issue) => t.imageUrlNotHttps(String(issue.input)),
          })
          // Checked only once it is a link: one problem, one message.
          .refine((url) => !URL.canParse(url) || isPublicHost(new URL(url).hostname), {
            error: (issue) => t.imageUrlNotPublic(String(issue.input)),
          }),
      ),
    );

/** `/grok-video`'s options: its definition names exactly these (the build checks both ways). */
export type VideoOptionName =
  | "prompt"
  | "aspect_ratio"
  | "length"
  | "image"
  | "image2"
  | "image3"
  | "image_urls";

/**
 * The one schema that judges `/grok-video` options server-side, against the configured
 * model's limits. Keys are the definition's option names, so renaming an option without
 * updating this breaks the build.
 */
export function grokVideoOptionsSchema(maxImageBytes: number, limits: ModelLimits, t: Catalog) {
  const { minSeconds, maxSeconds, minImages, maxImages } = limits;
  const lengthRange = t.lengthRange(minSeconds, maxSeconds);
  const shape = {
    prompt: z
      .string({ error: t.promptMissing })
      .trim()
      .min(1, t.promptEmpty)
      // 1,500 zero-width spaces are not a prompt (and must not cost anything).
      .refine(hasVisibleText, t.promptEmpty)
      .max(MAX_PROMPT_LENGTH, t.promptTooLong(MAX_PROMPT_LENGTH)),
    aspect_ratio: z
      .enum(ASPECT_RATIOS, { error: t.aspectRatioInvalid(ASPECT_RATIOS) })
      .default("16:9"),
    length: z
      .number({ error: t.lengthNotWhole })
      .int(t.lengthNotWhole)
      .min(minSeconds, lengthRange)
      .max(maxSeconds, lengthRange)
      .default(defaultSeconds(limits)),
    image: attachmentSchema("image", maxImageBytes, t),
    image2: attachmentSchema("image2", maxImageBytes, t),
    image3: attachmentSchema("image3", maxImageBytes, t),
    image_urls: imageUrls(t),
  } satisfies Record<VideoOptionName, z.ZodType>;

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
      error: maxImages === 1 ? t.oneImageOnly : t.tooManyImages(maxImages),
    })
    .refine((request) => request.referImages.length >= minImages, {
      error: t.imageRequired,
    });
}

/** A number typed in a modal: a number if it is one, else the text, for the schema to judge. */
export function typedNumber(text: string): number | string {
  return /^\d+$/.test(text) ? Number(text) : text;
}
