import sharp from 'sharp';
import type { AnyDb } from '../db/engine.js';
import type { BlobStore } from '../lib/blobs/blob-store.js';
import { insertDemoUsers, type DemoUser } from '../auth/index.js';
import { departmentNamesById } from '../catalog/index.js';
import { hasDemoApps, insertApp } from './apps.store.js';
import { datasetRefsByIds } from './apps-lookups.sql.js';
import { reencodeScreenshot, storeScreenshot } from './apps.images.js';
import { demoApps, type DemoApp } from './demo-apps.texts.js';

// Demo apps (is_demo = 1), seeded with the demo usage so the showcase is not empty on first start: approved ones,
// one pending and one rejected (so the moderation queue shows). Their screenshots are drawn here, not downloaded.
// Removed with `DELETE FROM apps WHERE is_demo = 1` (their datasets and screenshots rows go with them).

const day = 86_400_000;

/** A phone-shaped mock screen in the app's colour: a header, a few cards and a bar chart. */
async function drawScreenshot(colour: string, variant: number): Promise<Buffer> {
  const bars = Array.from({ length: 6 }, (_, i) => 60 + ((i * 37 + variant * 53) % 140));
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="540" height="960">
    <rect width="540" height="960" fill="#f5f7fa"/>
    <rect width="540" height="120" fill="${colour}"/>
    <rect x="30" y="45" width="260" height="30" rx="6" fill="#ffffff" opacity="0.85"/>
    ${[0, 1, 2].map((i) => `<rect x="30" y="${160 + i * 130}" width="480" height="110" rx="12" fill="#ffffff" stroke="#dde3ea"/>
      <circle cx="85" cy="${215 + i * 130}" r="28" fill="${colour}" opacity="${0.4 + i * 0.2}"/>
      <rect x="130" y="${195 + i * 130}" width="${300 - i * 40}" height="16" rx="4" fill="#c5ced8"/>
      <rect x="130" y="${222 + i * 130}" width="${200 + i * 30}" height="12" rx="4" fill="#e1e6ec"/>`).join('')}
    ${bars.map((h, i) => `<rect x="${50 + i * 75}" y="${900 - h}" width="50" height="${h}" rx="4" fill="${colour}" opacity="${0.5 + (i % 3) * 0.2}"/>`).join('')}
  </svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

const submitterOf = (a: DemoApp, names: Map<string, string>): DemoUser => {
  const dept = /^demo-user-(.+)-1$/.exec(a.submitter)?.[1];
  if (dept && names.has(dept)) return { id: a.submitter, name: `${names.get(dept)}（演示）`, role: 'publisher', departmentId: dept };
  return { id: a.submitter, name: `演示市民 ${a.submitter.replace('demo-user-', '')}`, role: 'user', departmentId: null };
};

/** Writes the demo apps unless some are there already; returns how many were written. */
export async function seedDemoApps(db: AnyDb, files: BlobStore, now: Date = new Date()): Promise<number> {
  if (await hasDemoApps(db)) return 0;
  const refs = new Map((await datasetRefsByIds(db, [...new Set(demoApps.flatMap((a) => a.datasets))])).map((d) => [d.id, d]));
  const departments = [...new Set([...refs.values()].map((d) => d.department_id))];
  const names = new Map([...(await departmentNamesById(db, departments)).entries()].map(([id, n]) => [id, n.name_zh]));
  const people = new Map<string, DemoUser>();
  for (const a of demoApps) people.set(a.submitter, submitterOf(a, names));
  const moderators = departments.map((d) => ({ id: `demo-user-${d}-1`, name: `${names.get(d) ?? d}（演示）`, role: 'publisher' as const, departmentId: d }));
  for (const m of moderators) if (!people.has(m.id)) people.set(m.id, m);
  await insertDemoUsers(db, [...people.values()], new Date(now.getTime() - 400 * day).toISOString());
  let written = 0;
  for (const a of demoApps) {
    const pks = a.datasets.flatMap((id) => (refs.has(id) ? [Number(refs.get(id)!.pk)] : []));
    if (!pks.length) continue;
    const created = new Date(now.getTime() - a.daysAgo * day);
    const decided = a.status === 'pending' ? null : new Date(created.getTime() + 2 * day).toISOString();
    const shots = [];
    for (let i = 0; i < a.shots; i++) {
      const image = await reencodeScreenshot({ bytes: await drawScreenshot(a.colour, i), filename: `${a.key}-${i}.png` }, i);
      shots.push({ image, key: await storeScreenshot(files, image) });
    }
    const id = `app_demo_${a.key}`;
    await insertApp(db, {
      id, name_zh: a.name_zh, name_en: a.name_en, kind: a.kind, description_zh: a.description_zh, description_en: a.description_en, url: a.url,
      contact: `${a.submitter}@demo.invalid`, submitted_by: a.submitter, status: a.status,
      decided_by: decided ? `demo-user-${refs.get(a.datasets[0]!)!.department_id}-1` : null, decided_at: decided,
      reject_reason: a.reject_reason ?? null, created_at: created.toISOString(), updated_at: decided ?? created.toISOString(), is_demo: 1,
    }, pks, shots.map(({ image, key }, position) => ({
      app_id: id, position, blob_key: key, sha256: image.sha256, content_type: image.contentType, width: image.width, height: image.height, bytes: image.bytes.byteLength,
    })));
    written++;
  }
  return written;
}
