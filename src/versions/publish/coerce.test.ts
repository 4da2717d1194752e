import { describe, expect, it } from 'vitest';
import { Invalid, cellCoercer } from './coerce.js';
import type { FieldSpec } from '../../lib/field-spec.js';

const field = (type: FieldSpec['type'], extra: Partial<FieldSpec> = {}): FieldSpec => ({ name: 'f', label_zh: '字段', type, required: false, primary_key: false, ...extra });

describe('cellCoercer', () => {
  it.each([
    ['2024-02-29', '2024-02-29'],
    ['2024/3/5', '2024-03-05'],
    ['2024年3月5日', '2024-03-05'],
    ['2024.12.31', '2024-12-31'],
    ['2024-03/05', '2024-03-05'],
  ])('date %s -> %s', (raw, want) => expect(cellCoercer(field('date'))(raw)).toBe(want));

  it.each(['2023-02-29', '2024-13-45', '2024-00-10', '05/03/2024', 'tomorrow'])('date %s is refused', (raw) => {
    expect(cellCoercer(field('date'))(raw)).toBeInstanceOf(Invalid);
  });

  it.each([
    ['2026-11-05 09:30:00', '2026-11-05T01:30:00Z'],
    ['2026-11-05 03:15', '2026-11-04T19:15:00Z'],
    ['2026-03-01 07:00:00', '2026-02-28T23:00:00Z'],
    ['2026-11-05T09:30:00Z', '2026-11-05T09:30:00Z'],
    ['2026-11-05T09:30:00+00:00', '2026-11-05T09:30:00Z'],
    ['2026/11/05T09:30:00Z', '2026-11-05T09:30:00Z'],
  ])('datetime %s (local time without a zone is UTC+8) -> %s', (raw, want) => expect(cellCoercer(field('datetime'))(raw)).toBe(want));

  it.each([
    ['2026-11-05T09:30:00', '2026-11-05T01:30:00Z'],
    ['2026-11-05 23:59:59', '2026-11-05T15:59:59Z'],
    ['2026-11-05 07:59:59', '2026-11-04T23:59:59Z'],
  ])('datetime %s (the YYYY-MM-DD HH:mm:ss fast path and its edges) -> %s', (raw, want) => expect(cellCoercer(field('datetime'))(raw)).toBe(want));

  it.each(['2026-02-29 09:00:00', '2026-11-05 24:00:00', '2026-11-05 09:60:00', '2026-1x-05 09:00:00'])('datetime %s is refused', (raw) => {
    expect(cellCoercer(field('datetime'))(raw)).toBeInstanceOf(Invalid);
  });

  it('ignores any whitespace around numbers, dates and booleans', () => {
    expect(cellCoercer(field('date'))('\u30002024-02-29 ')).toBe('2024-02-29');
    expect(cellCoercer(field('boolean'))('\t TRUE\u00a0')).toBe(1);
    expect(cellCoercer(field('date'))('2024-02-3x')).toBeInstanceOf(Invalid);
  });

  it('stores text as given but for spaces (U+0020, U+3000) at its ends: a tab or no-break space is content', () => {
    expect(cellCoercer(field('string'))(' \u3000马鞍山 ')).toBe('马鞍山');
    expect(cellCoercer(field('string'))('\t马鞍山')).toBe('\t马鞍山');
    expect(cellCoercer(field('string'))('\u00a0马鞍山\r\n')).toBe('\u00a0马鞍山\r\n');
    expect(cellCoercer(field('string'))('a\tb\nc')).toBe('a\tb\nc');
  });

  it('refuses control characters, U+FFFD and nested values, saying which', () => {
    const text = cellCoercer(field('string'));
    expect((text('ab\u0000c') as Invalid).message).toMatch(/U\+0000 at position 3/);
    for (const c of ['\u0001', '\u001b', '\u007f', '\u0085']) expect(text(`x${c}`)).toBeInstanceOf(Invalid);
    expect((text('马鞍\ufffd山') as Invalid).message).toMatch(/UTF-8 and GBK/);
    expect((text([[[1]]]) as Invalid).message).toMatch(/nested value/);
    expect(cellCoercer(field('integer'))({ a: 1 })).toBeInstanceOf(Invalid);
  });

  it('in a file read as GBK, refuses a cell that was UTF-8 (mojibake) and keeps real GBK text', async () => {
    const { default: iconv } = await import('iconv-lite');
    const gbk = cellCoercer(field('string'), { gbk: true });
    const misread = iconv.decode(Buffer.from('花山区湖南路', 'utf8'), 'gb18030');
    expect(misread).not.toContain('\ufffd');
    expect((gbk(misread) as Invalid).message).toMatch(/UTF-8 text in a file read as GBK/);
    for (const s of ['马鞍山市花山区', '联通', '当涂县姑孰镇', '和县']) expect(gbk(iconv.decode(iconv.encode(s, 'gbk'), 'gb18030'))).toBe(s);
  });

  it('types numbers, integers, booleans and enums, and says why not', () => {
    expect(cellCoercer(field('integer'))('1,234')).toBe(1234);
    expect(cellCoercer(field('integer'))('12.5')).toBeInstanceOf(Invalid);
    expect(cellCoercer(field('number'))(' -3.5 ')).toBe(-3.5);
    expect(cellCoercer(field('boolean'))('是')).toBe(1);
    expect(cellCoercer(field('boolean'))('否')).toBe(0);
    expect(cellCoercer(field('boolean'))('maybe')).toBeInstanceOf(Invalid);
    const e = cellCoercer(field('string', { enum: ['花山区', '雨山区'] }));
    expect(e('花山区')).toBe('花山区');
    expect((e('上海') as Invalid).message).toContain('花山区');
  });

  it('treats blanks as null, or refuses them when required', () => {
    expect(cellCoercer(field('string'))('  ')).toBeNull();
    expect(cellCoercer(field('integer', { required: true }))('')).toBeInstanceOf(Invalid);
  });
});
