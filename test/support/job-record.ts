import type { JobRecord } from "../../src/services/jobs/job-record.js";

/** A valid job record (queued, in guild g1, asked by alice), with `overrides` applied. */
export function jobRecord(id: string, overrides: Partial<JobRecord> = {}): JobRecord {
  return {
    id,
    ttapiJobId: null,
    status: "queued",
    request: { prompt: "a heron", aspectRatio: "16:9", videoLength: 10, referImages: [] },
    origin: {
      guildId: "g1",
      channelId: "c",
      userId: "alice",
      locale: null,
      roleIds: [],
      managesServer: false,
    },
    delivery: {
      applicationId: "a",
      interactionToken: null,
      tokenIssuedAt: 0,
      uploadLimitBytes: null,
      messageId: null,
      replyToMessageId: null,
    },
    result: null,
    failure: null,
    eta: null,
    waitingPosition: null,
    hookToken: null,
    correction: false,
    paidBy: "operator",
    serverKeyId: null,
    charge: null,
    memberCharge: null,
    budgetCharge: null,
    waitingFor: "slot",
    unconfirmedSince: null,
    createdAt: Date.now(),
    submittedAt: null,
    updatedAt: Date.now(),
    polls: 0,
    pollErrors: 0,
    ...overrides,
  };
}
