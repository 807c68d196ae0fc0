// Simplified Chinese texts of contact imports that main writes as well as the UI shows (the CLI's
// import preview, the import wizard); ../en/contacts.ts has exactly the same keys.
export const contactsZhCN = {
  'contacts.import.dedupeRule':
    '号码先统一格式（去掉 +86、86、0086 前缀及空格、横线）再比较。文件内同一号码只导入第一行，后面的同号行作为重复报告；' +
    '群组里已有的号码保留原联系人，不覆盖；退订名单中的号码不导入。',
  // An import problem and its detail: the import wizard's table and the CLI's import report.
  // What an import reads differently from what the file may mean (ImportWarning's code and params).
  'contacts.warning.no-number-header': '没有标题为“手机号”“号码”“手机”“电话”等的列：把第一列（“{first}”）当作号码列',
  'contacts.warning.duplicate-header': '有两列的标题都是“{header}”：第 {column} 列保留为“{kept}”',
  'contacts.warning.sheet-ignored': '工作表“{sheet}”没有导入：只读取第一个工作表，以及标题行与它相同的后续工作表',
  'contacts.warning.not-china-mobile': '{count} 个号码不在中国移动号段内：已导入（号码可携号转网），请确认能通过您的网关送达',
  'contacts.problem.ok': '可导入',
  'contacts.problem.malformed-row': '行格式错误',
  'contacts.problem.formula-without-result': '公式没有计算结果',
  'contacts.problem.cell-error': '单元格错误值',
  'contacts.problem.undecodable': '无法识别的字符编码',
  'contacts.problem.invalid-number': '号码无效',
  'contacts.problem.duplicate-in-file': '文件内重复',
  'contacts.problem.already-in-group': '群组中已存在',
  'contacts.problem.opted-out': '已退订',
  'contacts.detail.duplicate': '{number} 与第 {first} 行重复，只导入第一行',
  'contacts.detail.duplicateSheet': '{number} 与工作表“{sheet}”第 {first} 行重复，只导入第一行',
  'contacts.detail.inGroup': '{number} 已在群组“{group}”中，保留原有联系人',
  'contacts.detail.optedOut': '{number} 已退订，不导入',
  'contacts.detail.fieldCount': '此行有 {fields} 个字段，表头有 {expected} 个：可能多了分隔符，或引号外有换行',
  'contacts.detail.extraColumn': '{column} 列有值，但该列没有表头，值会丢失',
  'contacts.detail.malformed-row': '此行格式有误：请检查分隔符、引号和字段长度',
  'contacts.detail.formula-without-result': '单元格是未计算过的公式：请在 Excel 中打开并保存后再导入',
  'contacts.detail.cell-error': '单元格是错误值（如 #N/A）：请在 Excel 中修正后再导入',
  'contacts.detail.undecodable': '此行含无法识别的字符：请将文件另存为 UTF-8 或 GBK 编码',
  'contacts.detail.invalid-number': '号码无效',
  'contacts.detail.duplicate-in-file': '文件内重复，只导入第一行',
  'contacts.detail.already-in-group': '已在群组中，保留原有联系人',
  'contacts.detail.opted-out': '已退订，不导入',
  // What is wrong with a number (shared/phone.ts): the import wizard, the delivery log, the CLI.
  'deliveryLog.phone.empty': '号码为空',
  'deliveryLog.phone.not-digits': '号码含有数字以外的字符',
  'deliveryLog.phone.wrong-length': '号码不是 11 位（去掉 +86 后）',
  'deliveryLog.phone.not-mobile': '不是大陆手机号（应以 13–19 开头）',
  'deliveryLog.phone.foreign': '国家代码不是 +86',
} as const;
