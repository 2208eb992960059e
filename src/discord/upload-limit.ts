import { type Guild, GuildPremiumTier } from "discord.js";
import { DEFAULT_UPLOAD_LIMIT } from "./job-message-publisher.js";

const MiB = 1024 * 1024;

/**
 * How large a file the bot may attach to its own messages in a server: Discord raises the
 * 10 MiB default with the server's boost tier. Interaction replies carry their own limit
 * (`attachment_size_limit`), which can be larger (a member's Nitro).
 */
export function uploadLimitOf(guild: Pick<Guild, "premiumTier"> | undefined): number {
  switch (guild?.premiumTier) {
    case GuildPremiumTier.Tier2:
      return 50 * MiB;
    case GuildPremiumTier.Tier3:
      return 100 * MiB;
    default:
      return DEFAULT_UPLOAD_LIMIT;
  }
}
