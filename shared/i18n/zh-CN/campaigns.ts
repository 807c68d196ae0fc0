// Simplified Chinese texts of campaigns that main writes as well as the UI shows (the CLI's campaign
// list and status, the Campaigns screen): the campaign states and why the engine paused one.
// ../en/campaigns.ts has exactly the same keys.
export const campaignsZhCN = {
  'live.campaignState.draft': '草稿',
  'live.campaignState.running': '发送中',
  'live.campaignState.paused': '已暂停',
  'live.campaignState.completed': '已完成',
  'live.campaignState.cancelled': '已取消',
  'reason.login-refused': '账号 {account} 无法登录：网关拒绝登录，Status {status}（{meaning}）',
  'reason.login-failed': '账号 {account} 无法登录：{detail}',
} as const;
