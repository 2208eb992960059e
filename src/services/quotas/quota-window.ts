export const QUOTA_PERIODS = ["day", "week", "month"] as const;
export type QuotaPeriod = (typeof QUOTA_PERIODS)[number];

export interface QuotaWindow {
  period: QuotaPeriod;
  /** Stable name of the window, e.g. `day:2026-11-24`. */
  key: string;
  start: number;
  /** When usage resets: the start of the next window. */
  end: number;
}

/** The UTC window containing `now`: days from midnight, weeks from Monday, months from the 1st. */
export function currentWindow(period: QuotaPeriod, now: number): QuotaWindow {
  const date = new Date(now);
  const y = date.getUTCFullYear();
  const m = date.getUTCMonth();
  const d = date.getUTCDate();
  let start: number;
  let end: number;
  switch (period) {
    case "day":
      start = Date.UTC(y, m, d);
      end = Date.UTC(y, m, d + 1);
      break;
    case "week": {
      const sinceMonday = (date.getUTCDay() + 6) % 7;
      start = Date.UTC(y, m, d - sinceMonday);
      end = Date.UTC(y, m, d - sinceMonday + 7);
      break;
    }
    case "month":
      start = Date.UTC(y, m, 1);
      end = Date.UTC(y, m + 1, 1);
      break;
  }
  return { period, key: `${period}:${new Date(start).toISOString().slice(0, 10)}`, start, end };
}
