/** What a coercer returns for a cell it cannot take; any other return value is the stored value. */
export class Invalid {
  constructor(readonly message: string) {}
}
