import type { z } from '@hono/zod-openapi';
import type { Lang } from '../../i18n.js';

type Issue = z.core.$ZodIssue;

type Texts = {
  required: string;
  tooLong: (max: number) => string;
  choose: string;
  idFormat: string;
  nameFormat: string;
  noFields: string;
  onePk: (found: number) => string;
  duplicate: (name: string) => string;
};

const texts: Record<Lang, Texts> = {
  zh: {
    required: '必填。',
    tooLong: (max) => `不能超过 ${max} 个字符。`,
    choose: '请从列表中选择。',
    idFormat: '只能用小写字母、数字和连字符，且以字母或数字开头（2–80 个字符）。',
    nameFormat: '以小写字母开头，只含小写字母、数字和下划线。',
    noFields: '至少需要一个字段。',
    onePk: (n) => `需要且只能有一个主键字段（现在有 ${n} 个）：在“主键”列选择一行。`,
    duplicate: (name) => `字段名“${name}”重复。`,
  },
  en: {
    required: 'Required.',
    tooLong: (max) => `At most ${max} characters.`,
    choose: 'Choose one from the list.',
    idFormat: 'Lower-case letters, digits and hyphens only, starting with a letter or digit (2–80 characters).',
    nameFormat: 'Starts with a lower-case letter; lower-case letters, digits and _ only.',
    noFields: 'At least one field is needed.',
    onePk: (n) => `Exactly one primary key field is needed (found ${n}): choose a row in the "Primary key" column.`,
    duplicate: (name) => `The field name "${name}" is used twice.`,
  },
};

/** A validation issue in the reader's language, where we know the rule; the service's own words otherwise. */
function issueText(lang: Lang, issue: Issue, control: string): string {
  const t = texts[lang];
  switch (issue.code) {
    case 'too_small':
      return issue.origin === 'array' && control === 'fields' ? t.noFields : t.required;
    case 'too_big':
      return t.tooLong(Number(issue.maximum));
    case 'invalid_value':
      return t.choose;
    case 'invalid_format':
      return control === 'id' ? t.idFormat : t.nameFormat;
    case 'custom': {
      const pk = /exactly one primary key field is needed \(found (\d+)\)/.exec(issue.message);
      if (pk) return t.onePk(Number(pk[1]));
      const dup = /duplicate field name '(.+)'/.exec(issue.message);
      if (dup) return t.duplicate(dup[1]!);
      return issue.message;
    }
    default:
      return issue.message;
  }
}

export const formMessages: Record<Lang, { issue: (issue: Issue, control: string) => string }> = {
  zh: { issue: (issue, control) => issueText('zh', issue, control) },
  en: { issue: (issue, control) => issueText('en', issue, control) },
};
