// The request-scoped types every router shares (src/lib knows no feature). The app's dependencies, AppDeps, are in
// src/app-deps.ts.

export type Logger = { info: (msg: string) => void; error: (msg: string, err?: unknown) => void };

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
