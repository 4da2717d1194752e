import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { databaseName, firstMismatch, hashFile, readManifest, type BackupManifest } from './backup-manifest.js';

export type RestoreResult = { manifest: BackupManifest; files: number; bytes: number };

/** Lines of the migrations journal this code ships (a backup from a newer Kaifang has more). */
function knownMigrations(): number {
  const journal = new URL('../db/migrations/meta/_journal.json', import.meta.url);
  return (JSON.parse(fs.readFileSync(journal, 'utf8')) as { entries: unknown[] }).entries.length;
}

async function assertEmpty(dataDir: string): Promise<void> {
  const entries = await fsp.readdir(dataDir).catch((err: NodeJS.ErrnoException) => (err.code === 'ENOENT' ? [] : Promise.reject(err)));
  if (entries.length) {
    throw new Error(
      `${dataDir} is not empty (${entries.slice(0, 3).join(', ')}${entries.length > 3 ? ', …' : ''}): restore goes only into an empty data directory, ` +
        'so no file of another install is overwritten or mixed with the backup. Move it aside (or point KAIFANG_DATA_DIR at a new folder) and run restore again',
    );
  }
}

/**
 * Restores a backup into an empty data directory. Everything is checked before anything is written: the manifest,
 * then every file it lists (present, its size, its sha256); the first mismatch is named and nothing is written.
 * The files are then copied (hashed again on the way, in case the backup changed meanwhile) into a hidden folder
 * inside the target (the same file system even when the data directory is a mount point), whose entries are renamed
 * into place at the end: a failed restore leaves the data directory empty, not half restored.
 */
export async function restoreDataDir(options: { from: string; dataDir: string; say?: (line: string) => void }): Promise<RestoreResult> {
  const say = options.say ?? (() => {});
  const from = path.resolve(options.from);
  const dataDir = path.resolve(options.dataDir);
  await assertEmpty(dataDir);
  const manifest = await readManifest(from);
  if (manifest.schema.migrations > knownMigrations()) {
    throw new Error(`the backup's database is at migration ${manifest.schema.migrations}, this Kaifang knows ${knownMigrations()}: restore it with the Kaifang release that wrote it (${manifest.portal_version}) or a newer one`);
  }
  const mismatch = await firstMismatch(from, manifest);
  if (mismatch) throw new Error(`the backup does not verify: ${mismatch}. Nothing was restored`);
  say(`backup verified: ${manifest.files.length} files as listed in its manifest (copied ${manifest.consistency_point.database_copied_at})`);

  await fsp.mkdir(dataDir, { recursive: true, mode: 0o700 });
  const staging = path.join(dataDir, `.restoring-${process.pid}`);
  await fsp.mkdir(staging, { mode: 0o700 });
  let bytes = 0;
  try {
    for (const f of manifest.files) {
      const target = path.join(staging, f.path);
      await fsp.mkdir(path.dirname(target), { recursive: true });
      const copied = await hashFile(path.join(from, f.path), target);
      if (copied.sha256 !== f.sha256 || copied.bytes !== f.bytes) throw new Error(`${f.path} changed in the backup while it was being restored. Nothing was restored`);
      if (f.path === 'secret') await fsp.chmod(target, 0o600);
      bytes += copied.bytes;
    }
    const others = (await fsp.readdir(dataDir)).filter((e) => e !== path.basename(staging));
    if (others.length) throw new Error(`${dataDir} is no longer empty (${others.join(', ')}): something else writes there. Nothing was restored`);
    // The database last: a portal started too early finds no database rather than one without its files.
    const entries = (await fsp.readdir(staging)).sort((a, b) => Number(a === databaseName) - Number(b === databaseName));
    for (const entry of entries) await fsp.rename(path.join(staging, entry), path.join(dataDir, entry));
    await fsp.rmdir(staging);
  } catch (err) {
    await fsp.rm(staging, { recursive: true, force: true });
    throw err;
  }
  return { manifest, files: manifest.files.length, bytes };
}
