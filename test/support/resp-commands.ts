/**
 * Reads the Redis commands in a client's byte stream (RESP arrays of bulk strings, as
 * every client sends them), chunk by chunk: each call returns the names of the commands
 * that ended in that chunk, whatever the chunk boundaries.
 */
export function readRespCommands(): (chunk: Buffer) => string[] {
  let pending = Buffer.alloc(0);
  /** Arguments still to come in the current command; 0 when between commands. */
  let argsLeft = 0;
  /** Bytes of the current bulk string (and its CRLF) still to read; -1: a header is next. */
  let bulkLeft = -1;
  /** The current command's first argument, once read. */
  let name: string | undefined;
  let first = Buffer.alloc(0);
  return (chunk) => {
    const completed: string[] = [];
    let data = Buffer.concat([pending, chunk]);
    for (;;) {
      if (bulkLeft >= 0) {
        const take = Math.min(bulkLeft, data.length);
        if (name === undefined) first = Buffer.concat([first, data.subarray(0, take)]);
        bulkLeft -= take;
        data = data.subarray(take);
        if (bulkLeft > 0) break;
        bulkLeft = -1;
        name ??= first.subarray(0, -2).toString("latin1").toUpperCase();
        argsLeft--;
        if (argsLeft === 0) completed.push(name);
        continue;
      }
      const end = data.indexOf("\r\n");
      if (end < 0) break;
      const line = data.subarray(0, end).toString("latin1");
      data = data.subarray(end + 2);
      const size = Number(line.slice(1));
      if (line.startsWith("*")) {
        argsLeft = size;
        name = undefined;
        first = Buffer.alloc(0);
      } else if (line.startsWith("$")) {
        bulkLeft = size + 2;
      }
    }
    pending = data;
    return completed;
  };
}
