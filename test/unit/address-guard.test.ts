import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it, onTestFinished } from "vitest";
import { isInternalAddress } from "../../src/services/media/address-guard.js";
import { VideoDownloader } from "../../src/services/media/video-download.js";

const VIDEO = readFileSync(new URL("../fixtures/video/tiny.mp4", import.meta.url));

describe("the address guard", () => {
  it.each([
    ["192.0.0.8", "IETF protocol assignments"],
    ["198.18.0.1", "benchmarking"],
    ["198.19.255.254", "benchmarking, second half"],
    ["192.0.2.10", "documentation"],
    ["240.0.0.1", "reserved"],
    ["224.0.0.251", "multicast"],
    ["255.255.255.255", "broadcast"],
    ["64:ff9b::7f00:1", "NAT64 of 127.0.0.1"],
    ["64:ff9b::a9fe:a9fe", "NAT64 of the metadata address"],
    ["2002:7f00:1::1", "6to4 of 127.0.0.1"],
    ["::127.0.0.1", "IPv4-compatible"],
    ["::10.0.0.1", "IPv4-compatible, private"],
    ["::ffff:169.254.169.254", "IPv4-mapped metadata"],
    ["100::1", "discard-only"],
    ["2001:db8::1", "documentation"],
    ["2001::1", "Teredo"],
    ["fec0::1", "site-local"],
    ["ff02::1", "multicast"],
  ])("refuses %s (%s)", (address) => {
    expect(isInternalAddress(address)).toBe(true);
  });

  it.each(["8.8.8.8", "1.1.1.1", "198.20.0.1", "192.0.3.1", "2606:4700::1111", "2a00:1450::1"])(
    "lets %s through",
    (address) => {
      expect(isInternalAddress(address)).toBe(false);
    },
  );

  it("trusts a host written [::1] in VIDEO_TRUSTED_HOSTS", async () => {
    const server = createServer((_request, response) => {
      response.setHeader("content-type", "video/mp4");
      response.end(VIDEO);
    });
    await new Promise<void>((listening) => server.listen(0, "::1", listening));
    onTestFinished(() => void server.close());
    const { port } = server.address() as AddressInfo;
    const downloader = new VideoDownloader({
      timeoutMs: 2_000,
      backoff: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
      trustedHosts: new Set(["[::1]"]),
    });
    const result = await downloader.download(`http://[::1]:${port}/video.mp4`, 10_000_000);
    expect(result).toMatchObject({ ok: true, video: { size: VIDEO.length } });

    if (result.ok) await result.video.discard();
  });
});
