/**
 * How a process ends, for the service manager (systemd's `RestartPreventExitStatus`, a
 * container's restart policy) as much as for people: a configuration error is not fixed by
 * restarting, an unreachable store may be, a crash is a bug. Values from BSD's sysexits.h.
 */
export const EXIT = {
  ok: 0,
  /** Anything unexpected: restart, and report it. */
  crash: 1,
  /** A command line that is not understood. */
  usage: 64,
  /** Something the bot needs did not answer (the store at start): a restart may help. */
  unavailable: 69,
  /** The environment is wrong (a bad variable, a refused token or password): fix `.env`. */
  config: 78,
} as const;
