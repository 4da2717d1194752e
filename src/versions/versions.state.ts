import { createVersionWorkerPool, type VersionWorkerPool } from './version-workers.js';
import { createValidationWorkerPool, type ValidationWorkerPool } from './publish/validated-rows.js';
import { createArtifactBuilds, type ArtifactBuilds } from './build-queue.js';
import { createBackgroundWork, type BackgroundWork } from './background-work.js';

export type VersionsState = {
  /** `background`: what a publish does after its answer, in these workers (waited for by `close`). */
  workers: { version: VersionWorkerPool; validation: ValidationWorkerPool; background: BackgroundWork };
  artifactBuilds: ArtifactBuilds;
  /** Ends the idle workers (and busy ones when their job ends): part of the app's close. */
  close(): Promise<void>;
};

/** What publishing and artifact building keep in memory, built once per app by createApp (the CLI's `check` builds its own). */
export function createVersionsState(): VersionsState {
  const version = createVersionWorkerPool();
  const validation = createValidationWorkerPool();
  const background = createBackgroundWork();
  return {
    workers: { version, validation, background },
    artifactBuilds: createArtifactBuilds(),
    close: async () => {
      await background.close();
      await Promise.all([validation.close(), version.close()]);
    },
  };
}
