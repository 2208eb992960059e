import type { IncomingMessage } from "node:http";

/** Reads a request body as text; undefined once it grows past `limitBytes`. */
export async function readBody(
  request: IncomingMessage,
  limitBytes = 1_000_000,
): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limitBytes) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** JSON.parse that answers undefined instead of throwing: schemas judge what came. */
export function parseJson(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
