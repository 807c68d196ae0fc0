// Simplified Chinese texts of contact imports that main writes as well as the UI shows (the CLI's
// import preview, the import wizard); ../en/contacts.ts has exactly the same keys.
export const contactsZhCN = {
  'contacts.import.dedupeRule':
    '号码先统一格式（去掉 +86、86、0086 前缀及空格、横线）再比较。文件内同一号码只导入第一行，后面的同号行作为重复报告；' +
    '群组里已有的号码保留原联系人，不覆盖；退订名单中的号码不导入。',
} as const;
