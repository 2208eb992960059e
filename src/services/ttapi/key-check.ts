import type { Logger } from "../../logger.js";
import type { TtapiClient } from "./ttapi-client.js";

/** Tells the operator at start, in one log line, whether TTAPI takes TTAPI_API_KEY. */
export async function logTtapiKeyCheck(
  ttapi: Pick<TtapiClient, "checkKey">,
  logger: Logger,
): Promise<void> {
  const check = await ttapi.checkKey();
  switch (check.verdict) {
    case "accepted":
      logger.info("TTAPI accepted TTAPI_API_KEY");
      return;
    case "refused":
      logger.error(
        { httpStatus: check.error.details.httpStatus, reason: check.error.reason },
        "TTAPI refused TTAPI_API_KEY: every video will fail until the key in .env is fixed (README: Troubleshooting)",
      );
      return;
    case "unchecked":
      logger.warn(
        { kind: check.error.kind, httpStatus: check.error.details.httpStatus },
        "could not check TTAPI_API_KEY: TTAPI did not answer; videos will be tried anyway",
      );
  }
}
