// The audit trail page's words, Chinese first, every string in both languages.
export const auditMessages = {
  zh: {
    title: '审计日志',
    lead: '特权操作的防篡改记录：登录与登录失败、双因素认证变更、密钥与授权、数据集与版本的发布和撤回、用户与角色变更、运维命令等。每条记录含上一条的哈希，任何修改都能被 `audit verify` 发现。查看本页本身也会记入日志。',
    scope: { all: '您可查看全部记录。', department: '您可查看本部门人员的操作和针对本部门的操作。', publishing: '您可查看发布与撤回类操作。' } as Record<string, string>,
    filters: '筛选', actor: '操作人', action: '操作', target: '对象', from: '起始日期', to: '截止日期', apply: '筛选', reset: '清除筛选',
    caption: (n: number) => `审计记录（共 ${n} 条，按时间倒序）`,
    ts: '时间', role: '角色', department: '部门', summary: '说明', request: '请求编号',
    anonymous: '匿名', next: '下一页', csv: '导出 CSV', json: 'JSON',
    none: '没有符合条件的记录。',
    console: '部门工作台',
  },
  en: {
    title: 'Audit trail',
    lead: 'A tamper-evident record of privileged actions: sign-ins and failed sign-ins, two-factor changes, keys and grants, publishing and withdrawing datasets and versions, user and role changes, operator commands. Each row carries the hash of the one before, so any change shows in `audit verify`. Viewing this page is itself recorded.',
    scope: { all: 'You see every row.', department: "You see your department's people's actions and actions on your department.", publishing: 'You see publish and withdraw actions.' } as Record<string, string>,
    filters: 'Filters', actor: 'Actor', action: 'Action', target: 'Target', from: 'From', to: 'To', apply: 'Filter', reset: 'Clear filters',
    caption: (n: number) => `Audit rows (${n} in all, newest first)`,
    ts: 'Time', role: 'Role', department: 'Department', summary: 'Summary', request: 'Request id',
    anonymous: 'anonymous', next: 'Next page', csv: 'Export CSV', json: 'JSON',
    none: 'No rows match.',
    console: 'Department console',
  },
};
