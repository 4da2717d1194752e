import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { pipeline } from 'node:stream/promises';

// The manifest of a backup folder: every file with its size and sha256, written last, so a folder without one
// is an unfinished backup. Restore trusts nothing in the folder that the manifest does not vouch for.

export const manifestName = 'manifest.json';
export const manifestFormat = 'kaifang-backup/1';
export const databaseName = 'kaifang.db';
export const secretName = 'secret';

export type ManifestFile = { path: string; bytes: number; sha256: string };

export type BackupManifest = {
  format: typeof manifestFormat;
  created_at: string;
  portal_version: string;
  /** The drizzle migrations applied to the copied database (the portal applies newer ones at its start). */
  schema: { engine: 'sqlite'; migrations: number; last_migration_at: number | null };
  /**
   * The moment the database was copied (one read snapshot): the backup holds every version committed before it,
   * and the files those versions name; files written later may be present too (harmless, unreferenced).
   */
  consistency_point: { database_copied_at: string; versions: number; newest_version_published_at: string | null };
  secret_included: boolean;
  files: ManifestFile[];
};

/** Size and sha256 of a file, read once; `copyTo`: written there at the same time (a restore's copy). */
export async function hashFile(file: string, copyTo?: string): Promise<{ bytes: number; sha256: string }> {
  const hash = createHash('sha256');
  let bytes = 0;
  const source = fs.createReadStream(file, { highWaterMark: 1 << 20 });
  source.on('data', (chunk) => { hash.update(chunk); bytes += chunk.length; });
  if (copyTo) await pipeline(source, fs.createWriteStream(copyTo, { flags: 'wx', flush: true }));
  else await pipeline(source, async function* (chunks) { for await (const _ of chunks) { /* hashed by the listener */ } });
  return { bytes, sha256: hash.digest('hex') };
}

/** A manifest path must stay inside the backup (and the data directory it is restored into). */
function safeRelative(p: unknown): p is string {
  return typeof p === 'string' && p.length > 0 && !path.isAbsolute(p) && path.normalize(p) === p && !p.split(/[\\/]/).includes('..');
}

export async function readManifest(dir: string): Promise<BackupManifest> {
  const file = path.join(dir, manifestName);
  const text = await fsp.readFile(file, 'utf8').catch(() => null);
  if (text === null) throw new Error(`${file} is missing: ${dir} is not a Kaifang backup, or its backup did not finish`);
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse(text) as BackupManifest;
  } catch {
    throw new Error(`${file} is not valid JSON: the backup is damaged`);
  }
  if (manifest.format !== manifestFormat || !Array.isArray(manifest.files)) throw new Error(`${file} is not a ${manifestFormat} manifest`);
  const bad = manifest.files.find((f) => !safeRelative(f.path) || !Number.isInteger(f.bytes) || !/^[0-9a-f]{64}$/.test(String(f.sha256)));
  if (bad) throw new Error(`${file} lists a file it may not: ${JSON.stringify(bad)}`);
  if (!manifest.files.some((f) => f.path === databaseName)) throw new Error(`${file} lists no ${databaseName}: not a backup of an embedded install`);
  return manifest;
}

/** The first file of the manifest that is missing or differs in size or sha256, described; null when all match. */
export async function firstMismatch(dir: string, manifest: BackupManifest): Promise<string | null> {
  for (const f of manifest.files) {
    const file = path.join(dir, f.path);
    const stat = await fsp.stat(file).catch(() => null);
    if (!stat?.isFile()) return `${f.path} is missing`;
    if (stat.size !== f.bytes) return `${f.path} is ${stat.size} bytes, the manifest says ${f.bytes}`;
    const { sha256 } = await hashFile(file);
    if (sha256 !== f.sha256) return `${f.path} has sha256 ${sha256}, the manifest says ${f.sha256}`;
  }
  return null;
}
