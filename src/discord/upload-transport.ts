import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { MultipartUpload } from "./multipart-upload.js";

type Init = Parameters<typeof fetch>[1] & object;

/**
 * discord.js's transport (`makeRequest`). Ordinary requests go through Node's global
 * `fetch`; uploads are streamed from disk with `node:http`, which moves the bytes with
 * the least garbage (fetch copies every chunk of a body once more).
 */
export function send(url: string, init: Init): Promise<Response> {
  const { body } = init;
  return body instanceof MultipartUpload ? upload(url, init, body) : fetch(url, init);
}

async function upload(url: string, init: Init, body: MultipartUpload): Promise<Response> {
  const target = new URL(url);
  const request = (target.protocol === "https:" ? httpsRequest : httpRequest)(target, {
    method: init.method ?? "POST",
    headers: {
      ...(init.headers as Record<string, string>),
      "Content-Type": body.contentType,
      "Content-Length": String(body.length),
    },
    ...(init.signal ? { signal: init.signal } : {}),
  });
  // Discord may answer (a 413) before it has read the whole body: that answer counts.
  const response = await new Promise<IncomingMessage>((resolve, reject) => {
    request.once("response", resolve).once("error", reject);
    body.writeTo(request).catch(reject);
  });
  const chunks: Buffer[] = [];
  for await (const chunk of response) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [name, value] of Object.entries(response.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
  }
  const status = response.statusCode ?? 502;
  return new Response(status === 204 ? null : Buffer.concat(chunks), {
    status,
    statusText: response.statusMessage ?? "",
    headers,
  });
}
