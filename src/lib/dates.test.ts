import { describe, expect, it } from 'vitest';
import { isIsoDay } from './dates.js';

describe('isIsoDay', () => {
  it.each(['2024-02-29', '2026-12-31', '0001-01-01'])('%s is a real day', (s) => expect(isIsoDay(s)).toBe(true));
  it.each(['2023-02-29', '2024-13-01', '2024-04-31', '2024-00-10', '2024-1-05', '2024/01/05', '2024-0a-05', '２０２４-01-05', ' 2024-01-05'])('%s is not', (s) =>
    expect(isIsoDay(s)).toBe(false),
  );
});
