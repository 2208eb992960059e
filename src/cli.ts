import { type ParseArgsConfig, parseArgs } from "node:util";
import { EXIT } from "./exit-codes.js";
import { VERSION } from "./version.js";

type Options = NonNullable<ParseArgsConfig["options"]>;

export interface EntryPoint<O extends Options> {
  /** Its name, first on an error line (`store:copy`). */
  name: string;
  /** How it is run (`npm start`), first in its --help. */
  usage: string;
  /** What it does and its own options, for --help. */
  help: string;
  options: O;
}

/** What every entry point answers. */
const standardOptions = {
  help: { type: "boolean", short: "h" },
  version: { type: "boolean", short: "v" },
} as const satisfies Options;

/**
 * Every entry point's command line: `--help` and `--version` answer and exit before
 * anything else happens (no store opened, no command registered, no bot started); an
 * option it does not know is one line and exit 64, never a stack trace or a silent start.
 */
export function readCommandLine<O extends Options>(
  entry: EntryPoint<O>,
  args = process.argv.slice(2),
) {
  const options = { ...entry.options, ...standardOptions };
  // Read as plain values: each entry point checks its own with zod.
  let values: Record<string, unknown>;
  try {
    ({ values } = parseArgs({ args, options, strict: true, allowPositionals: false }));
  } catch (error) {
    const message = error instanceof Error ? error.message.split("\n")[0] : String(error);
    console.error(`${entry.name}: ${message} (see --help)`);
    process.exit(EXIT.usage);
  }
  if (values.version) {
    console.log(`grok-video ${VERSION}`);
    process.exit(EXIT.ok);
  }
  if (values.help) {
    console.log(`Usage: ${entry.usage}\n\n${entry.help.trim()}\n`);
    console.log("  -h, --help     print this and exit");
    console.log("  -v, --version  print the bot's version and exit");
    process.exit(EXIT.ok);
  }
  return values;
}
