import type { IncomingMessage } from "node:http";

/**
 * Reads a request body as text; undefined once it grows past `limitBytes`. Then it stops
 * reading but leaves the connection to the caller, which can still answer (e.g. 413 with
 * `Connection: close`): tearing the socket down here would lose that answer.
 */
export async function readBody(request: IncomingMessage, limitBytes = 1_000_000) {
  return (await readBytes(request, limitBytes))?.toString("utf8");
}

/** `readBody`, as bytes (uploads, binary bodies). */
export function readBytes(request: IncomingMessage, limitBytes: number) {
  return new Promise<Buffer | undefined>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (result: () => void) => {
      request.off("data", onData).off("end", onEnd).off("error", onError);
      result();
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limitBytes) chunks.push(chunk);
      else done(() => resolve(undefined));
    };
    const onEnd = () => done(() => resolve(Buffer.concat(chunks)));
    const onError = (error: Error) => done(() => reject(error));
    request.on("data", onData).on("end", onEnd).on("error", onError);
  });
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
