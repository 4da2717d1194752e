// Evidence, not claims (issue 17): an app's page shows, to its submitter and its moderators, which of the datasets it
// names the submitter's API keys really called (2xx records answers) in the last 90 days.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from './helpers.js';
import { developer } from './records.helpers.js';
import { get, ok, person, send, type Person, type TestApp } from './demand.helpers.js';

const halls = 'tax-service-halls'; // taxation
const notaries = 'notary-offices'; // justice

let t: TestApp;
let now = Date.now();
let dev: Awaited<ReturnType<typeof developer>>;
let tax: Person;
let other: Person;

beforeAll(async () => {
  t = await createTestApp({ datasets: [halls, notaries] });
  t.deps.now = () => new Date(now);
  dev = await developer(t.app, 'evidence-dev@example.com');
  tax = await person(t, 'publisher', 'taxation');
  other = await person(t, 'user', null);
});
afterAll(() => t.close());

const asDev = { id: '', cookie: '', email: '' } as Person;

describe('claimed vs observed', () => {
  let appId: string;

  it('observes the named dataset the key called, not the one it only claims (nor calls that failed or had no key)', async () => {
    expect((await t.app.request(`/api/v1/datasets/${halls}/records?limit=2`, { headers: dev.headers })).status).toBe(200);
    // A failed call with the key, and a keyless call, prove nothing about the key's holder.
    expect((await t.app.request(`/api/v1/datasets/${notaries}/records?no_such_column=1`, { headers: dev.headers })).status).toBe(400);
    expect((await t.app.request(`/api/v1/datasets/${notaries}/records?limit=1`)).status).toBe(200);
    await t.deps.usage.flush();

    asDev.cookie = dev.cookie;
    const app = await ok(send(t, asDev, 'POST', '/api/v1/apps', {
      name_zh: '办税与公证一点通', kind: 'mini_program', description_zh: '办税服务厅和公证处查询', contact: 'dev@example.com', datasets: [halls, notaries],
    }), 201);
    appId = app.id;
    expect(app.evidence).toMatchObject({ claimed: [notaries, halls], observed: [halls], has_keys: true });
  });

  it('shows the evidence to a moderator of the app, and to nobody else once it is public', async () => {
    const seen = await ok(get(t, tax, `/api/v1/apps/${appId}`));
    expect(seen).toMatchObject({ can_moderate: true, evidence: { claimed: [notaries, halls], observed: [halls] } });
    await ok(send(t, tax, 'POST', `/api/v1/apps/${appId}/approve`));
    expect((await ok(get(t, other, `/api/v1/apps/${appId}`))).evidence).toBeNull();
    expect((await ok(get(t, null, `/api/v1/apps/${appId}`))).evidence).toBeNull();
  });

  it('forgets calls older than 90 days', async () => {
    now += 91 * 86_400_000;
    const later = await person(t, 'publisher', 'taxation'); // sessions do not last 91 days
    expect((await ok(get(t, later, `/api/v1/apps/${appId}`))).evidence).toMatchObject({ claimed: [notaries, halls], observed: [] });
  });
});
