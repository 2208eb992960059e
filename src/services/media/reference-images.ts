/**
 * Asks Discord for new signed links to its attachments. Resolves to the links it renewed,
 * by original link (attachments that no longer exist are missing); throws when Discord
 * could not be asked.
 */
export interface AttachmentLinkRefresher {
  refresh(urls: readonly string[]): Promise<Map<string, string>>;
}

export interface ReferenceImagesOptions {
  refresher: AttachmentLinkRefresher;
  /** A link that expires sooner than this is renewed: TTAPI may fetch it minutes later. */
  minLifetimeMs: number;
  now?: () => number;
}

const DISCORD_CDN_HOSTS = new Set(["cdn.discordapp.com", "media.discordapp.net"]);

/**
 * When a Discord attachment link stops working: its `ex` parameter, hex seconds.
 * Null for links that do not expire (not Discord's, or unsigned).
 */
export function linkExpiresAt(url: string): number | null {
  const parsed = URL.canParse(url) ? new URL(url) : null;
  if (!parsed || !DISCORD_CDN_HOSTS.has(parsed.hostname)) return null;
  const ex = Number.parseInt(parsed.searchParams.get("ex") ?? "", 16);
  return Number.isFinite(ex) ? ex * 1000 : null;
}

/**
 * Keeps a job's reference images usable when it is run again: Discord's attachment links
 * expire about a day after they were handed out, so expired (or nearly expired) ones are
 * renewed before they are sent to TTAPI again.
 */
export class ReferenceImages {
  private readonly now: () => number;

  constructor(private readonly options: ReferenceImagesOptions) {
    this.now = options.now ?? Date.now;
  }

  /** The links to submit, renewed where needed; null when an image is no longer available. */
  async freshen(urls: readonly string[]): Promise<string[] | null> {
    const deadline = this.now() + this.options.minLifetimeMs;
    const stale = urls.filter((url) => (linkExpiresAt(url) ?? Number.POSITIVE_INFINITY) < deadline);
    if (stale.length === 0) return [...urls];
    let renewed: Map<string, string>;
    try {
      renewed = await this.options.refresher.refresh(stale);
    } catch {
      return null;
    }
    const fresh = urls.map((url) => (stale.includes(url) ? renewed.get(url) : url));
    return fresh.every((url): url is string => url !== undefined) ? fresh : null;
  }
}
