// Simplified Chinese texts of `campaign ...`'s notes and state changes (../en/campaign.ts has
// exactly the same keys; the rest of the command's texts are in ../zh-CN.ts).
export const campaignZhCN = {
  'campaign.warn.invalid': '号码“{input}”无效（{problem}），未加入',
  'campaign.warn.invalidAt': '号码“{input}”（第 {line} 行）无效（{problem}），未加入',
  'campaign.note.notChinaMobile': '{count} 个号码不在中国移动号段内（仍会发送：号码可携号转网）',
  'campaign.note.duplicates': '去掉了 {count} 个重复的接收人',
  'campaign.warn.skipped': '{count} 条短信被跳过（{reason}）',
  'campaign.resumed': '任务 {id} {state}（用 campaign start --id {id} 开始发送）',
  'campaign.cancelled': '任务 {id} 已取消：{cancelled} 条待发短信取消',
  'campaign.cancelledWithdrawn': '，{count} 条已从网关撤回',
  'campaign.cancelledNotWithdrawn': '，{count} 条未能撤回',
  'campaign.inDoubt.none': '没有状态存疑的短信',
  'campaign.inDoubt.col.message': '短信',
  'campaign.inDoubt.col.campaign': '任务',
  'campaign.inDoubt.col.number': '号码',
  'campaign.inDoubt.col.charged': '计费',
  'campaign.yes': '是',
  'campaign.no': '否',
  'campaign.resent': '{count} 条短信重新排队（标记为可能重复）；用 campaign start 发送',
  'campaign.dropped': '{count} 条短信已放弃（状态未知）',
} as const;
