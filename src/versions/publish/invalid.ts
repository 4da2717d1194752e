import { cellText, type CellProblemCode, type ProblemParams } from './problem-messages.js';

/** What a coercer returns for a cell it cannot take (a code of problem-messages.ts); any other return value is the stored value. */
export class Invalid {
  constructor(
    readonly code: CellProblemCode,
    readonly params: ProblemParams = {},
  ) {}

  /** In English, after the field's label. */
  get message(): string {
    return cellText('en', this.code, this.params);
  }
}
