// Per-case data keys (crypto-shredding for AVG retention): the seal format, the key's binding to its
// case, the purge's boundary and the retention setting. No Temporal: the store in memory.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ConfigError, DEFAULT_RETENTION_DAYS, loadConfig } from '../../config/index.ts';
import { KeyRing, isSealed, isSealedWithCaseKey, newDataKey, sealPersonalData, sealWithDataKey, unsealPersonalData, unsealWithDataKey, UnsealError, unwrapDataKey, wrapDataKey } from '../../security/index.ts';
import { createAuditLog } from '../../store/audit.ts';
import { createCaseKeys, DAY_MS } from '../../store/caseKeys.ts';
import { openMemoryStore, type Store } from '../../store/index.ts';
import { testKeys } from '../support/keys.ts';

vi.setConfig({ testTimeout: 60_000 });

const youth = { name: 'Sanne de Vries', bsn: '111222333' };
let store: Store;

beforeAll(async () => {
  store = await openMemoryStore();
}, 120_000);

afterAll(async () => {
  await store?.close();
});

describe('the case data key', () => {
  it('seals new personal data as jf2 with the case’s own key, bound to the case number; older jf1 seals still read', () => {
    const key = newDataKey();
    const sealed = sealWithDataKey(key, 'CT-1', youth);
    expect(isSealed(sealed) && isSealedWithCaseKey(sealed)).toBe(true);
    expect(sealed.sealed).toMatch(/^jf2\.[A-Za-z0-9_-]+$/);
    expect(unsealWithDataKey(key, 'CT-1', sealed)).toEqual(youth);
    expect(() => unsealWithDataKey(key, 'CT-2', sealed)).toThrow(UnsealError);
    expect(() => unsealWithDataKey(newDataKey(), 'CT-1', sealed)).toThrow(UnsealError);
    const old = sealPersonalData(testKeys, 'CT-1', youth);
    expect(isSealed(old) && !isSealedWithCaseKey(old)).toBe(true);
    expect(unsealPersonalData(testKeys, 'CT-1', old)).toEqual(youth);
  });

  it('is stored wrapped by the key ring, bound to its case; another ring or case cannot unwrap it', () => {
    const key = newDataKey();
    const wrapped = wrapDataKey(testKeys, 'CT-1', key);
    expect(wrapped).not.toContain(key.toString('base64url'));
    expect(unwrapDataKey(testKeys, 'CT-1', wrapped).equals(key)).toBe(true);
    expect(() => unwrapDataKey(testKeys, 'CT-2', wrapped)).toThrow(UnsealError);
    const other = new KeyRing([{ id: testKeys.writeKeyId, key: Buffer.alloc(32, 9) }]);
    expect(() => unwrapDataKey(other, 'CT-1', wrapped)).toThrow(UnsealError);
  });

  it('a repeated start reuses the case’s key; a deleted key is never replaced by a new one', async () => {
    const keys = createCaseKeys(store, testKeys, { now: () => 1_000 });
    const first = await keys.create('REUSE-1');
    expect((await keys.create('REUSE-1')).equals(first)).toBe(true);
    await keys.markClosed('REUSE-1', 2_000);
    await keys.purge({ now: 2_000 + DAY_MS, retentionDays: 1 });
    await expect(keys.create('REUSE-1')).rejects.toThrow(/deleted after the retention period/);
    expect(await keys.get('REUSE-1')).toMatchObject({ status: 'deleted' });
  });
});

describe('the retention purge', () => {
  it('deletes the keys of cases closed at least the retention period ago, not of later or running ones, and audits each deletion', async () => {
    const keys = createCaseKeys(store, testKeys);
    const now = Date.parse('2027-06-01T00:00:00Z');
    for (const id of ['P-OLD', 'P-EDGE', 'P-RECENT', 'P-RUNNING']) await keys.create(id);
    await keys.markClosed('P-OLD', now - 400 * DAY_MS);
    await keys.markClosed('P-EDGE', now - 365 * DAY_MS);
    await keys.markClosed('P-RECENT', now - 364 * DAY_MS);
    // The first recorded closing stays (a later sweep cannot move it).
    expect(await keys.markClosed('P-OLD', now)).toBe(false);
    const result = await keys.purge({ now, retentionDays: 365, actor: 'beheerder-1' });
    expect(result.deleted.map((d) => d.caseId)).toEqual(['P-EDGE', 'P-OLD']);
    expect(result.cutoff).toBe(new Date(now - 365 * DAY_MS).toISOString());
    expect((await keys.get('P-RECENT')).status).toBe('present');
    expect((await keys.get('P-RUNNING')).status).toBe('present');
    const deletions = await createAuditLog(store).list({ kind: 'personal-data.deleted' });
    expect(deletions.filter((e) => e.caseId?.startsWith('P-')).map((e) => `${e.caseId} ${e.actor} ${e.at}`).sort()).toEqual([
      `P-EDGE beheerder-1 ${new Date(now).toISOString()}`,
      `P-OLD beheerder-1 ${new Date(now).toISOString()}`,
    ]);
  });
});

describe('JEUGDFLOW_RETENTION_DAYS', () => {
  it(`defaults to ${DEFAULT_RETENTION_DAYS} days; outside 1–7300 the start stops naming the variable`, () => {
    expect(loadConfig({}).JEUGDFLOW_RETENTION_DAYS).toBe(365);
    expect(loadConfig({ JEUGDFLOW_RETENTION_DAYS: '30' }).JEUGDFLOW_RETENTION_DAYS).toBe(30);
    for (const bad of ['0', '7301', '-1', '1.5', 'een jaar']) {
      expect(() => loadConfig({ JEUGDFLOW_RETENTION_DAYS: bad })).toThrow(ConfigError);
      expect(() => loadConfig({ JEUGDFLOW_RETENTION_DAYS: bad })).toThrow(/JEUGDFLOW_RETENTION_DAYS must be an integer 1–7300/);
    }
  });
});
