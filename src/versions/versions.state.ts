import { createVersionWorkerPool, type VersionWorkerPool } from './version-workers.js';
import { createValidationWorkerPool, type ValidationWorkerPool } from './publish/validated-rows.js';
import { createArtifactBuilds, type ArtifactBuilds } from './build-queue.js';

export type VersionsState = {
  workers: { version: VersionWorkerPool; validation: ValidationWorkerPool };
  artifactBuilds: ArtifactBuilds;
  /** Ends the idle workers (and busy ones when their job ends): part of the app's close. */
  close(): Promise<void>;
};

/** What publishing and artifact building keep in memory, built once per app by createApp (the CLI's `check` builds its own). */
export function createVersionsState(): VersionsState {
  const version = createVersionWorkerPool();
  const validation = createValidationWorkerPool(version);
  return {
    workers: { version, validation },
    artifactBuilds: createArtifactBuilds(),
    close: async () => {
      await Promise.all([validation.close(), version.close()]);
    },
  };
}
