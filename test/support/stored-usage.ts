import { pino } from "pino";
import { QuotaService } from "../../src/services/quotas/quota-service.js";
import { QuotaSettingsService } from "../../src/services/quotas/quota-settings-service.js";
import { openStore } from "../../src/services/store.js";

/** Videos counted this day for a server and one member, read from the store as the bot reads them. */
export async function storedUsage(storeUrl: string, guildId: string, userId: string) {
  const store = await openStore(storeUrl);
  try {
    const logger = pino({ level: "silent" });
    const defaults = {
      period: "day",
      guildVideos: null,
      memberVideos: null,
      dmVideos: null,
    } as const;
    const settings = new QuotaSettingsService({ store: store.kv, logger, defaults });
    const usage = await new QuotaService({ store, logger, settings }).report(
      { kind: "guild", guildId },
      userId,
    );
    return { server: usage.scope.videos, member: usage.member.videos };
  } finally {
    await store.disconnect();
  }
}
