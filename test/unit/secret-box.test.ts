import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { parseSecretsKey, SecretBox } from "../../src/services/secret-box.js";

describe("SecretBox", () => {
  const [oldKey, newKey, strangerKey] = [randomBytes(32), randomBytes(32), randomBytes(32)];

  it("seals a secret so the sealed form does not contain it, and opens it again", () => {
    const box = new SecretBox(newKey);
    const sealed = box.seal("tt-secret-1234");
    expect(JSON.stringify(sealed)).not.toContain("tt-secret-1234");
    expect(box.open(sealed)).toEqual({ secret: "tt-secret-1234" });
    // A fresh nonce each time: the same secret never seals the same way twice.
    expect(box.seal("tt-secret-1234").data).not.toBe(sealed.data);
  });

  it("rotates: the previous key still opens, and what it opened is sealed again with the new one", () => {
    const sealedBefore = new SecretBox(oldKey).seal("tt-secret-5678");
    const opened = new SecretBox(newKey, oldKey).open(sealedBefore);
    expect(opened?.secret).toBe("tt-secret-5678");
    expect(new SecretBox(newKey).open(opened!.resealed!)).toEqual({ secret: "tt-secret-5678" });
    // Without the previous key, or with a stranger's, nothing opens.
    expect(new SecretBox(newKey).open(sealedBefore)).toBeUndefined();
    expect(new SecretBox(strangerKey, newKey).open(sealedBefore)).toBeUndefined();
  });

  it("takes SECRETS_KEY as 32 bytes in hex or base64, nothing shorter", () => {
    expect(parseSecretsKey(newKey.toString("hex"))).toEqual(newKey);
    expect(parseSecretsKey(newKey.toString("base64"))).toEqual(newKey);
    expect(parseSecretsKey("short-secret")).toBeUndefined();
    expect(parseSecretsKey(randomBytes(16).toString("base64"))).toBeUndefined();
  });
});
