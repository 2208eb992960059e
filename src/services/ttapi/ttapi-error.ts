export const TTAPI_ERROR_KINDS = [
  "auth",
  "balance",
  "invalid",
  "rate_limited",
  "server",
  "network",
  "timeout",
  "malformed",
] as const;

export type TtapiErrorKind = (typeof TTAPI_ERROR_KINDS)[number];

/** Kinds that say nothing about the request itself: the same call may work later. */
const TRANSIENT: ReadonlySet<TtapiErrorKind> = new Set([
  "rate_limited",
  "server",
  "network",
  "timeout",
  "malformed",
]);

export class TtapiError extends Error {
  override name = "TtapiError";

  constructor(
    readonly kind: TtapiErrorKind,
    message: string,
    readonly details: {
      httpStatus?: number;
      /** TTAPI's own reason text, safe to show to users. */
      reason?: string;
      /**
       * False when TTAPI certainly did not act on the request (connection refused,
       * 429/499/503). A submit may only be repeated then, or a paid job could run twice.
       */
      mayHaveReachedTtapi: boolean;
      /** The start of a body that was not TTAPI's JSON (an edge's HTML page), for the log only. */
      bodyExcerpt?: string;
    },
  ) {
    super(message);
  }

  get transient(): boolean {
    return TRANSIENT.has(this.kind);
  }

  get reason(): string | undefined {
    return this.details.reason;
  }
}

/** Maps an HTTP status from TTAPI to an error kind (TTAPI's documented codes). */
export function kindForHttpStatus(status: number): TtapiErrorKind {
  if (status === 401 || status === 403) return "auth";
  if (status === 402) return "balance";
  if (status === 429 || status === 499) return "rate_limited";
  if (status >= 500) return "server";
  return "invalid";
}

/**
 * Statuses that prove the request was turned away before any job was created. A 500, 502
 * or 504 can come from an edge after TTAPI took the job, so they prove nothing.
 */
export function isRejectedBeforeWork(status: number): boolean {
  return status === 429 || status === 499 || status === 503;
}
