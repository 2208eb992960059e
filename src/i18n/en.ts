import type { QuotaLimitName } from "../services/quotas/quota-settings.js";
import type { AspectRatio } from "../services/ttapi/ttapi-schemas.js";

const plural = (count: number, unit: string) => `${count} ${unit}${count === 1 ? "" : "s"}`;
const MB = 1024 * 1024;

/**
 * Everything the bot says, in English. Every other locale is typed as this catalog, so a
 * missing or extra message breaks the build; a test fails on a message nothing uses.
 * Functions take what varies; Discord markup (`<t:…>`, `<@…>`) is passed in ready-made.
 */
export const en = {
  // Interactions in general
  storeUnreachable:
    "The bot cannot reach its storage right now, so it cannot take this. Nothing was started or charged — please try again in a minute.",
  shuttingDown:
    "The bot is restarting. Please try again in a minute — nothing was started or charged.",
  unexpectedError:
    "Something went wrong on the bot's side. The error has been logged; please try again.",
  unknownSubcommand:
    "This command has changed since your Discord app loaded it. Reload Discord (Ctrl+R) and try again.",
  serversOnly: "This command works in servers only.",
  permissions: { manageServer: "Manage Server" },
  needPermission: (permission: string) =>
    `You need the **${permission}** permission in this server to do that.`,
  invalidOptions: (problems: readonly string[]) =>
    `That can't be done yet:\n${problems.map((line) => `• ${line}`).join("\n")}`,

  // Options of /grok-video (and of the "Make a Grok video" form)
  promptMissing: "The prompt is missing.",
  promptEmpty: "The prompt is empty. Describe the video you want.",
  promptTooLong: (max: number) => `The prompt is too long (at most ${max} characters).`,
  aspectRatioInvalid: (allowed: readonly string[]) =>
    `Aspect ratio must be one of ${allowed.join(", ")}.`,
  lengthNotWhole: "Length must be a whole number of seconds.",
  lengthRange: (min: number, max: number) => `Length must be ${min} to ${max} seconds.`,
  imageNotUploaded: (option: string) => `${option} must be an uploaded image.`,
  imageNotImage: (option: string, file: string) =>
    `${option} (“${file}”) is not an image. Attach a PNG, JPEG or WebP file.`,
  imageTooLarge: (option: string, file: string, bytes: number, maxBytes: number) =>
    `${option} (“${file}”) is ${(bytes / MB).toFixed(1)} MB; the limit is ${maxBytes / MB} MB.`,
  imageUrlsNotText: "image_urls must be text.",
  imageUrlNotHttps: (url: string) => `“${url}” in image_urls is not an https:// link.`,
  imageUrlNotPublic: (url: string) =>
    `“${url}” in image_urls does not name a public website: use a link by domain name (not an IP address, localhost or a local name).`,
  oneImageOnly:
    "This model takes one reference image: attach one image or give one link, not more.",
  tooManyImages: (max: number) => `At most ${max} reference images in all (attachments and URLs).`,
  imageRequired:
    "This model needs a reference image: attach one (image) or give its link (image_urls).",

  // Refusals before a job starts
  tooManyActive: (limit: number) =>
    `You already have ${plural(limit, "video")} being made or waiting. So that everyone gets a turn, wait for one to finish, then try again.`,
  lineFull: (limit: number) =>
    `This server already has ${limit} requests waiting in line, the most it may have. Please try again once some of them have been made (usually a few minutes).`,
  channelNotAllowed: (channels: readonly string[]) =>
    `Videos can be made in ${channels.join(", ")} in this server. Please ask there.`,
  blockedPrompt:
    "This server does not allow that prompt. Please rephrase it — nothing was sent or charged.",
  quotaTooLong: (allowed: number, requested: number) =>
    `This server allows videos of up to ${allowed} seconds; you asked for ${requested}. Choose a shorter length.`,
  quotaMemberVideos: (allowed: number, resets: string) =>
    `You have used all ${plural(allowed, "video")} you may make in this server this period. Usage resets ${resets}.`,
  quotaRoleVideos: (role: string, allowed: number, resets: string) =>
    `Members with ${role} may make ${plural(allowed, "video")} each per period, and you have made them all. Usage resets ${resets}.`,
  quotaRoleNone: (role: string) => `Members with ${role} may not make videos in this server.`,
  quotaMemberCredits: (role: string, used: number, allowed: number, resets: string) =>
    `Members with ${role} may use ${allowed} TTAPI credits each per period; you have used ${used}. Usage resets ${resets}.`,
  waitingForBalance:
    "⏸ Waiting: the bot's TTAPI balance is empty. Its operator has been told; your request goes out once it is topped up.",
  budgetSpent: (resets: string) =>
    `The bot has used all the video credits its operator set aside for this period, for every server. It can make videos again ${resets}.`,
  quotaDamagedCounter: (what: "total" | "member" | "lost", repair: "admin" | "operator") =>
    `${
      what === "lost"
        ? "The bot's storage lost this period's usage counts"
        : `The bot cannot read ${what === "member" ? "your" : repair === "admin" ? "this server's" : "its"} usage count for this period (a damaged record in its storage)`
    }, so it cannot tell what is left and makes no video for now. Nothing was started or charged. ${
      repair === "admin"
        ? "An admin can start the count again with `/grok-quota reset`."
        : "The bot's operator has been told and can start the count again."
    }`,
  guildSettingsDamaged:
    "The bot cannot read this server's settings (a damaged record in its storage: where videos may be made, by whom, and what is blocked), so it makes no video for now rather than guess them. Nothing was started or charged. An admin can set them again with `/grok-settings`.",
  quotaDamagedSettings:
    "The bot cannot read this server's limits (a damaged record in its storage), so it makes no video for now rather than guess them. Nothing was started or charged. An admin can set them again with `/grok-quota set`.",
  quotaGuildVideos: (allowed: number, resets: string) =>
    `This server has used all ${plural(allowed, "video")} it may make this period. Usage resets ${resets}.`,
  quotaCredits: (used: number, allowed: number, resets: string) =>
    `This server has used its TTAPI credit budget for this period (${used} of ${allowed} credits). Usage resets ${resets}.`,

  // Job messages
  headlines: {
    waiting: "⏸ Waiting for a free TTAPI slot…",
    submitting: "📨 Sending your request to TTAPI…",
    unconfirmed: "❔ Waiting for TTAPI to confirm your request…",
    queued: "🕒 Waiting in TTAPI's queue…",
    generating: "🎬 Generating your video…",
    succeeded: "✅ Your video is ready",
    failed: "❌ No video this time",
    timed_out: "⌛ Gave up waiting",
  },
  fieldAspectRatio: "Aspect ratio",
  fieldLength: "Length",
  seconds: (count: number) => `${count} s`,
  fieldRequestedBy: "Requested by",
  fieldPlaceInLine: "Place in line",
  fieldReferenceImages: "Reference images",
  fieldReady: "Ready",
  readyExpected: (when: string) => `expected ${when}`,
  readyLate: "Taking longer than usual",
  fieldStarted: "Started",
  fieldFinished: "Finished",
  fieldCredits: "Credits used",
  footerJob: (ttapiJobId: string) => `Job ${ttapiJobId}`,
  downloadLink: (url: string, expires: string) =>
    `[Download](<${url}>) · TTAPI's link expires ${expires}`,
  quotaGivenBack: "This did not use your quota.",
  lostRequest: (when: string) =>
    `your video request from ${when} could not be read back after the bot restarted, so it cannot be finished here. It did not use your quota — please ask again.`,
  unconfirmedNotice:
    "TTAPI did not answer in time, so the bot cannot tell yet whether it took this request. TTAPI may still be making it: if so, the video will appear here. Trying again now may be charged twice.",
  retryLabel: "Retry",
  remixLabel: "Remix",
  remixTitle: "Remix this video",
  remixAspectRatio: "Aspect ratio",
  remixForbidden: "Only the member who asked for this video, or a moderator, can remix it.",
  remixGone: "This video's request is no longer kept, so it cannot be remixed.",
  cancelLabel: "Cancel",

  // Why a job ended without a video (`because` is TTAPI's reason, quoted, or "")
  failures: {
    server_key: () =>
      "This server's own TTAPI key was not accepted, so no video was made. Its admins have been told; nothing was charged.",
    server_balance: () =>
      "This server's own TTAPI balance is used up, so no video was made. Its admins have been told; nothing was charged.",
    auth: () => "The bot's TTAPI key is not accepted — please tell the bot owner.",
    balance: () =>
      "The bot owner's TTAPI balance is used up, so no video can be made right now — please tell the bot owner.",
    invalid: (because: string) =>
      `TTAPI refused this request. Change the prompt or options and try again.${because}`,
    rate_limited: () =>
      "TTAPI is busy right now (too many requests at once). Please try again in a minute.",
    server: () => "TTAPI had a problem on its side. Please try again in a few minutes.",
    network: () => "The bot could not reach TTAPI. Please try again in a few minutes.",
    timeout: () => "The bot could not reach TTAPI. Please try again in a few minutes.",
    malformed: () =>
      "TTAPI answered with something the bot did not understand. Please try again later.",
    submit_uncertain: () =>
      "TTAPI never confirmed this request, so the bot stopped waiting for it. It was not sent twice.",
    generation: (because: string) => `The video could not be generated.${because}`,
    busy_timed_out: () =>
      "TTAPI stayed too busy to take this request for too long, so the bot gave up. Nothing was charged; please try again later.",
    cancelled: () => "Cancelled before it was sent to TTAPI.",
    timed_out: () =>
      "TTAPI did not finish this video in time, so the bot stopped waiting. Please try again.",
    unknown: () => "Something went wrong while making this video. Please try again.",
  },
  ttapiSaid: (reason: string) => ` TTAPI said: “${reason}”`,

  // A video shown as TTAPI's link rather than attached
  notAttachedTooLarge: (size: number, limit: number) =>
    `Too large to attach: ${(size / MB).toFixed(1)} MB, this server allows ${Math.round(limit / MB)} MB. The link plays for about a month.`,
  notAttachedDownload:
    "Could not be attached (TTAPI's file server did not answer). The link plays for about a month.",
  lateCorrection:
    "**Correction:** the message above said TTAPI never confirmed this request, but TTAPI made it after all. It counts against your limits like any other video.",
  notAttachedNoFile: (ttapiJobId: string) =>
    `TTAPI reported this video done but sent no file, so there is nothing to play. TTAPI's job id: \`${ttapiJobId}\` (the bot's operator can ask TTAPI for it). It counts as made: TTAPI charged it.`,
  notAttachedRefused:
    "Discord did not accept the file (too large here, no Attach Files permission, or the upload broke off). The link plays for about a month.",

  // 🔁 and Retry
  retryStarted: "🔁 Making it again — the new video will appear in a reply to that message.",
  retryForbidden: "Only the member who asked for this video, or a moderator, can repeat it.",
  retryDuplicate: "This one is already being repeated.",
  retryCoolingDown: (when: string) =>
    `This video was repeated moments ago. It can be repeated again ${when}.`,
  retryStillRunning: "This video is still being made; it can be repeated once it is done.",
  retryImageGone:
    "The reference image of this video is no longer available on Discord, so it can't be made again as it was. Run /grok-video with the image attached again. Nothing was charged.",
  retryNotTracked:
    "This generation is too old to repeat (the bot no longer has its details). Use /grok-video to start a new one.",

  // Cancel
  cancelDone: "Cancelled. It was taken out of the line and did not use your quota.",
  cancelForbidden: "Only the member who asked for this video, or a moderator, can cancel it.",
  cancelTooLate:
    "Too late to cancel: TTAPI has already taken this request (TTAPI cannot cancel a video it is making).",
  cancelUnknown: "This request is no longer known to the bot.",

  // Make a Grok video (Apps menu)
  noImageInMessage:
    "That message has no image to animate. Use “Make a Grok video” on a message with an attached image or an image link that shows a preview — or use /grok-video.",
  modalTitle: "Make a Grok video",
  modalPrompt: "Prompt",
  modalPromptHint: "What should happen in the video?",
  modalLength: "Length in seconds",
  modalLengthHint: (min: number, max: number, fallback: number) =>
    `${min}–${max} (default ${fallback})`,

  // /grok-jobs
  jobStates: {
    waiting: "waiting in line",
    submitting: "being sent to TTAPI",
    unconfirmed: "waiting for TTAPI to confirm",
    queued: "in TTAPI's queue",
    generating: "being generated",
    succeeded: "made",
    failed: "failed",
    timed_out: "gave up waiting",
  },
  jobsNone: (member: string | null) =>
    member ? `${member} has no videos here yet.` : "You have no videos here yet.",
  jobsHeader: (member: string | null, count: number) =>
    `${member ? `${member}'s` : "Your"} last ${plural(count, "video request")} here:`,
  jobsMessageLink: "message",
  jobAsked: (state: string, when: string, member: string) =>
    `**${state}** · asked ${when} by ${member}`,
  jobOptions: (aspectRatio: string, seconds: number, images: number) =>
    `Aspect ratio ${aspectRatio} · ${seconds} s · ${plural(images, "reference image")}`,
  jobVideo: (url: string) => `Video: ${url}`,
  jobCredits: (credits: number) => `Credits used: ${credits}`,
  jobTtapiId: (id: string) => `TTAPI job: \`${id}\``,
  jobMessage: (link: string) => `Message: ${link}`,
  jobsNotRecent: "That is not one of the recent videos here. Pick one from the list.",
  jobsOthersNeedManageServer:
    "You need the **Manage Server** permission to see another member's videos.",
  jobOptionInvalid: "job must be one of the videos offered in the list.",
  memberOptionInvalid: "member must be a member of this server.",

  // Server settings (/grok-settings) and the log channel
  settingsChannelsAnywhere: "anywhere",
  settingsChannels: (channels: string) => `Videos can be made: **${channels}**`,
  settingsRolesEveryone: "everyone",
  roleOptionInvalid: "Choose one of this server's roles from the list (not @everyone).",
  settingsRoles: (roles: string) => `Who may make videos: **${roles}** (and Manage Server)`,
  rolesRequired: (roles: readonly string[]) =>
    `In this server only members with one of these roles may make videos: ${roles.join(", ")}.`,
  settingsBlockedWords: (count: number) => `Blocked words and phrases: **${count}**`,
  apiKeyOff:
    "Servers cannot use their own TTAPI key with this bot: its operator has not set SECRETS_KEY.",
  apiKeyModalTitle: "This server's TTAPI key",
  apiKeyModalLabel: "TTAPI API key (kept encrypted, never shown)",
  apiKeyInvalid: "That does not look like a TTAPI key. Paste the key from your TTAPI dashboard.",
  apiKeySaved: (last4: string) =>
    `Saved. This server's videos are now made with its own TTAPI key (ending in ${last4}) and paid from that account.`,
  apiKeyRefused: "TTAPI did not accept that key. Nothing was saved.",
  apiKeyUnchecked:
    "TTAPI did not answer, so the key could not be checked. Nothing was saved; please try again in a few minutes.",
  apiKeyRemoved: "Removed. This server's videos use the bot's own TTAPI key again.",
  apiKeyNone: "This server has no TTAPI key of its own.",
  settingsApiKey: (last4: string | null) =>
    `TTAPI key: **${last4 ? `this server's own (ending in ${last4})` : "the bot's"}**`,
  serverKeyUnreadableNotice: (server: string) =>
    `⚠️ The bot can no longer read **${server}**'s own TTAPI key (the key that encrypts it changed, or the stored copy is damaged), so its videos are refused. Set the key again with /grok-settings api-key set.`,
  serverKeyUnreadable:
    "This server pays for its videos with its own TTAPI key, which the bot can no longer read. Nothing was started or charged. A server admin must set the key again with `/grok-settings api-key set`.",
  serverKeyRefusedNotice: (server: string) =>
    `⚠️ TTAPI refused the TTAPI key of **${server}**, so its videos fail. Set a new one with /grok-settings api-key set, or remove it.`,
  serverBalanceNotice: (server: string) =>
    `⚠️ The TTAPI balance behind **${server}**'s own key is used up, so its videos fail. Top it up in the TTAPI dashboard.`,
  settingsLogChannel: (channel: string | null) => `Log channel: **${channel ?? "none"}**`,
  settingsSaved: (summary: string) => `Saved.\n${summary}`,
  blockedAdded: (added: number, total: number) =>
    `Added ${added} ${added === 1 ? "entry" : "entries"}; ${total} blocked in all. Prompts containing one are refused privately, without saying which. Matched: the entry however it is disguised (case, accents, invisible characters, markup, look-alike or decorated letters, reversed text, Japanese/Traditional/Simplified forms). Not matched: spelling tricks (l33t, plurals, spaces between letters; add those forms too), nor longer words that contain the entry ("bum" is not "burn"), except in Chinese, Japanese and Korean, where an entry matches anywhere.`,
  blockedRemoved: (removed: number, total: number) =>
    `Removed ${removed} ${removed === 1 ? "entry" : "entries"}; ${total} blocked in all.`,
  blockedTooMany: (limit: number) =>
    `A server can block at most ${limit} words or phrases. Remove some first.`,
  blockedNone: "No words or phrases are blocked here.",
  blockedList: (entries: string) => `Blocked here (only you can see this):\n${entries}`,
  blockedWordsInvalid: "words must list words or phrases, separated by commas.",
  channelOptionInvalid: "channel must be a channel of this server.",
  logChannelUnreachable: (channel: string, server: string) =>
    `I cannot post in ${channel}, the log channel you chose in **${server}**. Give me View Channel and Send Messages there and set it again with /grok-settings log-channel set; until then nothing is logged.`,
  auditStarted: (member: string, prompt: string, options: string) =>
    `🎬 ${member} asked for “${prompt}” · ${options}`,
  auditMade: (member: string, prompt: string, credits: string, link: string) =>
    `✅ ${member}: “${prompt}” made · ${credits} · ${link}`,
  auditFailed: (member: string, prompt: string, why: string, link: string) =>
    `❌ ${member}: “${prompt}” · ${why} · ${link}`,
  auditQuota: (member: string, limits: string) => `⚖️ ${member} changed the limits: ${limits}`,
  auditReset: (member: string, whose: string | null) =>
    `↩️ ${member} reset this period's usage of ${whose ?? "the whole server"}`,
  auditApiKey: (member: string, last4: string | null) =>
    last4
      ? `🔑 ${member} set this server's own TTAPI key (ending in ${last4})`
      : `🔑 ${member} removed this server's own TTAPI key`,
  auditSettings: (member: string, summary: string) =>
    `⚙️ ${member} changed the settings: ${summary}`,
  auditNoMessage: "no message",

  // Quotas
  periods: { day: "today", week: "this week", month: "this month" },
  periodNames: { day: "day", week: "week", month: "month" },
  allowanceYou: (left: number, limit: number) => `you: ${left}/${limit} videos`,
  allowanceYouIn: (left: number, limit: number, period: string) =>
    `you: ${left}/${limit} videos ${period}`,
  allowanceServer: (left: number, limit: number) => `server: ${left}/${limit} videos`,
  allowanceCredits: (left: number, limit: number) => `${left}/${limit} credits`,
  allowance: (period: string, parts: readonly string[]) => `Left ${period}: ${parts.join(", ")}`,
  unlimited: "unlimited",
  videos: (count: number) => plural(count, "video"),
  credits: (count: number) => plural(count, "credit"),
  secondsLong: (count: number) => plural(count, "second"),
  settingsPeriod: (period: string) => `Period: **${period}** (UTC)`,
  ceilingApplies: (value: string) => `${value} (the bot's ceiling)`,
  settingsCeilings:
    "The bot's operator caps every server's limits: no server can go above the ceilings, and they count in the operator's period.",
  settingsLimits: {
    guildVideos: (value: string) => `Server videos per period: **${value}**`,
    memberVideos: (value: string) => `Videos per member per period: **${value}**`,
    credits: (value: string) => `Credit budget per period: **${value}**`,
    maxVideoSeconds: (value: string) => `Longest video: **${value}**`,
  } satisfies Record<QuotaLimitName, (value: string) => string>,
  settingsRoleLimits: "Limits by role (a member gets the most generous of their roles):",
  settingsRoleLimit: (role: string, limit: string) => `${role}: **${limit}**`,
  roleLimitValue: (videos: string, credits: string | null, period: string) =>
    `${videos}${credits ? ` and ${credits}` : ""} per member per ${period}`,
  roleLimitNone: "no videos",
  reportTopNobody: "nobody yet",
  reportTopLine: (rank: number, member: string, videos: string, credits: string) =>
    `${rank}. ${member} — ${videos}, ${credits}`,
  reportUsage: (period: string, videos: string, credits: string) =>
    `This ${period}: **${videos}**, **${credits}** (jobs in progress count at their expected cost)`,
  reportResets: (relative: string, exact: string) => `Resets ${relative} (${exact})`,
  reportTop: (lines: string) => `Top members:\n${lines}`,
  usageMade: (videos: string, credits: string, period: string) =>
    `You have made **${videos}** (${credits}) ${period} here.`,
  usageNoLimits: "This server sets no limits.",
  usageLimitServer: (limit: string) =>
    `Your limit is the server's limit for each member: ${limit}.`,
  usageLimitRole: (role: string, limit: string) =>
    `Your limit comes from your role ${role}: ${limit} (the most generous of your roles that have one).`,
  usageMaxLength: (seconds: number) => `Videos can be up to ${seconds} seconds long here.`,
  usageResets: (when: string) => `Usage resets ${when}.`,
  quotaSaved: (settings: string) => `Saved. This server's limits are now:\n${settings}`,
  quotaRemoved: (settings: string) => `Removed. This server's limits are now:\n${settings}`,
  quotaReset: (who: string | null) =>
    `This period's usage was reset for ${who ?? "the whole server"}.`,
  quotaWholeNumber: (option: string) => `${option} must be a whole number.`,
  quotaAtLeastOne: (option: string) =>
    `${option} must be at least 1 (use /grok-quota clear to remove the limit).`,
  quotaAtMost: (option: string, max: number) => `${option} can be at most ${max}.`,
  quotaPeriodInvalid: "period must be day, week or month.",
  quotaMaxLengthRange: (min: number, max: number) => `max_length must be ${min} to ${max}.`,
  quotaNothingToChange: "Nothing to change: give at least one value.",
  quotaRoleAtLeastZero:
    "member_videos must be 0 or more (0: members with the role may not make videos).",
  quotaRoleTooMany: (limit: number) =>
    `A server can set limits for at most ${limit} roles. Clear one with /grok-quota role clear first.`,
  quotaRoleNotLimited: (role: string) => `${role} has no limit of its own; nothing changed.`,
  quotaClearInvalid: (allowed: readonly string[]) => `limit must be one of ${allowed.join(", ")}.`,

  // /grok-help
  help: {
    intro:
      "**Grok Video** makes short videos from your words (and images) with TTAPI's Grok video model, right in this chat.",
    makeTitle: "**Make a video**",
    make: [
      "`/grok-video prompt:` — describe the video; `aspect_ratio`, `length` and reference images (`image`, `image_urls`) are optional. The reply updates itself until the video plays.",
      "Apps → **Make a Grok video** (right-click a message with an image) — animates that image.",
      "`/grok-jobs` — your recent videos here · `/grok-usage` — what you have left.",
    ],
    buttonsTitle: "**On a video's message**",
    buttons: [
      "React 🔁 or click **Retry** to make it again (the requester, or a member with Manage Messages).",
      "**Cancel** takes a request out of the line before TTAPI starts it: nothing is charged.",
      "**Remix** opens the request with its prompt, length and aspect ratio filled in: change them and make a new video (the requester, or a member with Manage Messages).",
      "A video that fails does not use your quota.",
    ],
    limitsTitle: "**Your limits**",
    adminTitle: "**For admins (Manage Server)**",
    admin: [
      "`/grok-quota set|clear|show|reset|role` — videos per server, per member and per role, a credit budget, the period and the longest video.",
      "`/grok-settings` — the roles and channels that may make videos, blocked words, an audit log channel, the server's own TTAPI key.",
    ],
  },

  // What Discord shows of the commands themselves: descriptions, option and choice names.
  commands: {
    video: {
      description: "Generate a video with Grok from a prompt and optional reference images",
      prompt: "What the video should show",
      aspectRatio: "Shape of the video (default 16:9)",
      aspectLabels: {
        "16:9": "landscape",
        "9:16": "portrait",
        "1:1": "square",
        "2:3": "portrait",
        "3:2": "landscape",
      } satisfies Record<AspectRatio, string>,
      length: (min: number, max: number, fallback: number) =>
        `Length in seconds, ${min}–${max} (default ${fallback})`,
      image: "Reference image (optional)",
      image2: "Second reference image (optional)",
      image3: "Third reference image (optional)",
      imageUrls: "Reference image links (https), separated by spaces",
    },
    usage: "See how many videos you have made and what is left this period",
    help: "How to make videos with this bot, and what you have left",
    jobs: {
      description: "Your recent videos in this server, or one of them in full",
      job: "One video, in full (pick from the list)",
      member: "Another member's videos (needs Manage Server)",
    },
    quota: {
      description: "Set and view this server's video limits",
      set: "Change limits (leave an option out to keep it)",
      serverVideos: "Videos the whole server may make per period",
      memberVideos: "Videos each member may make per period",
      credits: "TTAPI credits the server may spend per period",
      period: "How often usage resets (UTC)",
      maxLength: "Longest video allowed, in seconds",
      clear: "Remove a limit (unlimited again)",
      clearLimit: "Which limit to remove",
      clearTargets: {
        server_videos: "server videos",
        member_videos: "member videos",
        credits: "credit budget",
        max_length: "longest video",
        all: "all limits",
      },
      show: "Show the limits, this period's usage and the top members",
      reset: "Reset this period's usage for the server or one member",
      resetMember: "Only this member (default: the whole server)",
      role: "Limits for members with a role",
      roleSet: "Set how much each member with a role may make",
      roleClear: "Remove a role's limit",
      roleOption: "The role",
      roleMemberVideos: "Videos each member with the role may make per period (0: none)",
      roleCredits: "TTAPI credits each member with the role may spend per period",
      rolePeriod: "How often it resets (UTC; default: the server's period)",
    },
    settings: {
      description: "Where the bot may be used, what it may be asked, and its log channel",
      channels: "Channels where videos may be made (none chosen: anywhere)",
      channelsAdd: "Allow videos in a channel",
      channelsRemove: "Stop allowing a channel",
      channelsClear: "Allow videos anywhere again",
      roles: "Roles whose members may make videos (none chosen: everyone)",
      rolesAdd: "Let members with a role make videos",
      rolesRemove: "Stop letting a role make videos",
      rolesClear: "Let everyone make videos again",
      role: "The role",
      channel: "The channel",
      blockedWords: "Words and phrases prompts may not contain",
      blockedAdd: "Block words or phrases",
      blockedRemove: "Unblock words or phrases",
      blockedListCommand: "Show the blocked words (only to you)",
      words: "Words or phrases, separated by commas",
      logChannel: "Where every job and change is logged",
      logSet: "Log to a channel",
      logChannelOption: "The log channel",
      logOff: "Stop logging",
      apiKey: "This server's own TTAPI key: its videos are paid from its account",
      apiKeySet: "Set the key (entered in a private form)",
      apiKeyRemove: "Remove the key: the bot's own is used again",
      show: "This server's settings and limits",
    },
    makeVideo: "Make a Grok video",
  },
};

export type Catalog = typeof en;
