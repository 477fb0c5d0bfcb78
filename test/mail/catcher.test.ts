// The local mail catcher of `npm start`: catches what jeugdflow sends and keeps it under
// <dataDir>/mail/ (.eml + index.json) for the console.
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSmtpSender, listCaughtMail, readCaughtMail, startMailCatcher, type MailCatcher } from '../../mail/index.ts';
import { tempDataDir } from './support.ts';

let data: Awaited<ReturnType<typeof tempDataDir>>;
let catcher: MailCatcher | undefined;

beforeEach(async () => {
  data = await tempDataDir();
});

afterEach(async () => {
  await catcher?.close();
  catcher = undefined;
  await data.remove();
});

const mail = (n: number) => ({
  messageId: `<CASE-1.${n}@jeugdflow.test>`,
  from: 'Jeugdzorg Regio <noreply@jeugdflow.test>',
  to: { name: 'Anna de Vries', address: 'anna@regio.example' },
  subject: `Herinnering ${n} – zaak CASE-1`,
  text: `Tekst ${n}: uiterlijk maandag 13 april 2026`,
  html: `<p>Tekst ${n}</p>`,
  date: new Date('2026-04-06T06:00:00.000Z'),
});

describe('mail catcher', () => {
  it('keeps every caught mail as .eml plus a JSON index under <dataDir>/mail', async () => {
    catcher = await startMailCatcher({ port: 0, host: '127.0.0.1', store: data.dir });
    expect(catcher.url).toBe(`smtp://127.0.0.1:${catcher.port}`);
    const sender = createSmtpSender({ url: catcher.url });
    const delivery = await sender.send(mail(1));
    await sender.send(mail(2));
    expect(delivery.response).toMatch(/^250 OK: caught as \d{8}T\d{9}Z-[0-9a-f]{6}$/);

    const caught = catcher.messages();
    expect(caught.map((m) => m.messageId)).toEqual(['<CASE-1.1@jeugdflow.test>', '<CASE-1.2@jeugdflow.test>']);
    expect(caught[0]).toMatchObject({
      to: ['anna@regio.example'],
      envelopeFrom: 'noreply@jeugdflow.test',
      subject: 'Herinnering 1 – zaak CASE-1',
      date: '2026-04-06T06:00:00.000Z',
      from: '"Jeugdzorg Regio" <noreply@jeugdflow.test>',
    });
    const files = await readdir(join(data.dir, 'mail'));
    expect(files.filter((f) => f.endsWith('.eml'))).toHaveLength(2);
    expect(files).toContain('index.json');
    expect(files.filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(JSON.parse(await readFile(join(data.dir, 'mail', 'index.json'), 'utf8')).messages).toHaveLength(2);
  });

  it('lets the console list (newest first) and read mail, also after a restart', async () => {
    catcher = await startMailCatcher({ port: 0, store: data.dir });
    const sender = createSmtpSender({ url: catcher.url });
    await sender.send(mail(1));
    await catcher.close();
    catcher = await startMailCatcher({ port: 0, store: data.dir });
    await createSmtpSender({ url: catcher.url }).send(mail(2));
    expect(catcher.messages()).toHaveLength(2);

    const list = await listCaughtMail(data.dir);
    expect(list.map((m) => m.subject)).toEqual(['Herinnering 2 – zaak CASE-1', 'Herinnering 1 – zaak CASE-1']);
    const one = await readCaughtMail(data.dir, list[1]!.id);
    expect(one?.text?.trim()).toBe('Tekst 1: uiterlijk maandag 13 april 2026');
    expect(one?.html).toBe('<p>Tekst 1</p>');
    expect(one?.headers['message-id']).toBe('<CASE-1.1@jeugdflow.test>');
    expect(one?.raw).toContain('Message-ID: <CASE-1.1@jeugdflow.test>');
  });

  it('answers unknown or malformed ids with undefined, and an empty list without mail', async () => {
    expect(await listCaughtMail(data.dir)).toEqual([]);
    expect(await readCaughtMail(data.dir, '../../etc/passwd')).toBeUndefined();
    expect(await readCaughtMail(data.dir, '20260406T060000000Z-abcdef')).toBeUndefined();
  });

  it('works in memory without a store', async () => {
    catcher = await startMailCatcher({ port: 0 });
    await createSmtpSender({ url: catcher.url }).send(mail(3));
    const [caught] = catcher.messages();
    expect((await catcher.read(caught!.id))?.text?.trim()).toBe('Tekst 3: uiterlijk maandag 13 april 2026');
  });
});
