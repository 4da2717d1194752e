// The request-scoped types every router shares (src/lib knows no feature). The app's dependencies, AppDeps, are in
// src/app-deps.ts.

/** One request, as the access log writes it: ids and the route pattern, never a secret, a cookie or an address. */
export type RequestLogFields = { req_id: string; method: string; route: string; status: number; ms: number; user_id?: string; key_id?: string };

/** The app's log (src/lib/logger.ts writes it as JSON lines); `request`, when given, gets one call per request. */
export type Logger = { info: (msg: string) => void; error: (msg: string, err?: unknown) => void; debug?: (msg: string) => void; request?: (fields: RequestLogFields) => void };

export type SessionUser = { id: string; email: string; name: string; role: string; departmentId: string | null };

/** The API key a request was made with, as resolved by the keys middleware (never the secret itself). */
export type ApiKeyPrincipal = { id: string; ownerUserId: string; ownerRole: string; departmentId: string | null; ratePerMin: number; dailyQuota: number };

export type AppEnv = {
  Variables: {
    requestId: string;
    user?: SessionUser | null;
    apiKey?: ApiKeyPrincipal;
    /** What a records response served, noted by the records handler for the usage counter. */
    recordsUse?: { datasetPk: number; version: number; ownerDepartmentId: string; format: string | null; rows: number | null; bytes: number | null };
  };
};
