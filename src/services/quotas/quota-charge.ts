import { z } from "zod";

/** What a job's reservation points at, kept on the job record to settle or release later. */
export const quotaChargeSchema = z.object({
  scopeId: z.string(),
  windowKey: z.string(),
  expiresAt: z.number(),
  /** The window's reset count when reserved (stores older than epochs have none: 0). */
  epoch: z.number().int().default(0),
});
export type QuotaCharge = z.infer<typeof quotaChargeSchema>;
