// oidc-provider 8 ships no types (and @types/oidc-provider is not installed): the little the tests use.
declare module 'oidc-provider' {
  import type { RequestListener } from 'node:http';
  type Account = { accountId: string; claims: () => Record<string, unknown> };
  export default class Provider {
    constructor(issuer: string, configuration: Record<string, unknown> & { findAccount?: (ctx: unknown, id: string) => Account | undefined });
    callback(): RequestListener;
    on(event: 'server_error', listener: (ctx: unknown, err: Error) => void): this;
  }
}
