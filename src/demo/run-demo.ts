import { readCommandLine } from "../cli.js";

const values = readCommandLine({
  name: "demo",
  usage: "npm run demo [-- --serve]",
  help: `
Without options: the real bot against a fake Discord and a fake TTAPI on 127.0.0.1, a few
scenarios played, and what a member would see printed (about five seconds).

  --serve   keep a fake Discord and a fake TTAPI up instead, print the .env lines that point
            the bot at them, and turn each line typed into a member's /grok-video: a
            rehearsal of npm start and of the operations steps, offline
  --discord-port PORT, --ttapi-port PORT   with --serve (defaults 8789 and 8787)`,
  options: {
    serve: { type: "boolean" },
    "discord-port": { type: "string", default: "8789" },
    "ttapi-port": { type: "string", default: "8787" },
  },
});

// Loaded after the command line is read: --help and --version answer at once.
if (values.serve) {
  const { serveFakes } = await import("./serve-fakes.js");
  await serveFakes({
    discord: Number(values["discord-port"]),
    ttapi: Number(values["ttapi-port"]),
  });
} else {
  const { playScenarios } = await import("./scenarios.js");
  await playScenarios();
}
