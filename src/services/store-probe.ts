import type { Store } from "./store.js";

export interface StoreProblem {
  /** What went wrong, and the likely fix, in words an operator acts on. */
  message: string;
  /** Whether waiting could help (nothing answered) or the configuration is wrong. */
  kind: "unreachable" | "misconfigured";
}

/** The first key any store answers for, holding nothing. */
const PROBE_KEY = "startup-probe";

/**
 * One read, bounded in time, before a process relies on the store. A Redis client retries
 * a refused connection or a wrong password for ever, queueing commands meanwhile: without
 * this a bot whose Redis is down or misconfigured would neither work nor stop.
 */
export async function probeStore(store: Store, timeoutMs: number): Promise<StoreProblem | null> {
  let lastError: unknown;
  let misconfigured: (problem: StoreProblem) => void = () => undefined;
  // A refused password or certificate will not change by waiting: stop at the first one.
  const wrongSetup = new Promise<StoreProblem>((resolve) => {
    misconfigured = resolve;
  });
  const remember = (error: unknown) => {
    lastError = error;
    const problem = describeStoreError(error, timeoutMs);
    if (problem.kind === "misconfigured") misconfigured(problem);
  };
  const stopListening = store.onError(remember);
  let timer: NodeJS.Timeout | undefined;
  try {
    const timedOut = new Promise<"timeout">((resolve) => {
      timer = setTimeout(() => resolve("timeout"), timeoutMs);
    });
    return await Promise.race([
      store.kv.get(PROBE_KEY).then(() => null),
      wrongSetup,
      timedOut.then(() => describeStoreError(lastError, timeoutMs)),
    ]);
  } catch (error) {
    return describeStoreError(error, timeoutMs);
  } finally {
    clearTimeout(timer);
    stopListening();
  }
}

const CERTIFICATE_CODES = new Set([
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "CERT_HAS_EXPIRED",
  "CERT_UNTRUSTED",
  "ERR_TLS_CERT_ALTNAME_INVALID",
]);

/** Turns what the driver said into the reason and the next step. */
export function describeStoreError(error: unknown, timeoutMs: number): StoreProblem {
  const code = typeof error === "object" && error !== null && "code" in error ? error.code : "";
  const text = String(error ?? "");
  if (code === "ECONNREFUSED") {
    return unreachable("the connection was refused: is Redis running, and on that host and port?");
  }
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") {
    return unreachable("its host name does not resolve: check the host in the URL");
  }
  if (/WRONGPASS|NOAUTH|invalid password|invalid username-password/i.test(text)) {
    return misconfigured(
      /NOAUTH/.test(text)
        ? "Redis asks for a password and the URL gives none: redis://default:PASSWORD@host:6379"
        : "Redis refused the user name or password in the URL",
    );
  }
  if (typeof code === "string" && CERTIFICATE_CODES.has(code)) {
    return misconfigured(
      `Redis's TLS certificate is not trusted (${code}): if your provider signs it with its own CA, start the bot with NODE_EXTRA_CA_CERTS=/path/to/ca.pem`,
    );
  }
  if (/wrong version number|ECONNRESET|socket closed unexpectedly/i.test(text)) {
    return misconfigured(
      "the connection broke at once: TLS on one side only? rediss:// is TLS, redis:// is not",
    );
  }
  if (error === undefined) {
    return unreachable(`it did not answer within ${timeoutMs} ms`);
  }
  return unreachable(text.split("\n")[0]!.slice(0, 300));
}

const unreachable = (reason: string): StoreProblem => ({ message: reason, kind: "unreachable" });
const misconfigured = (reason: string): StoreProblem => ({
  message: reason,
  kind: "misconfigured",
});
