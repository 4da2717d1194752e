import type { Logger } from '../../src/lib/context.js';

export const consoleLog: Logger = {
  info: (msg) => console.log(msg),
  error: (msg, err) => console.error(msg, err ?? ''),
};
