import type { QuotaLimitName } from "../services/quotas/quota-settings.js";
import type { Catalog } from "./en.js";

const MB = 1024 * 1024;

/** Everything the bot says, in Simplified Chinese (Discord locale `zh-CN`). */
export const zhCN: Catalog = {
  storeUnreachable:
    "机器人现在无法连接它的存储，暂时无法处理这个请求。没有开始任何任务，也没有扣除额度——请一分钟后再试。",
  shuttingDown: "机器人正在重启，请一分钟后再试——没有开始任何任务，也没有扣除额度。",
  unexpectedError: "机器人这边出了点问题，错误已记录，请再试一次。",
  unknownSubcommand: "这个命令在你的 Discord 载入后已更新。请刷新 Discord（Ctrl+R）后再试。",
  serversOnly: "这个命令只能在服务器中使用。",
  permissions: { manageServer: "管理服务器" },
  needPermission: (permission) => `你需要本服务器的 **${permission}** 权限才能这样做。`,
  invalidOptions: (problems) => `暂时无法执行：\n${problems.map((line) => `• ${line}`).join("\n")}`,

  promptMissing: "缺少提示词。",
  promptEmpty: "提示词是空的，请描述你想要的视频。",
  promptTooLong: (max) => `提示词太长了（最多 ${max} 个字符）。`,
  aspectRatioInvalid: (allowed) => `宽高比必须是 ${allowed.join("、")} 之一。`,
  lengthNotWhole: "时长必须是整数秒。",
  lengthRange: (min, max) => `时长必须在 ${min} 到 ${max} 秒之间。`,
  imageNotUploaded: (option) => `${option} 必须是上传的图片。`,
  imageNotImage: (option, file) =>
    `${option}（“${file}”）不是图片，请上传 PNG、JPEG 或 WebP 文件。`,
  imageTooLarge: (option, file, bytes, maxBytes) =>
    `${option}（“${file}”）大小为 ${(bytes / MB).toFixed(1)} MB，上限是 ${maxBytes / MB} MB。`,
  imageUrlsNotText: "image_urls 必须是文本。",
  imageUrlNotHttps: (url) => `image_urls 中的“${url}”不是 https:// 链接。`,
  imageUrlNotPublic: (url) =>
    `image_urls 中的“${url}”不是公开网站：请使用带域名的链接（不能是 IP 地址、localhost 或本地名称）。`,
  oneImageOnly: "此模型只接受一张参考图：请只上传一张图片或只给一个链接。",
  tooManyImages: (max) => `参考图总数最多 ${max} 张（上传和链接合计）。`,
  imageRequired: "此模型需要一张参考图：请上传图片（image）或提供链接（image_urls）。",

  tooManyActive: (limit) =>
    `你已有 ${limit} 个视频正在生成或排队。为了让每个人都有机会，请等其中一个完成后再试。`,
  lineFull: (limit) =>
    `本服务器已有 ${limit} 个请求在排队，已达上限。请等其中一些完成后再试（通常几分钟）。`,
  channelNotAllowed: (channels) =>
    `本服务器只能在 ${channels.join("、")} 中生成视频，请到那里请求。`,
  blockedPrompt: "本服务器不允许这个提示词，请换一种说法——没有发送请求，也没有扣除额度。",
  quotaTooLong: (allowed, requested) =>
    `本服务器允许的视频最长 ${allowed} 秒，你请求的是 ${requested} 秒，请选择更短的时长。`,
  quotaRoleVideos: (role, allowed, resets) =>
    `拥有 ${role} 的成员每人每个周期可制作 ${allowed} 个视频，你已全部用完。用量将于 ${resets} 重置。`,
  quotaRoleNone: (role) => `拥有 ${role} 的成员不能在本服务器制作视频。`,
  quotaMemberCredits: (role, used, allowed, resets) =>
    `拥有 ${role} 的成员每人每个周期可使用 ${allowed} TTAPI 积分；你已使用 ${used}。用量将于 ${resets} 重置。`,
  quotaMemberVideos: (allowed, resets) =>
    `你在本服务器本周期可生成的 ${allowed} 个视频已全部用完。额度将于${resets}重置。`,
  waitingForBalance:
    "⏸ 等待中：机器人的 TTAPI 余额已用完，已通知运营者；充值后你的请求会自动提交。",
  budgetSpent: (resets) =>
    `机器人已用完运营者为本周期（所有服务器共用）预留的视频额度，${resets}可以再次生成视频。`,
  quotaDamagedCounter: (what, repair) =>
    `${
      what === "lost"
        ? "机器人的存储丢失了本周期的使用计数"
        : `机器人无法读取${what === "member" ? "你" : repair === "admin" ? "本服务器" : "机器人"}本周期的使用计数（存储中的记录已损坏）`
    }，无法确定剩余额度，因此暂不生成视频。没有开始任何任务，也没有扣费。${
      repair === "admin"
        ? "管理员可以用 `/grok-quota reset` 重新开始计数。"
        : "机器人的运营者已收到通知，可以重新开始计数。"
    }`,
  guildSettingsDamaged:
    "机器人无法读取本服务器的设置（可生成视频的频道、身份组和屏蔽词；存储中的记录已损坏），不会猜测，因此暂不生成视频。没有开始任何任务，也没有扣费。管理员可以用 `/grok-settings` 重新设置。",
  quotaDamagedSettings:
    "机器人无法读取本服务器的额度设置（存储中的记录已损坏），不会猜测，因此暂不生成视频。没有开始任何任务，也没有扣费。管理员可以用 `/grok-quota set` 重新设置。",
  quotaGuildVideos: (allowed, resets) =>
    `本服务器本周期可生成的 ${allowed} 个视频已全部用完。额度将于${resets}重置。`,
  quotaCredits: (used, allowed, resets) =>
    `本服务器本周期的 TTAPI 积分预算已用完（已用 ${used}/${allowed}）。额度将于${resets}重置。`,

  headlines: {
    waiting: "⏸ 正在等待空闲的 TTAPI 名额…",
    submitting: "📨 正在把你的请求发送给 TTAPI…",
    unconfirmed: "❔ 正在等待 TTAPI 确认你的请求…",
    queued: "🕒 正在 TTAPI 队列中等待…",
    generating: "🎬 正在生成你的视频…",
    succeeded: "✅ 你的视频已生成",
    failed: "❌ 这次没能生成视频",
    timed_out: "⌛ 已停止等待",
  },
  fieldAspectRatio: "宽高比",
  fieldLength: "时长",
  seconds: (count) => `${count} 秒`,
  fieldRequestedBy: "请求者",
  fieldPlaceInLine: "排队位置",
  fieldReferenceImages: "参考图",
  fieldReady: "预计完成",
  readyExpected: (when) => `预计${when}`,
  readyLate: "比平时慢一些",
  fieldStarted: "开始于",
  fieldFinished: "完成于",
  fieldCredits: "消耗积分",
  footerJob: (ttapiJobId) => `任务 ${ttapiJobId}`,
  downloadLink: (url, expires) => `[下载](<${url}>) · TTAPI 的链接将于${expires}失效`,
  quotaGivenBack: "这次没有占用你的额度。",
  lostRequest: (when) =>
    `你${when}的视频请求在机器人重启后无法读取，因此无法在这里完成。它没有占用你的额度——请重新请求。`,
  unconfirmedNotice:
    "TTAPI 没有及时回应，机器人暂时无法确定它是否接收了这个请求。TTAPI 可能仍在生成：如果是这样，视频会出现在这里。现在重试可能会被重复扣费。",
  retryLabel: "重试",
  remixLabel: "改编",
  remixTitle: "改编这个视频",
  remixAspectRatio: "宽高比",
  remixForbidden: "只有发起这个视频的成员或版主可以改编它。",
  remixGone: "这个视频的请求已不再保存，无法改编。",
  cancelLabel: "取消",

  failures: {
    server_key: () =>
      "本服务器自己的 TTAPI 密钥未被接受，因此没有生成视频。已通知其管理员；未产生任何费用。",
    server_balance: () =>
      "本服务器自己的 TTAPI 余额已用完，因此没有生成视频。已通知其管理员；未产生任何费用。",
    auth: () => "机器人的 TTAPI 密钥无效——请告诉机器人的管理者。",
    balance: () => "机器人管理者的 TTAPI 余额已用完，暂时无法生成视频——请告诉机器人的管理者。",
    invalid: (because) => `TTAPI 拒绝了这个请求，请修改提示词或选项后再试。${because}`,
    rate_limited: () => "TTAPI 现在很忙（同时请求太多），请一分钟后再试。",
    server: () => "TTAPI 那边出了问题，请几分钟后再试。",
    network: () => "机器人无法连接 TTAPI，请几分钟后再试。",
    timeout: () => "机器人无法连接 TTAPI，请几分钟后再试。",
    malformed: () => "TTAPI 返回了机器人无法理解的内容，请稍后再试。",
    submit_uncertain: () => "TTAPI 始终没有确认这个请求，机器人已停止等待。请求没有被重复发送。",
    generation: (because) => `视频未能生成。${because}`,
    busy_timed_out: () =>
      "TTAPI 长时间太忙，无法接收这个请求，机器人已放弃。没有扣除额度，请稍后再试。",
    cancelled: () => "已在发送给 TTAPI 之前取消。",
    timed_out: () => "TTAPI 没有按时完成这个视频，机器人已停止等待。请再试一次。",
    unknown: () => "生成视频时出了点问题，请再试一次。",
  },
  ttapiSaid: (reason) => ` TTAPI 的说明：“${reason}”`,

  notAttachedTooLarge: (size, limit) =>
    `文件太大，无法作为附件：${(size / MB).toFixed(1)} MB，本服务器允许 ${Math.round(limit / MB)} MB。链接约一个月内可以播放。`,
  notAttachedDownload: "无法作为附件（TTAPI 的文件服务器没有响应）。链接约一个月内可以播放。",
  lateCorrection:
    "**更正：**上面的消息说 TTAPI 没有确认这个请求，但 TTAPI 最终还是生成了。它和其他视频一样计入你的额度。",
  notAttachedNoFile: (ttapiJobId: string) =>
    `TTAPI 报告这个视频已完成，但没有给出文件，所以没有可以播放的内容。TTAPI 任务 ID：\`${ttapiJobId}\`（机器人的运营者可以向 TTAPI 查询）。TTAPI 已扣费，因此计为已生成。`,
  notAttachedRefused:
    "Discord 没有接受这个文件（超出这里的大小限制、缺少“附加文件”权限，或上传中断）。链接约一个月内可以播放。",

  retryStarted: "🔁 正在重新生成——新视频会出现在那条消息的回复中。",
  retryForbidden: "只有请求这个视频的成员或管理员可以重新生成。",
  retryDuplicate: "这个视频已经在重新生成了。",
  retryCoolingDown: (when) => `这个视频刚刚重新生成过，${when}可以再次重新生成。`,
  retryStillRunning: "这个视频还在生成中，完成后才能重新生成。",
  retryImageGone:
    "这个视频的参考图在 Discord 上已不可用，无法按原样重新生成。请重新附上图片使用 /grok-video。没有扣除额度。",
  retryNotTracked:
    "这个生成任务太旧了，无法重新生成（机器人已不再保存它的详情）。请使用 /grok-video 发起新的请求。",

  cancelDone: "已取消。它已移出队列，没有占用你的额度。",
  cancelForbidden: "只有请求这个视频的成员或管理员可以取消。",
  cancelTooLate: "来不及取消了：TTAPI 已经接收了这个请求（TTAPI 无法取消正在生成的视频）。",
  cancelUnknown: "机器人已找不到这个请求。",

  noImageInMessage:
    "这条消息里没有可以生成视频的图片。请在带有图片附件或显示预览的图片链接的消息上使用“用 Grok 生成视频”——或使用 /grok-video。",
  modalTitle: "用 Grok 生成视频",
  modalPrompt: "提示词",
  modalPromptHint: "视频里应该发生什么？",
  modalLength: "时长（秒）",
  modalLengthHint: (min, max, fallback) => `${min}–${max}（默认 ${fallback}）`,

  jobStates: {
    waiting: "排队中",
    submitting: "正在发送给 TTAPI",
    unconfirmed: "等待 TTAPI 确认",
    queued: "在 TTAPI 队列中",
    generating: "生成中",
    succeeded: "已生成",
    failed: "失败",
    timed_out: "已停止等待",
  },
  jobsNone: (member) => (member ? `${member} 在这里还没有视频。` : "你在这里还没有视频。"),
  jobsHeader: (member, count) => `${member ?? "你"}在这里最近的 ${count} 个视频请求：`,
  jobsMessageLink: "消息",
  jobAsked: (state, when, member) => `**${state}** · ${member} 于 ${when} 请求`,
  jobOptions: (aspectRatio, seconds, images) =>
    `宽高比 ${aspectRatio} · ${seconds} 秒 · ${images} 张参考图`,
  jobVideo: (url) => `视频：${url}`,
  jobCredits: (credits) => `消耗积分：${credits}`,
  jobTtapiId: (id) => `TTAPI 任务：\`${id}\``,
  jobMessage: (link) => `消息：${link}`,
  jobsNotRecent: "这不是这里最近的视频之一，请从列表中选择。",
  jobsOthersNeedManageServer: "你需要 **管理服务器** 权限才能查看其他成员的视频。",
  jobOptionInvalid: "job 必须是列表中提供的视频之一。",
  memberOptionInvalid: "member 必须是本服务器的成员。",

  settingsChannelsAnywhere: "任意频道",
  settingsChannels: (channels) => `可以生成视频的频道：**${channels}**`,
  settingsRolesEveryone: "所有人",
  roleOptionInvalid: "请从列表中选择本服务器的一个身份组（不能是 @everyone）。",
  settingsRoles: (roles) => `可以生成视频的成员：**${roles}**（以及有“管理服务器”权限的成员）`,
  rolesRequired: (roles) =>
    `在这个服务器，只有拥有以下身份组之一的成员可以生成视频：${roles.join("、")}。`,
  settingsBlockedWords: (count) => `屏蔽的词语：**${count}** 个`,
  apiKeyOff: "本机器人不支持服务器使用自己的 TTAPI 密钥：其运营者没有设置 SECRETS_KEY。",
  apiKeyModalTitle: "本服务器的 TTAPI 密钥",
  apiKeyModalLabel: "TTAPI API 密钥（加密保存，不会显示）",
  apiKeyInvalid: "这看起来不像 TTAPI 密钥。请从 TTAPI 控制台粘贴密钥。",
  apiKeySaved: (last4) =>
    `已保存。本服务器的视频今后使用自己的 TTAPI 密钥（末尾 ${last4}）生成，并由该账户付费。`,
  apiKeyRefused: "TTAPI 不接受该密钥。未保存任何内容。",
  apiKeyUnchecked: "TTAPI 没有响应，无法检查该密钥。未保存任何内容；请几分钟后再试。",
  apiKeyRemoved: "已移除。本服务器的视频重新使用机器人自己的 TTAPI 密钥。",
  apiKeyNone: "本服务器没有自己的 TTAPI 密钥。",
  settingsApiKey: (last4) =>
    `TTAPI 密钥：**${last4 ? `本服务器自己的（末尾 ${last4}）` : "机器人的"}**`,
  serverKeyUnreadableNotice: (server) =>
    `⚠️ 机器人无法再读取 **${server}** 自己的 TTAPI 密钥（加密它的密钥已更换，或存储的记录已损坏），其视频请求会被拒绝。请用 /grok-settings api-key set 重新设置密钥。`,
  serverKeyUnreadable:
    "本服务器使用自己的 TTAPI 密钥支付视频费用，但机器人已无法读取该密钥。没有开始任何任务，也没有扣费。需要服务器管理员用 `/grok-settings api-key set` 重新设置密钥。",
  serverKeyRefusedNotice: (server) =>
    `⚠️ TTAPI 拒绝了 **${server}** 的 TTAPI 密钥，其视频无法生成。请用 /grok-settings api-key set 设置新密钥，或将其移除。`,
  serverBalanceNotice: (server) =>
    `⚠️ **${server}** 自己密钥的 TTAPI 余额已用完，其视频无法生成。请在 TTAPI 控制台充值。`,
  settingsLogChannel: (channel) => `日志频道：**${channel ?? "无"}**`,
  settingsSaved: (summary) => `已保存。\n${summary}`,
  blockedAdded: (added, total) =>
    `已添加 ${added} 个，共屏蔽 ${total} 个。包含它们的提示词会被私下拒绝，且不会说明是哪个词。会匹配：无论怎样伪装（大小写、重音、不可见字符、Markdown、形近或装饰字母、倒写文字、日文/繁体/简体字形）。不会匹配：拼写变化（谐音、复数、字母间加空格；需要的话请把这些写法也加进来），以及包含该词的其他单词（“bum” 不匹配 “burn”）；但中文、日文、韩文中该词出现在任何位置都会匹配。`,
  blockedRemoved: (removed, total) => `已移除 ${removed} 个，共屏蔽 ${total} 个。`,
  blockedTooMany: (limit) => `一个服务器最多屏蔽 ${limit} 个词语，请先移除一些。`,
  blockedNone: "这里没有屏蔽任何词语。",
  blockedList: (entries) => `这里屏蔽的词语（只有你能看到）：\n${entries}`,
  blockedWordsInvalid: "words 必须是用逗号分隔的词语。",
  channelOptionInvalid: "channel 必须是本服务器的频道。",
  logChannelUnreachable: (channel, server) =>
    `我无法在 ${channel}（你在 **${server}** 设置的日志频道）发消息。请在那里给我“查看频道”和“发送消息”权限，然后用 /grok-settings log-channel set 重新设置；在此之前不会记录任何内容。`,
  auditStarted: (member, prompt, options) => `🎬 ${member} 请求了“${prompt}” · ${options}`,
  auditMade: (member, prompt, credits, link) =>
    `✅ ${member}：“${prompt}”已生成 · ${credits} · ${link}`,
  auditFailed: (member, prompt, why, link) => `❌ ${member}：“${prompt}” · ${why} · ${link}`,
  auditQuota: (member, limits) => `⚖️ ${member} 修改了额度：${limits}`,
  auditReset: (member, whose) => `↩️ ${member} 重置了${whose ?? "整个服务器"}本周期的用量`,
  auditApiKey: (member, last4) =>
    last4
      ? `🔑 ${member} 设置了本服务器自己的 TTAPI 密钥（末尾 ${last4}）`
      : `🔑 ${member} 移除了本服务器自己的 TTAPI 密钥`,
  auditSettings: (member, summary) => `⚙️ ${member} 修改了设置：${summary}`,
  auditNoMessage: "无消息",

  periods: { day: "今天", week: "本周", month: "本月" },
  periodNames: { day: "天", week: "周", month: "月" },
  allowanceYouIn: (left, limit, period) => `你（${period}）：${left}/${limit} 个视频`,
  allowanceYou: (left, limit) => `你：${left}/${limit} 个视频`,
  allowanceServer: (left, limit) => `服务器：${left}/${limit} 个视频`,
  allowanceCredits: (left, limit) => `${left}/${limit} 积分`,
  allowance: (period, parts) => `${period}剩余：${parts.join("，")}`,
  unlimited: "不限",
  videos: (count) => `${count} 个视频`,
  credits: (count) => `${count} 积分`,
  secondsLong: (count) => `${count} 秒`,
  settingsPeriod: (period) => `周期：**${period}**（UTC）`,
  ceilingApplies: (value) => `${value}（机器人上限）`,
  settingsCeilings:
    "机器人的运营者为每个服务器的限额设了上限：任何服务器都不能超过，且按运营者的周期计数。",
  settingsRoleLimits: "按角色的限制（拥有多个角色的成员适用其中最宽松的一个）：",
  settingsRoleLimit: (role, limit) => `${role}：**${limit}**`,
  roleLimitValue: (videos, credits, period) =>
    `每位成员每${period} ${videos}${credits ? `、${credits}` : ""}`,
  roleLimitNone: "不可制作视频",
  settingsLimits: {
    guildVideos: (value) => `服务器每周期视频数：**${value}**`,
    memberVideos: (value) => `每位成员每周期视频数：**${value}**`,
    credits: (value) => `每周期积分预算：**${value}**`,
    maxVideoSeconds: (value) => `最长视频：**${value}**`,
  } satisfies Record<QuotaLimitName, (value: string) => string>,
  reportTopNobody: "还没有人",
  reportTopLine: (rank, member, videos, credits) => `${rank}. ${member} — ${videos}，${credits}`,
  reportUsage: (period, videos, credits) =>
    `本${period}：**${videos}**，**${credits}**（进行中的任务按预计消耗计算）`,
  reportResets: (relative, exact) => `${relative}重置（${exact}）`,
  reportTop: (lines) => `用量最多的成员：\n${lines}`,
  usageMade: (videos, credits, period) => `你${period}在这里已生成 **${videos}**（${credits}）。`,
  usageLimitServer: (limit) => `你的限制是服务器对每位成员的限制：${limit}。`,
  usageLimitRole: (role, limit) =>
    `你的限制来自角色 ${role}：${limit}（你拥有的有限制角色中最宽松的一个）。`,
  usageNoLimits: "本服务器没有设置限制。",
  usageMaxLength: (seconds) => `这里的视频最长 ${seconds} 秒。`,
  usageResets: (when) => `额度将于${when}重置。`,
  quotaSaved: (settings) => `已保存。本服务器现在的限制：\n${settings}`,
  quotaRemoved: (settings) => `已取消。本服务器现在的限制：\n${settings}`,
  quotaReset: (who) => `已重置${who ?? "整个服务器"}本周期的用量。`,
  quotaWholeNumber: (option) => `${option} 必须是整数。`,
  quotaAtLeastOne: (option) => `${option} 至少为 1（要取消限制请使用 /grok-quota clear）。`,
  quotaAtMost: (option, max) => `${option} 最多为 ${max}。`,
  quotaPeriodInvalid: "period 必须是 day、week 或 month。",
  quotaMaxLengthRange: (min, max) => `max_length 必须在 ${min} 到 ${max} 之间。`,
  quotaNothingToChange: "没有要修改的内容：请至少填写一项。",
  quotaRoleAtLeastZero: "member_videos 必须大于或等于 0（0：拥有该角色的成员不能制作视频）。",
  quotaRoleTooMany: (limit) =>
    `每个服务器最多可为 ${limit} 个角色设置限制。请先用 /grok-quota role clear 移除一个。`,
  quotaRoleNotLimited: (role) => `${role} 没有单独的限制；未做任何更改。`,
  quotaClearInvalid: (allowed) => `limit 必须是 ${allowed.join("、")} 之一。`,

  help: {
    intro:
      "**Grok Video** 用 TTAPI 的 Grok 视频模型，把你的文字（和图片）变成短视频，就在这个聊天里。",
    makeTitle: "**生成视频**",
    make: [
      "`/grok-video prompt:` —— 描述你想要的视频；`aspect_ratio`、`length` 和参考图（`image`、`image_urls`）可选。回复会自动更新，直到视频可以播放。",
      "应用 → **用 Grok 生成视频**（右键点击带图片的消息）—— 让这张图片动起来。",
      "`/grok-jobs` —— 你在这里最近的视频 · `/grok-usage` —— 你还剩多少额度。",
    ],
    buttonsTitle: "**视频消息上**",
    buttons: [
      "添加 🔁 反应或点击 **重试**，再生成一次（发起人或拥有“管理消息”权限的成员）。",
      "**取消** 可以在 TTAPI 开始之前把请求移出队列：不会扣费。",
      "**改编** 会打开填好提示词、时长和宽高比的表单：修改后生成一个新视频（发起人或拥有“管理消息”权限的成员）。",
      "生成失败的视频不占用你的额度。",
    ],
    limitsTitle: "**你的额度**",
    adminTitle: "**管理员（管理服务器权限）**",
    admin: [
      "`/grok-quota set|clear|show|reset|role` —— 服务器、每位成员和每个角色的视频数、积分预算、周期和最长视频时长。",
      "`/grok-settings` —— 谁可以、在哪里生成视频（角色、频道）、屏蔽词、审计日志频道、服务器自己的 TTAPI 密钥。",
    ],
  },
  commands: {
    video: {
      description: "用 Grok 根据提示词和可选的参考图生成视频",
      prompt: "视频内容的描述（提示词）",
      aspectRatio: "视频宽高比（默认 16:9）",
      aspectLabels: {
        "16:9": "横屏",
        "9:16": "竖屏",
        "1:1": "方形",
        "2:3": "竖版",
        "3:2": "横版",
      },
      length: (min, max, fallback) => `视频时长（秒），${min}–${max}，默认 ${fallback}`,
      image: "参考图（可选）",
      image2: "第二张参考图（可选）",
      image3: "第三张参考图（可选）",
      imageUrls: "参考图链接（https），用空格分隔",
    },
    usage: "查看你本周期已生成的视频数和剩余额度",
    help: "如何用本机器人生成视频，以及你的剩余额度",
    jobs: {
      description: "查看你在本服务器最近的视频，或其中一个的详情",
      job: "查看某个视频的详情（从列表中选择）",
      member: "查看其他成员的视频（需要管理服务器权限）",
    },
    quota: {
      description: "设置和查看本服务器的视频额度",
      set: "修改额度（未填写的项保持不变）",
      serverVideos: "整个服务器每周期可生成的视频数",
      memberVideos: "每位成员每周期可生成的视频数",
      credits: "服务器每周期可消耗的 TTAPI 积分",
      period: "额度重置周期（UTC）",
      maxLength: "允许的最长视频（秒）",
      clear: "取消某项限制（恢复不限）",
      clearLimit: "要取消的限制",
      clearTargets: {
        server_videos: "服务器视频数",
        member_videos: "成员视频数",
        credits: "积分预算",
        max_length: "最长视频",
        all: "全部限制",
      },
      show: "查看额度、本周期用量和用量最多的成员",
      reset: "重置服务器或某位成员本周期的用量",
      resetMember: "仅重置此成员（默认：整个服务器）",
      role: "拥有某角色的成员的限制",
      roleSet: "设置拥有某角色的每位成员可制作的数量",
      roleClear: "移除某角色的限制",
      roleOption: "角色",
      roleMemberVideos: "拥有该角色的每位成员每个周期可制作的视频数（0：不可制作）",
      roleCredits: "拥有该角色的每位成员每个周期可使用的 TTAPI 积分",
      rolePeriod: "重置间隔（UTC；默认：服务器的周期）",
    },
    settings: {
      description: "设置机器人可用的频道、屏蔽词和日志频道",
      channels: "可以生成视频的频道（未选择：任意频道）",
      channelsAdd: "允许在某个频道生成视频",
      channelsRemove: "不再允许某个频道",
      channelsClear: "恢复为任意频道",
      roles: "可以生成视频的身份组（未选择：所有人）",
      rolesAdd: "允许某身份组的成员生成视频",
      rolesRemove: "不再允许某身份组",
      rolesClear: "恢复为所有人都可以生成视频",
      role: "身份组",
      channel: "频道",
      blockedWords: "提示词中不允许出现的词语",
      blockedAdd: "屏蔽词语",
      blockedRemove: "取消屏蔽词语",
      blockedListCommand: "查看屏蔽的词语（仅你可见）",
      words: "词语，用逗号分隔",
      logChannel: "记录每个任务和设置变更的频道",
      logSet: "设置日志频道",
      logChannelOption: "日志频道",
      logOff: "停止记录",
      apiKey: "本服务器自己的 TTAPI 密钥：其视频由该账户付费",
      apiKeySet: "设置密钥（在私密表单中输入）",
      apiKeyRemove: "移除密钥：重新使用机器人自己的密钥",
      show: "查看本服务器的设置和额度",
    },
    makeVideo: "用 Grok 生成视频",
  },
};
