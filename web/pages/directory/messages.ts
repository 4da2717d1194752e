import type { Lang } from '../../i18n.js';

const zh = {
  usersTitle: '部门人员', sessionsTitle: '我的登录会话', inviteTitle: '加入部门',
  department: '部门', choose: '查看', name: '姓名', email: '电子邮箱', role: '角色', status: '状态', actions: '操作',
  active: '正常', disabled: '已停用', setRole: '设置角色', disable: '停用', enable: '启用', reset2fa: '重置两步验证',
  roles: { user: '普通用户（移出本部门）', publisher: '数据发布员', dept_admin: '部门管理员', reviewer: '考核人员', admin: '管理员' } as Record<string, string>,
  invite: '邀请新成员', inviteRole: '邀请的角色', makeInvite: '生成邀请链接',
  inviteMade: (expires: string) => `邀请链接（仅显示这一次，${expires} 前有效，只能使用一次）：请复制后交给被邀请人。`,
  done: { role: '角色已更新。', disabled: '账号已停用：其会话已结束，API 密钥立即失效。', enabled: '账号已启用。', reset2fa: '两步验证已重置：下次登录时重新绑定。', ended: '会话已结束。', ended_all: '该用户的所有会话已结束。' } as Record<string, string>,
  error: '操作未完成：', none: '本部门还没有人员。',
  browser: '浏览器', created: '创建时间', lastSeen: '最近使用', place: '创建位置', current: '当前会话', thisNetwork: '本网络', otherNetwork: '其他网络',
  end: '结束', placeNote: '位置只显示网络的 4 位哈希，不记录 IP 地址。', noSessions: '没有有效的会话。',
  inviteInvalid: '此邀请链接无效、已使用或已过期。请联系部门管理员重新生成。',
  inviteFor: (dept: string, role: string) => `你受邀以「${role}」身份加入${dept}。`,
  joinAs: (email: string) => `以当前账号（${email}）加入`, orNew: '或创建新账号：', password: '密码（至少 10 个字符）', create: '创建账号并加入',
  notApplicable: '管理员或考核人员账号不能加入部门：请退出后创建新账号。',
};

const en: typeof zh = {
  usersTitle: 'Department users', sessionsTitle: 'My sessions', inviteTitle: 'Join a department',
  department: 'Department', choose: 'Show', name: 'Name', email: 'E-mail', role: 'Role', status: 'Status', actions: 'Actions',
  active: 'Active', disabled: 'Disabled', setRole: 'Set role', disable: 'Disable', enable: 'Enable', reset2fa: 'Reset two-step verification',
  roles: { user: 'User (out of the department)', publisher: 'Publisher', dept_admin: 'Department admin', reviewer: 'Reviewer', admin: 'Admin' },
  invite: 'Invite someone', inviteRole: 'Role to invite as', makeInvite: 'Make an invitation link',
  inviteMade: (expires: string) => `The invitation link (shown only this once, valid until ${expires}, usable once): copy it and hand it to the invitee.`,
  done: { role: 'Role updated.', disabled: 'Account disabled: its sessions ended and its API keys stopped working.', enabled: 'Account enabled.', reset2fa: 'Two-step verification reset: it is set up again at the next sign-in.', ended: 'Session ended.', ended_all: "All of the user's sessions ended." },
  error: 'Not done: ', none: 'Nobody belongs to this department yet.',
  browser: 'Browser', created: 'Created', lastSeen: 'Last used', place: 'Where it was created', current: 'This session', thisNetwork: 'this network', otherNetwork: 'another network',
  end: 'End', placeNote: 'The place is 4 hex digits of a hash of the network; no IP address is kept.', noSessions: 'No active sessions.',
  inviteInvalid: 'This invitation link is unknown, used already or expired. Ask your department admin for a new one.',
  inviteFor: (dept: string, role: string) => `You are invited to join ${dept} as ${role}.`,
  joinAs: (email: string) => `Join with this account (${email})`, orNew: 'Or create a new account:', password: 'Password (at least 10 characters)', create: 'Create the account and join',
  notApplicable: 'An admin or reviewer account does not join a department: sign out and create a new account.',
};

export const directoryMessages: Record<Lang, typeof zh> = { zh, en };
