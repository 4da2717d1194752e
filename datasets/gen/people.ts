import type { Rng } from './rng.js';
import { cumulative } from './rng.js';

// Surnames roughly in order of frequency; the weights make 王/李/张 common and the tail rare.
const surnames = [
  '王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '高', '林', '罗',
  '郑', '梁', '谢', '宋', '唐', '许', '韩', '冯', '邓', '曹', '彭', '曾', '肖', '田', '董', '袁', '潘', '于', '蒋', '蔡',
  '余', '杜', '叶', '程', '苏', '魏', '吕', '丁', '任', '沈', '姚', '卢', '姜', '崔', '钟', '谭', '陆', '汪', '范', '金',
  '石', '廖', '贾', '夏', '韦', '方', '白', '邹', '孟', '熊', '秦', '邱', '江', '尹', '薛', '段', '雷', '侯', '陶', '顾',
  '毛', '郝', '龚', '邵', '万', '钱', '严', '戴', '孔', '汤', '葛', '章', '鲍', '倪', '査', '缪', '濮', '芮',
] as const;
const surnameCumulative = cumulative(surnames.map((_, i) => 1 / (i + 8)));

const givenChars = [
  '伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀', '霞', '平',
  '刚', '桂', '英', '华', '玉', '兰', '文', '辉', '鹏', '宇', '浩', '峰', '建', '国', '红', '林', '波', '斌', '俊', '慧',
  '晨', '欣', '怡', '婷', '雪', '琳', '瑶', '梦', '子', '涵', '睿', '博', '轩', '思', '佳', '嘉', '晓', '志', '海', '春',
  '云', '亮', '新', '成', '荣', '祥', '东', '德', '胜', '永', '宏', '振', '明', '丹', '凤', '萍', '雨', '琴', '彤', '翔',
] as const;

export const surname = (r: Rng) => surnames[r.weighted(surnameCumulative)]!;

export function person(r: Rng): string {
  const given = r.chance(0.22) ? r.pick(givenChars) : r.pick(givenChars) + r.pick(givenChars);
  return surname(r) + given;
}

/** Masked personal name as published in public lists, e.g. 张** . */
export const maskedPerson = (r: Rng) => surname(r) + (r.chance(0.25) ? '*' : '**');

const digits = (r: Rng, n: number) => {
  let s = '';
  for (let i = 0; i < n; i++) s += r.int(0, 9);
  return s;
};

/** Ma'anshan landline: area code 0555 and a 7-digit local number. */
export const phone = (r: Rng) => `0555-${r.pick(['2', '3', '5', '6', '7', '8'])}${digits(r, 6)}`;

export const mobileMasked = (r: Rng) =>
  `1${r.pick(['33', '35', '37', '38', '39', '50', '51', '52', '55', '58', '59', '77', '80', '86', '87', '88', '89', '99'])}****${digits(r, 4)}`;

export { digits };
