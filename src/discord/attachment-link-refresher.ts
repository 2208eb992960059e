import type { REST } from "discord.js";
import { z } from "zod";
import type { AttachmentLinkRefresher } from "../services/media/reference-images.js";

/** Discord's answer to `POST /attachments/refresh-urls`. */
const refreshedSchema = z.object({
  refreshed_urls: z.array(z.object({ original: z.string(), refreshed: z.string() })),
});

/** Renews attachment links with Discord's `POST /attachments/refresh-urls` (bots may call it). */
export function discordAttachmentLinks(rest: REST): AttachmentLinkRefresher {
  return {
    async refresh(urls) {
      const answer = await rest.post("/attachments/refresh-urls", {
        body: { attachment_urls: urls },
      });
      const { refreshed_urls } = refreshedSchema.parse(answer);
      return new Map(refreshed_urls.map((entry) => [entry.original, entry.refreshed]));
    },
  };
}
