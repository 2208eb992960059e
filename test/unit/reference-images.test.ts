import { describe, expect, it } from "vitest";
import { ReferenceImages } from "../../src/services/media/reference-images.js";

const NOW = 1_800_000_000_000;
const discordLink = (expiresAt: number, id = "2") =>
  `https://cdn.discordapp.com/attachments/1/${id}/a.png?ex=${Math.floor(expiresAt / 1000).toString(16)}&is=0&hm=ab&`;

function images(renew: (urls: readonly string[]) => Promise<Map<string, string>>) {
  const asked: string[][] = [];
  const service = new ReferenceImages({
    refresher: {
      refresh: (urls) => {
        asked.push([...urls]);
        return renew(urls);
      },
    },
    minLifetimeMs: 60_000,
    now: () => NOW,
  });
  return { service, asked };
}

describe("ReferenceImages", () => {
  it("leaves links alone that live long enough or are not Discord's, without asking Discord", async () => {
    const { service, asked } = images(async () => new Map());
    const urls = [discordLink(NOW + 3_600_000), "https://example.com/cat.png?ex=1"];
    expect(await service.freshen(urls)).toEqual(urls);
    expect(asked).toEqual([]);
  });

  it("renews links that expire within the minimum lifetime, keeping their order", async () => {
    const soon = discordLink(NOW + 30_000, "3");
    const fine = discordLink(NOW + 3_600_000, "4");
    const { service, asked } = images(async (urls) => new Map(urls.map((u) => [u, `${u}new`])));
    expect(await service.freshen([soon, fine])).toEqual([`${soon}new`, fine]);
    expect(asked).toEqual([[soon]]);
  });

  it("gives up when Discord renews nothing for a link, or cannot be asked", async () => {
    const expired = discordLink(NOW - 1);
    expect(await images(async () => new Map()).service.freshen([expired])).toBeNull();
    const failing = images(async () => {
      throw new Error("503");
    });
    expect(await failing.service.freshen([expired])).toBeNull();
  });
});
