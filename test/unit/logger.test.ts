import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "../../src/logger.js";

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, stream };
}

describe("logger", () => {
  it("never writes the bot token or the TTAPI key", () => {
    const { lines, stream } = capture();
    const logger = createLogger("info", stream, ["discord-secret", "tt-secret"]);
    logger.info(
      { token: "discord-secret", apiKey: "tt-secret", job: { interactionToken: "itok" } },
      "start",
    );
    logger.info({ headers: { "tt-api-key": "tt-secret" } }, "request");
    logger.error(new Error("request to https://x?key=tt-secret failed"));
    logger.warn("url was https://x?key=tt-secret");
    const output = lines.join("");
    expect(output).not.toContain("discord-secret");
    expect(output).not.toContain("tt-secret");
    expect(output).not.toContain("itok");
    expect(output).toContain("[redacted]");
    expect(lines).toHaveLength(4);
  });

  it("never writes a password given in a URL (a managed Redis's STORE_URL)", () => {
    const { lines, stream } = capture();
    const logger = createLogger("info", stream);
    logger.error({ url: "rediss://default:hunter2-redis@redis.example.com:6380/0" }, "store");
    logger.warn("could not reach redis://:hunter2-redis@10.0.0.5:6379");
    const output = lines.join("");
    expect(output).not.toContain("hunter2-redis");
    expect(output).toContain("rediss://default:[redacted]@redis.example.com:6380/0");
  });
});
