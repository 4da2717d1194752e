/**
 * The undertaking a requester accepts for conditional (有条件开放) data; its full text is stored on
 * each such order, so what was agreed stays on record even if this wording changes later.
 */
export const dataUseAgreement = [
  '数据使用承诺（第 1 版）',
  '一、所申请数据仅用于本申请所述用途，不超范围使用。',
  '二、不向任何第三方提供、转让、出售或公开所获数据，不以任何方式尝试重新识别个人身份。',
  '三、采取必要的管理和技术措施保障数据安全，发生泄露等安全事件时立即告知提供部门。',
  '四、用途完成或授权到期后，删除所获数据及其副本。',
  '五、遵守《中华人民共和国数据安全法》《中华人民共和国个人信息保护法》及本市公共数据管理的有关规定，违反承诺的，提供部门可终止授权并依法追究责任。',
].join('\n');
