import type { Db } from '../db/client.js';
import type { Env } from '../env.js';
import type { CursorCodec } from './cursor.js';

export type Logger = { info: (msg: string) => void; error: (msg: string, err?: unknown) => void };

/** Everything a feature needs, injected once by createApp; no feature imports a singleton. */
export type AppDeps = {
  db: Db;
  env: Env;
  /** Root of the content-addressed artifact store. */
  filesDir: string;
  now: () => Date;
  cursors: CursorCodec;
  log: Logger;
};

export type SessionUser = { id: string; email: string; name: string; role: string; departmentId: string | null };

export type AppEnv = {
  Variables: {
    requestId: string;
    user?: SessionUser | null;
  };
};
