import { readCommandLine } from "../../cli.js";
import { FakeTtapi } from "./fake-ttapi.js";

/**
 * `npm run fake:ttapi`: a TTAPI stand-in for trying the bot in a real Discord test
 * server without spending credits. Point TTAPI_BASE_URL at the printed address.
 */
readCommandLine({
  name: "fake:ttapi",
  usage: "npm run fake:ttapi",
  help: `
A fake TTAPI on 127.0.0.1 (port FAKE_TTAPI_PORT, default 8787) that accepts TTAPI_API_KEY
(default fake-ttapi-key) and makes a real 1-second mp4 for every job: for trying the bot in a
real Discord test server without spending credits.`,
  options: {},
});
const port = Number(process.env.FAKE_TTAPI_PORT ?? 8787);
const apiKey = process.env.TTAPI_API_KEY ?? "fake-ttapi-key";
const fake = new FakeTtapi({ apiKey });
const baseUrl = await fake.start(port);
console.log(`Fake TTAPI listening on ${baseUrl}`);
console.log(
  `Set TTAPI_BASE_URL=${baseUrl}, TTAPI_API_KEY=${apiKey} and VIDEO_TRUSTED_HOSTS=127.0.0.1 in the bot's .env.`,
);
console.log("Prompts containing [fail], [slow] or [banned] fail, take longer, or are refused.");
fake.submits.subscribe((submit) => {
  console.log(`submit ${submit.jobId ?? "(refused)"}: ${JSON.stringify(submit.body)}`);
});
process.once("SIGINT", () => void fake.stop().then(() => process.exit(0)));
