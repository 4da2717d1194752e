import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { checkVersions, describeInconsistency, dropOrphanTables, versionInventory } from '../versions/index.js';
import { createFsBlobStore } from '../lib/blobs/fs-blob-store.js';
import { appliedMigrations, openCopy, snapshotSqlite } from './sqlite-snapshot.js';
import { databaseName, hashFile, manifestFormat, manifestName, secretName, type BackupManifest, type ManifestFile } from './backup-manifest.js';

export type BackupOptions = {
  dataDir: string;
  to: string;
  portalVersion: string;
  /** Copy artifacts even where they could be hard-linked (a backup on the same disk then survives edits of the live files' inodes). */
  copy?: boolean;
  say?: (line: string) => void;
};

export type BackupResult = { manifest: BackupManifest; linked: number; copied: number; warnings: string[] };

const isErrno = (err: unknown, ...codes: string[]) => codes.includes((err as NodeJS.ErrnoException).code ?? '');
/** Temp files of a write in progress (`.tmp-<pid>-…`, src/lib/blobs/fs-blob-store.ts): never part of a backup. */
const isTemp = (name: string) => name.startsWith('.tmp-');

/** Every stored file under `files/`, as paths relative to the data directory; temp files skipped. */
async function listArtifacts(filesDir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string, rel: string) => {
    for (const entry of await fsp.readdir(dir, { withFileTypes: true }).catch(() => [])) {
      if (isTemp(entry.name)) continue;
      if (entry.isDirectory()) await walk(path.join(dir, entry.name), `${rel}/${entry.name}`);
      else if (entry.isFile()) out.push(`${rel}/${entry.name}`);
    }
  };
  await walk(filesDir, 'files');
  return out.sort();
}

/** Hard link when allowed (artifacts never change once named by their sha), else a copy. Returns whether it linked. */
async function linkOrCopy(from: string, to: string, copy: boolean): Promise<boolean> {
  await fsp.mkdir(path.dirname(to), { recursive: true });
  if (!copy) {
    try {
      await fsp.link(from, to);
      return true;
    } catch (err) {
      if (!isErrno(err, 'EXDEV', 'EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EMLINK')) throw err;
    }
  }
  await fsp.copyFile(from, to, fs.constants.COPYFILE_EXCL | fs.constants.COPYFILE_FICLONE);
  return false;
}

/** `<sha>.<ext>` (not `.gz`): the file's sha256 is its name, so a live file that rotted is caught here. */
const nameSha = (rel: string) => /\/([0-9a-f]{64})\.[a-z]+$/.exec(rel)?.[1] ?? null;

async function emptyOrAbsent(dir: string): Promise<boolean> {
  const entries = await fsp.readdir(dir).catch((err: unknown) => (isErrno(err, 'ENOENT') ? [] : Promise.reject(err)));
  return entries.length === 0;
}

/**
 * Backs up an embedded install while its portal runs: the database first (one consistent snapshot), then the
 * files that exist after it, so every artifact the copied database names is in the backup (they are written
 * before their version is committed and never removed). Then checks that claim on the copy, hashes everything
 * and writes the manifest last: a folder without manifest.json is an unfinished backup.
 */
export async function backupDataDir(options: BackupOptions): Promise<BackupResult> {
  const say = options.say ?? (() => {});
  const { dataDir, to } = options;
  const source = path.join(dataDir, databaseName);
  if (!fs.existsSync(source)) throw new Error(`${dataDir} holds no database (${databaseName}): nothing to back up (is KAIFANG_DATA_DIR right?)`);
  if (!(await emptyOrAbsent(to))) throw new Error(`${to} is not empty: a backup goes into a new or empty folder, so no older backup is mixed in`);
  await fsp.mkdir(to, { recursive: true, mode: 0o700 }); // it holds the secret and the password hashes
  const warnings: string[] = [];

  const snapshot = await snapshotSqlite(source, path.join(to, databaseName));
  say(`database copied (${snapshot.pages} pages, consistent as of ${snapshot.copiedAt.toISOString()})`);

  let linked = 0;
  let copied = 0;
  const artifacts = await listArtifacts(path.join(dataDir, 'files'));
  for (const rel of artifacts) {
    try {
      if (await linkOrCopy(path.join(dataDir, rel), path.join(to, rel), options.copy ?? false)) linked++;
      else copied++;
    } catch (err) {
      if (!isErrno(err, 'ENOENT')) throw err;
      warnings.push(`${rel} disappeared while the backup ran (a repair replacing it?); the check below says whether the copy needs it`);
    }
  }
  say(`${artifacts.length} stored files ${linked ? `(${linked} hard-linked, ${copied} copied)` : 'copied'}`);
  const secretIncluded = fs.existsSync(path.join(dataDir, secretName));
  if (secretIncluded) await fsp.copyFile(path.join(dataDir, secretName), path.join(to, secretName), fs.constants.COPYFILE_EXCL);

  const copy = openCopy(path.join(to, databaseName));
  let schema: BackupManifest['schema'];
  let inventory: Awaited<ReturnType<typeof versionInventory>>;
  try {
    schema = { engine: 'sqlite', ...appliedMigrations(copy) };
    // A publish running during the copy never finishes in it: its lock and half-written table are dropped from the
    // copy (every lock counts as lapsed), so the restored install starts clean and `check` finds nothing to report.
    const unfinished = await dropOrphanTables(copy, Number.MAX_SAFE_INTEGER);
    if (unfinished.length) {
      copy.$client.exec('VACUUM');
      say(`left out ${unfinished.length} table(s) of a publish still running: ${unfinished.join(', ')}`);
    }
    inventory = await versionInventory(copy);
    const files = createFsBlobStore(path.join(to, 'files'));
    try {
      const found = (await checkVersions({ db: copy, files })).filter((p) => p.kind === 'artifact_missing' || p.kind === 'artifact_mismatch');
      if (found.length) throw new Error(`the backup misses files its database names (it is left unfinished, without ${manifestName}):\n  ${found.map(describeInconsistency).join('\n  ')}`);
    } finally {
      files.close();
    }
  } finally {
    copy.$client.close();
  }

  const listed: ManifestFile[] = [];
  for (const rel of [databaseName, ...(secretIncluded ? [secretName] : []), ...artifacts]) {
    const file = path.join(to, rel);
    if (!fs.existsSync(file)) continue; // disappeared above, and unneeded by the database
    const { bytes, sha256 } = await hashFile(file);
    const named = nameSha(rel);
    if (named && named !== sha256) warnings.push(`${rel} does not match its name (sha256 ${sha256}): the live file is damaged; \`npm run kaifang -- check --sha256 --repair\` rebuilds it`);
    listed.push({ path: rel, bytes, sha256 });
  }
  const manifest: BackupManifest = {
    format: manifestFormat,
    created_at: new Date().toISOString(),
    portal_version: options.portalVersion,
    schema,
    consistency_point: { database_copied_at: snapshot.copiedAt.toISOString(), versions: inventory.versions, newest_version_published_at: inventory.newestPublishedAt },
    secret_included: secretIncluded,
    files: listed,
  };
  const tmp = path.join(to, `.${manifestName}.tmp`);
  await fsp.writeFile(tmp, `${JSON.stringify(manifest, null, 2)}\n`, { flag: 'wx' });
  await fsp.rename(tmp, path.join(to, manifestName));
  return { manifest, linked, copied, warnings };
}
