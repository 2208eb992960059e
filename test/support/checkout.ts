import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { expect } from "vitest";

export const root = resolve(import.meta.dirname, "../..");

/** What a fresh clone holds that `npm start` and `docker build` read (not node_modules). */
const CHECKOUT_FILES = [
  "src",
  "package.json",
  "package-lock.json",
  "tsconfig.json",
  "tsconfig.build.json",
  ".env.example",
  "Dockerfile",
  "compose.yaml",
  ".dockerignore",
];

/** A copy of the project as a fresh clone has it, in a directory of its own. */
export function freshCheckout(prefix: string): string {
  const checkout = mkdtempSync(join(tmpdir(), prefix));
  for (const file of CHECKOUT_FILES) {
    cpSync(join(root, file), join(checkout, file), { recursive: true });
  }
  return checkout;
}

/** Writes the checkout's `.env`: `.env.example` with only these lines filled in, as README says. */
export function fillInDotEnv(checkout: string, values: Record<string, string>): void {
  let filled = readFileSync(join(checkout, ".env.example"), "utf8");
  for (const [name, value] of Object.entries(values)) {
    const line = new RegExp(`^${name}=.*$`, "m");
    expect(filled, `.env.example has a ${name}= line`).toMatch(line);
    filled = filled.replace(line, `${name}=${value}`);
  }
  writeFileSync(join(checkout, ".env"), filled);
}
