import { pino, type DestinationStream, type Logger as Pino } from 'pino';
import type { Logger } from './context.js';

export type LogLevel = 'silent' | 'info' | 'debug';

/**
 * The process's log: JSON lines on stdout (one object per line, `msg` and fields), which log shippers read as
 * they are; on a terminal the same lines pretty-printed (pino-pretty, loaded only then). KAIFANG_LOG picks the level.
 */
export async function createProcessLogger(level: LogLevel, options: { pretty?: boolean } = {}): Promise<Logger> {
  const pretty = options.pretty ?? process.stdout.isTTY === true;
  let destination: DestinationStream | undefined;
  if (pretty) {
    const { default: prettyStream } = await import('pino-pretty');
    // A request on one line: `GET /api/v1/datasets/:id 200 3.1 ms key=… [request id]`.
    const messageFormat = (line: Record<string, unknown>, key: string) => line[key] !== 'request' ? String(line[key])
      : `${String(line.method)} ${String(line.route)} ${String(line.status)} ${String(line.ms)} ms${line.user_id ? ` user=${String(line.user_id)}` : ''}${line.key_id ? ` key=${String(line.key_id)}` : ''} [${String(line.req_id)}]`;
    destination = prettyStream({ sync: true, colorize: true, ignore: 'pid,hostname,req_id,method,route,status,ms,user_id,key_id', translateTime: 'SYS:HH:MM:ss.l', messageFormat });
  }
  // silent: no info lines, as before; errors are still written.
  return loggerOf(pino({ level: level === 'silent' ? 'error' : level, base: { pid: process.pid }, messageKey: 'msg', timestamp: pino.stdTimeFunctions.isoTime }, destination ?? pino.destination({ dest: 1, sync: true })));
}

/** The app's Logger on a pino instance (tests may give one writing to a stream of theirs). */
export function loggerOf(p: Pino): Logger {
  return {
    info: (msg) => p.info(msg),
    debug: (msg) => p.debug(msg),
    error: (msg, err) => (err === undefined || err === '' ? p.error(msg) : err instanceof Error ? p.error({ err }, msg) : p.error({ detail: String(err) }, msg)),
    request: (fields) => p.info(fields, 'request'),
  };
}
