import type { QuotaLimitName } from "../services/quotas/quota-settings.js";
import type { Catalog } from "./en.js";

const MB = 1024 * 1024;

/** Everything the bot says, in Japanese (Discord locale `ja`). */
export const ja: Catalog = {
  storeUnreachable:
    "ボットは今ストレージに接続できないため、これを受け付けられません。何も開始されておらず、課金もされていません。1 分ほどしてからもう一度お試しください。",
  shuttingDown:
    "ボットは再起動中です。1 分ほどしてからもう一度お試しください。何も開始されておらず、利用枠も使われていません。",
  unexpectedError: "ボット側で問題が発生しました。エラーは記録されました。もう一度お試しください。",
  unknownSubcommand:
    "このコマンドは Discord が読み込んだ後に変更されました。Discord を再読み込み（Ctrl+R）してからもう一度お試しください。",
  serversOnly: "このコマンドはサーバー内でのみ使えます。",
  permissions: { manageServer: "サーバー管理" },
  needPermission: (permission) =>
    `この操作には、このサーバーでの **${permission}** 権限が必要です。`,
  invalidOptions: (problems) =>
    `まだ実行できません:\n${problems.map((line) => `• ${line}`).join("\n")}`,

  promptMissing: "プロンプトがありません。",
  promptEmpty: "プロンプトが空です。作りたい動画を説明してください。",
  promptTooLong: (max) => `プロンプトが長すぎます（最大 ${max} 文字）。`,
  aspectRatioInvalid: (allowed) =>
    `アスペクト比は ${allowed.join("、")} のいずれかにしてください。`,
  lengthNotWhole: "長さは秒単位の整数にしてください。",
  lengthRange: (min, max) => `長さは ${min}〜${max} 秒にしてください。`,
  imageNotUploaded: (option) => `${option} はアップロードした画像にしてください。`,
  imageNotImage: (option, file) =>
    `${option}（「${file}」）は画像ではありません。PNG、JPEG、WebP ファイルを添付してください。`,
  imageTooLarge: (option, file, bytes, maxBytes) =>
    `${option}（「${file}」）は ${(bytes / MB).toFixed(1)} MB です。上限は ${maxBytes / MB} MB です。`,
  imageUrlsNotText: "image_urls はテキストにしてください。",
  imageUrlNotHttps: (url) => `image_urls の「${url}」は https:// のリンクではありません。`,
  imageUrlNotPublic: (url) =>
    `image_urls の「${url}」は公開サイトを指していません。ドメイン名のリンクを使ってください（IP アドレス、localhost、ローカル名は使えません）。`,
  oneImageOnly:
    "このモデルが受け付ける参考画像は 1 枚です。画像を 1 枚添付するか、リンクを 1 つだけ指定してください。",
  tooManyImages: (max) => `参考画像は添付とリンクを合わせて最大 ${max} 枚です。`,
  imageRequired:
    "このモデルには参考画像が必要です。画像を添付する（image）か、そのリンクを指定してください（image_urls）。",

  tooManyActive: (limit) =>
    `作成中または待機中の動画がすでに ${limit} 本あります。全員に順番が回るよう、どれかが終わってからもう一度お試しください。`,
  lineFull: (limit) =>
    `このサーバーではすでに ${limit} 件のリクエストが順番待ちしており、上限に達しています。いくつか完成してから（通常は数分）もう一度お試しください。`,
  channelNotAllowed: (channels) =>
    `このサーバーで動画を作れるのは ${channels.join("、")} です。そちらでお試しください。`,
  blockedPrompt:
    "このサーバーではそのプロンプトは使えません。言い換えてください。何も送信されず、利用枠も使われていません。",
  quotaTooLong: (allowed, requested) =>
    `このサーバーで作れる動画は最長 ${allowed} 秒です（指定は ${requested} 秒）。短い長さを選んでください。`,
  quotaRoleVideos: (role, allowed, resets) =>
    `${role} を持つメンバーは期間ごとに 1 人 ${allowed} 本まで作れます。すべて使いました。${resets}にリセットされます。`,
  quotaRoleNone: (role) => `${role} を持つメンバーはこのサーバーで動画を作れません。`,
  quotaMemberCredits: (role, used, allowed, resets) =>
    `${role} を持つメンバーは期間ごとに 1 人 ${allowed} TTAPI クレジットまで使えます。${used} 使いました。${resets}にリセットされます。`,
  quotaMemberVideos: (allowed, resets) =>
    `このサーバーで今期作れる ${allowed} 本の動画をすべて使いました。利用枠は${resets}にリセットされます。`,
  waitingForBalance:
    "⏸ 待機中: ボットの TTAPI 残高がなくなりました。運営者に通知済みです。チャージされるとリクエストが送信されます。",
  budgetSpent: (resets) =>
    `ボットは運営者がこの期間（すべてのサーバー共通）に用意した動画クレジットを使い切りました。${resets}に再び動画を作れます。`,
  quotaDamagedCounter: (what, repair) =>
    `${
      what === "lost"
        ? "ボットのストレージから今期の利用数が失われました"
        : `${what === "member" ? "あなた" : repair === "admin" ? "このサーバー" : "ボット全体"}の今期の利用数を読み取れません（ストレージの記録が壊れています）`
    }。残りが分からないため、今は動画を作りません。何も開始・課金されていません。${
      repair === "admin"
        ? "管理者が `/grok-quota reset` で数え直せます。"
        : "ボットの運営者に通知済みで、運営者が数え直せます。"
    }`,
  guildSettingsDamaged:
    "このサーバーの設定（動画を作れるチャンネル・ロール、ブロックする語）を読み取れません（ストレージの記録が壊れています）。推測せず、今は動画を作りません。何も開始・課金されていません。管理者が `/grok-settings` で設定し直せます。",
  quotaDamagedSettings:
    "このサーバーの利用枠の設定を読み取れません（ストレージの記録が壊れています）。推測せず、今は動画を作りません。何も開始・課金されていません。管理者が `/grok-quota set` で設定し直せます。",
  quotaGuildVideos: (allowed, resets) =>
    `このサーバーは今期作れる ${allowed} 本の動画をすべて使いました。利用枠は${resets}にリセットされます。`,
  quotaCredits: (used, allowed, resets) =>
    `このサーバーは今期の TTAPI クレジット予算を使い切りました（${used}/${allowed} クレジット）。利用枠は${resets}にリセットされます。`,

  headlines: {
    waiting: "⏸ TTAPI の空き枠を待っています…",
    submitting: "📨 リクエストを TTAPI に送信しています…",
    unconfirmed: "❔ TTAPI がリクエストを確認するのを待っています…",
    queued: "🕒 TTAPI のキューで待機中…",
    generating: "🎬 動画を生成しています…",
    succeeded: "✅ 動画ができました",
    failed: "❌ 今回は動画を作れませんでした",
    timed_out: "⌛ 待機をやめました",
  },
  fieldAspectRatio: "アスペクト比",
  fieldLength: "長さ",
  seconds: (count) => `${count} 秒`,
  fieldRequestedBy: "リクエストした人",
  fieldPlaceInLine: "順番",
  fieldReferenceImages: "参考画像",
  fieldReady: "完成予定",
  readyExpected: (when) => `${when}の見込み`,
  readyLate: "いつもより時間がかかっています",
  fieldStarted: "開始",
  fieldFinished: "完成",
  fieldCredits: "使用クレジット",
  footerJob: (ttapiJobId) => `ジョブ ${ttapiJobId}`,
  downloadLink: (url, expires) =>
    `[ダウンロード](<${url}>) · TTAPI のリンクは${expires}に失効します`,
  quotaGivenBack: "今回の分は利用枠に含まれません。",
  lostRequest: (when) =>
    `${when}の動画リクエストはボットの再起動後に読み戻せなかったため、ここでは完成できません。利用枠は使われていません。もう一度リクエストしてください。`,
  unconfirmedNotice:
    "TTAPI が時間内に応答しなかったため、このリクエストが受け付けられたかどうかまだわかりません。TTAPI がまだ作っているかもしれません。その場合、動画はここに表示されます。今もう一度試すと二重に課金されるおそれがあります。",
  retryLabel: "もう一度",
  remixLabel: "リミックス",
  remixTitle: "この動画をリミックス",
  remixAspectRatio: "アスペクト比",
  remixForbidden: "この動画をリミックスできるのは、依頼したメンバーかモデレーターだけです。",
  remixGone: "この動画のリクエストはもう保存されていないため、リミックスできません。",
  cancelLabel: "キャンセル",

  failures: {
    server_key: () =>
      "このサーバー独自の TTAPI キーが受け付けられなかったため、動画は作られませんでした。管理者に通知しました。料金はかかっていません。",
    server_balance: () =>
      "このサーバー独自の TTAPI 残高が尽きたため、動画は作られませんでした。管理者に通知しました。料金はかかっていません。",
    auth: () => "ボットの TTAPI キーが受け付けられませんでした。ボットの管理者に伝えてください。",
    balance: () =>
      "ボット管理者の TTAPI 残高が尽きたため、今は動画を作れません。ボットの管理者に伝えてください。",
    invalid: (because) =>
      `TTAPI がこのリクエストを拒否しました。プロンプトかオプションを変えてもう一度お試しください。${because}`,
    rate_limited: () =>
      "TTAPI が混み合っています（同時リクエストが多すぎます）。1 分ほどしてからもう一度お試しください。",
    server: () => "TTAPI 側で問題が発生しました。数分後にもう一度お試しください。",
    network: () => "ボットが TTAPI に接続できませんでした。数分後にもう一度お試しください。",
    timeout: () => "ボットが TTAPI に接続できませんでした。数分後にもう一度お試しください。",
    malformed: () =>
      "TTAPI からボットが理解できない応答が返りました。しばらくしてからもう一度お試しください。",
    submit_uncertain: () =>
      "TTAPI がこのリクエストを最後まで確認しなかったため、ボットは待つのをやめました。二重には送信していません。",
    generation: (because) => `動画を生成できませんでした。${because}`,
    busy_timed_out: () =>
      "TTAPI が長い間混み合っていてこのリクエストを受け付けなかったため、ボットは諦めました。課金はされていません。しばらくしてからお試しください。",
    cancelled: () => "TTAPI に送信する前にキャンセルされました。",
    timed_out: () =>
      "TTAPI が時間内にこの動画を完成させなかったため、ボットは待つのをやめました。もう一度お試しください。",
    unknown: () => "動画の作成中に問題が発生しました。もう一度お試しください。",
  },
  ttapiSaid: (reason) => ` TTAPI の説明:「${reason}」`,

  notAttachedTooLarge: (size, limit) =>
    `大きすぎて添付できません: ${(size / MB).toFixed(1)} MB（このサーバーの上限は ${Math.round(limit / MB)} MB）。リンクは約 1 か月再生できます。`,
  notAttachedDownload:
    "添付できませんでした（TTAPI のファイルサーバーが応答しませんでした）。リンクは約 1 か月再生できます。",
  lateCorrection:
    "**訂正:** 上のメッセージでは TTAPI がこのリクエストを確認しなかったとお伝えしましたが、TTAPI は結局作成しました。ほかの動画と同じく利用枠に数えられます。",
  notAttachedNoFile: (ttapiJobId: string) =>
    `TTAPI はこの動画を完了と報告しましたが、ファイルが届かなかったため再生できるものがありません。TTAPI のジョブ ID: \`${ttapiJobId}\`（ボットの運営者が TTAPI に問い合わせできます）。TTAPI が課金したため、作成済みとして数えられます。`,
  notAttachedRefused:
    "Discord がファイルを受け付けませんでした（ここでの上限超過、「ファイルを添付」権限がない、またはアップロードの中断）。リンクは約 1 か月再生できます。",

  retryStarted: "🔁 もう一度作っています。新しい動画はそのメッセージへの返信に表示されます。",
  retryForbidden: "この動画をもう一度作れるのは、リクエストした人かモデレーターだけです。",
  retryDuplicate: "この動画はすでにもう一度作成中です。",
  retryCoolingDown: (when) =>
    `この動画はたった今もう一度作られました。次にもう一度作れるのは${when}です。`,
  retryStillRunning: "この動画はまだ作成中です。完成してからもう一度作れます。",
  retryImageGone:
    "この動画の参考画像は Discord で利用できなくなったため、同じようには作れません。画像を添付し直して /grok-video を使ってください。課金はされていません。",
  retryNotTracked:
    "この生成は古すぎてもう一度作れません（ボットが詳細を保持していません）。/grok-video で新しく始めてください。",

  cancelDone: "キャンセルしました。順番待ちから外され、利用枠は使われていません。",
  cancelForbidden: "この動画をキャンセルできるのは、リクエストした人かモデレーターだけです。",
  cancelTooLate:
    "キャンセルするには遅すぎます。TTAPI がすでにこのリクエストを受け付けました（作成中の動画は TTAPI でキャンセルできません）。",
  cancelUnknown: "このリクエストはボットにはもうわかりません。",

  noImageInMessage:
    "そのメッセージには動かせる画像がありません。画像が添付されたメッセージか、プレビューが表示される画像リンクのあるメッセージで「Grok で動画を作る」を使うか、/grok-video を使ってください。",
  modalTitle: "Grok で動画を作る",
  modalPrompt: "プロンプト",
  modalPromptHint: "動画の中で何が起きますか？",
  modalLength: "長さ（秒）",
  modalLengthHint: (min, max, fallback) => `${min}〜${max}（既定 ${fallback}）`,

  jobStates: {
    waiting: "順番待ち",
    submitting: "TTAPI に送信中",
    unconfirmed: "TTAPI の確認待ち",
    queued: "TTAPI のキューで待機中",
    generating: "生成中",
    succeeded: "完成",
    failed: "失敗",
    timed_out: "待機を終了",
  },
  jobsNone: (member) =>
    member ? `${member} はここでまだ動画を作っていません。` : "ここではまだ動画を作っていません。",
  jobsHeader: (member, count) =>
    `${member ? `${member} の` : "あなたの"}ここでの最近の動画リクエスト ${count} 件:`,
  jobsMessageLink: "メッセージ",
  jobAsked: (state, when, member) => `**${state}** · ${when}に ${member} がリクエスト`,
  jobOptions: (aspectRatio, seconds, images) =>
    `アスペクト比 ${aspectRatio} · ${seconds} 秒 · 参考画像 ${images} 枚`,
  jobVideo: (url) => `動画: ${url}`,
  jobCredits: (credits) => `使用クレジット: ${credits}`,
  jobTtapiId: (id) => `TTAPI ジョブ: \`${id}\``,
  jobMessage: (link) => `メッセージ: ${link}`,
  jobsNotRecent: "それはここでの最近の動画ではありません。一覧から選んでください。",
  jobsOthersNeedManageServer: "ほかのメンバーの動画を見るには **サーバー管理** 権限が必要です。",
  jobOptionInvalid: "job は一覧にある動画のいずれかにしてください。",
  memberOptionInvalid: "member はこのサーバーのメンバーにしてください。",

  settingsChannelsAnywhere: "どこでも",
  settingsChannels: (channels) => `動画を作れる場所: **${channels}**`,
  settingsRolesEveryone: "全員",
  roleOptionInvalid: "一覧からこのサーバーのロールを選んでください（@everyone 以外）。",
  settingsRoles: (roles) => `動画を作れる人: **${roles}**（と「サーバー管理」権限のある人）`,
  rolesRequired: (roles) =>
    `このサーバーでは、次のロールのいずれかを持つメンバーだけが動画を作れます: ${roles.join("、")}。`,
  settingsBlockedWords: (count) => `禁止語句: **${count}** 件`,
  apiKeyOff:
    "このボットではサーバー独自の TTAPI キーを使えません（運営者が SECRETS_KEY を設定していません）。",
  apiKeyModalTitle: "このサーバーの TTAPI キー",
  apiKeyModalLabel: "TTAPI API キー（暗号化して保存、表示されません）",
  apiKeyInvalid:
    "TTAPI のキーではないようです。TTAPI のダッシュボードからキーを貼り付けてください。",
  apiKeySaved: (last4) =>
    `保存しました。このサーバーの動画は今後、独自の TTAPI キー（末尾 ${last4}）で作られ、そのアカウントから支払われます。`,
  apiKeyRefused: "TTAPI がそのキーを受け付けませんでした。何も保存していません。",
  apiKeyUnchecked:
    "TTAPI が応答しなかったため、キーを確認できませんでした。何も保存していません。数分後にもう一度お試しください。",
  apiKeyRemoved: "削除しました。このサーバーの動画は再びボットの TTAPI キーを使います。",
  apiKeyNone: "このサーバーには独自の TTAPI キーがありません。",
  settingsApiKey: (last4) =>
    `TTAPI キー: **${last4 ? `このサーバー独自（末尾 ${last4}）` : "ボットのもの"}**`,
  serverKeyUnreadableNotice: (server) =>
    `⚠️ ボットが **${server}** 独自の TTAPI キーを読めなくなりました（暗号化キーが変わったか、保存された記録が壊れています）。動画は作れません。/grok-settings api-key set でキーを設定し直してください。`,
  serverKeyUnreadable:
    "このサーバーは独自の TTAPI キーで動画の料金を払っていますが、ボットはそのキーを読めなくなりました。何も開始・課金されていません。サーバー管理者が `/grok-settings api-key set` でキーを設定し直す必要があります。",
  serverKeyRefusedNotice: (server) =>
    `⚠️ TTAPI が **${server}** の TTAPI キーを拒否したため、動画が作れません。/grok-settings api-key set で新しいキーを設定するか、削除してください。`,
  serverBalanceNotice: (server) =>
    `⚠️ **${server}** 独自のキーの TTAPI 残高が尽きたため、動画が作れません。TTAPI のダッシュボードでチャージしてください。`,
  settingsLogChannel: (channel) => `ログチャンネル: **${channel ?? "なし"}**`,
  settingsSaved: (summary) => `保存しました。\n${summary}`,
  blockedAdded: (added, total) =>
    `${added} 件追加しました。禁止語句は全部で ${total} 件です。これを含むプロンプトは、どの語句かを伝えずに非公開で断られます。一致するもの：どう偽装しても（大文字小文字、アクセント、見えない文字、マークダウン、形の似た文字や装飾文字、逆さ文字、日本語・繁体字・簡体字の字形）。一致しないもの：つづりの工夫（当て字、複数形、文字の間の空白。必要ならその書き方も追加）、語句を含む別の単語（“bum” は “burn” に一致しない）。ただし中国語・日本語・韓国語では語句はどこにあっても一致します。`,
  blockedRemoved: (removed, total) =>
    `${removed} 件削除しました。禁止語句は全部で ${total} 件です。`,
  blockedTooMany: (limit) =>
    `1 つのサーバーで禁止できる語句は最大 ${limit} 件です。先にいくつか削除してください。`,
  blockedNone: "ここでは禁止語句はありません。",
  blockedList: (entries) => `ここでの禁止語句（あなたにだけ表示）:\n${entries}`,
  blockedWordsInvalid: "words には語句をカンマ区切りで指定してください。",
  channelOptionInvalid: "channel はこのサーバーのチャンネルにしてください。",
  logChannelUnreachable: (channel, server) =>
    `**${server}** で設定されたログチャンネル ${channel} に投稿できません。そこで「チャンネルを見る」と「メッセージを送信」の権限をください。その後 /grok-settings log-channel set で設定し直してください。それまでは何も記録されません。`,
  auditStarted: (member, prompt, options) =>
    `🎬 ${member} が「${prompt}」をリクエスト · ${options}`,
  auditMade: (member, prompt, credits, link) =>
    `✅ ${member}:「${prompt}」完成 · ${credits} · ${link}`,
  auditFailed: (member, prompt, why, link) => `❌ ${member}:「${prompt}」· ${why} · ${link}`,
  auditQuota: (member, limits) => `⚖️ ${member} が利用枠を変更: ${limits}`,
  auditReset: (member, whose) => `↩️ ${member} が${whose ?? "サーバー全体"}の今期の利用量をリセット`,
  auditApiKey: (member, last4) =>
    last4
      ? `🔑 ${member} がこのサーバー独自の TTAPI キーを設定（末尾 ${last4}）`
      : `🔑 ${member} がこのサーバー独自の TTAPI キーを削除`,
  auditSettings: (member, summary) => `⚙️ ${member} が設定を変更: ${summary}`,
  auditNoMessage: "メッセージなし",

  periods: { day: "今日", week: "今週", month: "今月" },
  periodNames: { day: "日", week: "週", month: "月" },
  allowanceYouIn: (left, limit, period) => `あなた（${period}）: ${left}/${limit} 本`,
  allowanceYou: (left, limit) => `あなた: ${left}/${limit} 本`,
  allowanceServer: (left, limit) => `サーバー: ${left}/${limit} 本`,
  allowanceCredits: (left, limit) => `${left}/${limit} クレジット`,
  allowance: (period, parts) => `${period}の残り: ${parts.join("、")}`,
  unlimited: "無制限",
  videos: (count) => `動画 ${count} 本`,
  credits: (count) => `${count} クレジット`,
  secondsLong: (count) => `${count} 秒`,
  settingsPeriod: (period) => `期間: **${period}**（UTC）`,
  ceilingApplies: (value) => `${value}（ボットの上限）`,
  settingsCeilings:
    "ボットの運営者がすべてのサーバーの制限に上限を設けています。上限を超えることはできず、運営者の期間で数えます。",
  settingsRoleLimits:
    "ロールごとの制限（複数のロールを持つメンバーには最も寛大なものが適用されます）:",
  settingsRoleLimit: (role, limit) => `${role}: **${limit}**`,
  roleLimitValue: (videos, credits, period) =>
    `メンバー 1 人あたり 1 ${period}に ${videos}${credits ? `、${credits}` : ""}`,
  roleLimitNone: "動画なし",
  settingsLimits: {
    guildVideos: (value) => `サーバーの期間ごとの動画数: **${value}**`,
    memberVideos: (value) => `メンバーごとの期間ごとの動画数: **${value}**`,
    credits: (value) => `期間ごとのクレジット予算: **${value}**`,
    maxVideoSeconds: (value) => `最長の動画: **${value}**`,
  } satisfies Record<QuotaLimitName, (value: string) => string>,
  reportTopNobody: "まだいません",
  reportTopLine: (rank, member, videos, credits) => `${rank}. ${member} — ${videos}、${credits}`,
  reportUsage: (period, videos, credits) =>
    `この${period}: **${videos}**、**${credits}**（作成中のジョブは見込みの費用で計算）`,
  reportResets: (relative, exact) => `${relative}にリセット（${exact}）`,
  reportTop: (lines) => `よく使っているメンバー:\n${lines}`,
  usageMade: (videos, credits, period) =>
    `${period}ここで作った動画: **${videos}**（${credits}）。`,
  usageLimitServer: (limit) => `あなたの制限はサーバーのメンバーごとの制限です: ${limit}。`,
  usageLimitRole: (role, limit) =>
    `あなたの制限はロール ${role} によるものです: ${limit}（制限のあるロールのうち最も寛大なもの）。`,
  usageNoLimits: "このサーバーには制限がありません。",
  usageMaxLength: (seconds) => `ここでは最長 ${seconds} 秒の動画を作れます。`,
  usageResets: (when) => `利用枠は${when}にリセットされます。`,
  quotaSaved: (settings) => `保存しました。このサーバーの制限は次のとおりです:\n${settings}`,
  quotaRemoved: (settings) => `解除しました。このサーバーの制限は次のとおりです:\n${settings}`,
  quotaReset: (who) => `${who ?? "サーバー全体"}の今期の利用量をリセットしました。`,
  quotaWholeNumber: (option) => `${option} は整数にしてください。`,
  quotaAtLeastOne: (option) =>
    `${option} は 1 以上にしてください（制限を外すには /grok-quota clear を使います）。`,
  quotaAtMost: (option, max) => `${option} は最大 ${max} です。`,
  quotaPeriodInvalid: "period は day、week、month のいずれかにしてください。",
  quotaMaxLengthRange: (min, max) => `max_length は ${min}〜${max} にしてください。`,
  quotaNothingToChange: "変更する内容がありません。少なくとも 1 つ値を指定してください。",
  quotaRoleAtLeastZero:
    "member_videos は 0 以上にしてください（0: そのロールのメンバーは動画を作れません）。",
  quotaRoleTooMany: (limit) =>
    `制限を設定できるロールは 1 サーバーあたり ${limit} 個までです。先に /grok-quota role clear で外してください。`,
  quotaRoleNotLimited: (role) => `${role} には独自の制限がありません。何も変更していません。`,
  quotaClearInvalid: (allowed) => `limit は ${allowed.join("、")} のいずれかにしてください。`,

  help: {
    intro:
      "**Grok Video** は TTAPI の Grok 動画モデルで、あなたの言葉（と画像）から短い動画をこのチャットで作ります。",
    makeTitle: "**動画を作る**",
    make: [
      "`/grok-video prompt:` — 動画の内容を説明します。`aspect_ratio`、`length`、参考画像（`image`、`image_urls`）は任意です。返信は動画が再生できるまで自動で更新されます。",
      "アプリ → **Grok で動画を作る**（画像のあるメッセージを右クリック）— その画像を動かします。",
      "`/grok-jobs` — ここでの最近の動画 · `/grok-usage` — 残りの利用枠。",
    ],
    buttonsTitle: "**動画のメッセージで**",
    buttons: [
      "🔁 でリアクションするか **もう一度** を押すと、もう一度作ります（リクエストした人か「メッセージの管理」権限のあるメンバー）。",
      "**キャンセル** は TTAPI が始める前にリクエストを順番待ちから外します。課金はされません。",
      "**リミックス** はプロンプト・長さ・アスペクト比を入れたフォームを開きます。変えて新しい動画を作れます（リクエストした人か「メッセージの管理」権限のあるメンバー）。",
      "失敗した動画は利用枠に含まれません。",
    ],
    limitsTitle: "**あなたの利用枠**",
    adminTitle: "**管理者向け（サーバー管理）**",
    admin: [
      "`/grok-quota set|clear|show|reset|role` — サーバー・メンバー・ロールごとの動画数、クレジット予算、期間、最長の動画。",
      "`/grok-settings` — 動画を作れる人とチャンネル（ロール、チャンネル）、禁止語句、監査ログチャンネル、サーバー独自の TTAPI キー。",
    ],
  },

  commands: {
    video: {
      description: "プロンプトと任意の参考画像から Grok で動画を作ります",
      prompt: "動画に映す内容",
      aspectRatio: "動画の形（既定 16:9）",
      aspectLabels: {
        "16:9": "横長",
        "9:16": "縦長",
        "1:1": "正方形",
        "2:3": "縦長",
        "3:2": "横長",
      },
      length: (min, max, fallback) => `長さ（秒）、${min}〜${max}（既定 ${fallback}）`,
      image: "参考画像（任意）",
      image2: "2 枚目の参考画像（任意）",
      image3: "3 枚目の参考画像（任意）",
      imageUrls: "参考画像のリンク（https）、スペース区切り",
    },
    usage: "今期作った動画の数と残りの利用枠を見る",
    help: "このボットで動画を作る方法と残りの利用枠",
    jobs: {
      description: "このサーバーでの最近の動画、またはその 1 本の詳細",
      job: "1 本の動画の詳細（一覧から選択）",
      member: "ほかのメンバーの動画（サーバー管理権限が必要）",
    },
    quota: {
      description: "このサーバーの動画の利用枠を設定・確認する",
      set: "制限を変更（省略した項目はそのまま）",
      serverVideos: "サーバー全体で期間ごとに作れる動画数",
      memberVideos: "各メンバーが期間ごとに作れる動画数",
      credits: "サーバーが期間ごとに使える TTAPI クレジット",
      period: "利用量のリセット間隔（UTC）",
      maxLength: "許可する最長の動画（秒）",
      clear: "制限を解除（無制限に戻す）",
      clearLimit: "解除する制限",
      clearTargets: {
        server_videos: "サーバーの動画数",
        member_videos: "メンバーの動画数",
        credits: "クレジット予算",
        max_length: "最長の動画",
        all: "すべての制限",
      },
      show: "制限、今期の利用量、よく使っているメンバーを表示",
      reset: "サーバーまたはメンバー 1 人の今期の利用量をリセット",
      resetMember: "このメンバーだけ（既定: サーバー全体）",
      role: "ロールを持つメンバーの制限",
      roleSet: "ロールを持つメンバー 1 人あたりの上限を設定",
      roleClear: "ロールの制限を外す",
      roleOption: "ロール",
      roleMemberVideos: "そのロールのメンバーが期間ごとに作れる動画数（0: 作れない）",
      roleCredits: "そのロールのメンバーが期間ごとに使える TTAPI クレジット",
      rolePeriod: "リセットの間隔（UTC、既定: サーバーの期間）",
    },
    settings: {
      description: "ボットを使える場所、頼めないこと、ログチャンネル",
      channels: "動画を作れるチャンネル（未選択ならどこでも）",
      channelsAdd: "チャンネルで動画を許可",
      channelsRemove: "チャンネルの許可をやめる",
      channelsClear: "どこでも動画を作れるように戻す",
      roles: "動画を作れるロール（未選択: 全員）",
      rolesAdd: "ロールのメンバーが動画を作れるようにする",
      rolesRemove: "ロールを許可から外す",
      rolesClear: "全員が動画を作れるように戻す",
      role: "ロール",
      channel: "チャンネル",
      blockedWords: "プロンプトに含めてはいけない語句",
      blockedAdd: "語句を禁止",
      blockedRemove: "語句の禁止を解除",
      blockedListCommand: "禁止語句を表示（あなたにだけ）",
      words: "語句（カンマ区切り）",
      logChannel: "すべてのジョブと変更を記録する場所",
      logSet: "チャンネルに記録",
      logChannelOption: "ログチャンネル",
      logOff: "記録をやめる",
      apiKey: "このサーバー独自の TTAPI キー: 動画はそのアカウントから支払われます",
      apiKeySet: "キーを設定（非公開のフォームで入力）",
      apiKeyRemove: "キーを削除（ボットのキーに戻す）",
      show: "このサーバーの設定と制限",
    },
    makeVideo: "Grok で動画を作る",
  },
};
