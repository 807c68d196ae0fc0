// Simplified Chinese texts of the `simulator` command's flag errors (../en/simulator.ts has exactly
// the same keys); its --verbose protocol trace stays as the spec spells it.
export const simulatorZhCN = {
  'simulator.badSpId': '--sp-id 应为 1 到 6 个可打印字符（Source_Addr 占 6 个字节），收到 “{value}”',
  'simulator.badDelay': '--report-delay-ms 应写作一个毫秒数或“最小-最大”（整毫秒），收到 “{value}”',
  'simulator.badForm': '--report-form 只能是 60、71 或 version，收到 “{value}”',
  'simulator.badStatFor': '--stat-for 应写作 号码=Stat，收到 “{value}”',
  'simulator.badStatMix': '--stat-mix 应写作 Stat=权重，收到 “{value}”',
  'simulator.badStat': '--{flag}：“{value}” 不是 Stat 值（1 到 7 个可打印字符，如 DELIVRD、MK:0012）',
  'simulator.mixNoWeight': '--stat-mix 至少需要一个大于 0 的权重',
  'simulator.notPositive': '--{flag} 应为大于 0 的数，收到 “{value}”',
  'simulator.notFraction': '--{flag} 应在 0 到 1 之间，收到 “{value}”',
  'simulator.cannotRead': '--{flag}：无法读取 {path}',
  'simulator.portInUse': '无法启动：端口 {port} 已被占用（用 --port 换一个端口，--port 0 自动选择）',
  'simulator.noPermission': '无法启动：没有权限监听端口 {port}（请用 1024 以上的端口）',
} as const;
