// Simplified Chinese texts of why an auto-reply pattern is refused (shared/auto-reply.ts
// PatternProblemCode): the Settings editor checks as the operator types, and main's refusal (the UI
// and the CLI) words its detail with the same text. ../en/auto-reply.ts has exactly the same keys.
export const autoReplyZhCN = {
  'autoreply.pattern.empty': '请输入正则表达式',
  'autoreply.pattern.too-long': '正则表达式不能超过 {max} 个字符',
  'autoreply.pattern.invalid': '不是有效的正则表达式',
  'autoreply.pattern.backreference': '不允许反向引用（\\1、\\k<名称>）',
  'autoreply.pattern.nested-repeat': '重复的分组里不能再有重复或“|”（如 (a+)+、(a|b)*），这类表达式可能永远算不完',
  'autoreply.pattern.too-many-repeats': '无上限的重复（*、+）最多 {max} 个',
} as const;
