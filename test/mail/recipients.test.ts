// Who gets a case's mail: commissioning roles → users with that role; the provider side → that
// provider's contacts and users; a supervisor's reassignment wins; nobody → recorded as missing.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_DIRECTORY_FILE, parseDirectory, resolveRecipients } from '../../mail/index.ts';
import { DIRECTORY } from './support.ts';

const addresses = (r: ReturnType<typeof resolveRecipients>) => r.recipients.map((x) => x.address).sort();

describe('recipient resolution', () => {
  it('sends a commissioning role to every user with that role, not to staff of another provider', () => {
    const r = resolveRecipients(DIRECTORY, { roles: ['contractmanager'], provider: 'zorg-oost' });
    expect(addresses(r)).toEqual(['anna@regio.example', 'bram@regio.example']);
    expect(r.missing).toEqual([]);
    // otto belongs to jeugdhulp-west: he gets its cases' mail, not zorg-oost's.
    expect(addresses(resolveRecipients(DIRECTORY, { roles: ['contractmanager'], provider: 'jeugdhulp-west' }))).toContain('otto@jeugdhulp-west.example');
  });

  it("sends the provider-side role to that provider's contacts and users only", () => {
    const r = resolveRecipients(DIRECTORY, { roles: ['aanbieder'], provider: 'zorg-oost' });
    expect(addresses(r)).toEqual(['contracten@zorg-oost.example', 'eva@zorg-oost.example']);
    expect(r.recipients.find((x) => x.address === 'contracten@zorg-oost.example')?.via).toBe('provider-contact');
    expect(addresses(resolveRecipients(DIRECTORY, { roles: ['aanbieder'], provider: 'jeugdhulp-west' }))).toEqual(['frank@jeugdhulp-west.example']);
  });

  it('prefers the user a supervisor assigned to the role', () => {
    const r = resolveRecipients(DIRECTORY, { roles: ['contractmanager', 'aanbieder'], provider: 'zorg-oost', assignees: { contractmanager: 'bram' } });
    expect(r.recipients.filter((x) => x.roles.includes('contractmanager'))).toEqual([
      { address: 'bram@regio.example', name: 'Bram Jansen', userId: 'bram', via: 'assignee', roles: ['contractmanager'] },
    ]);
    expect(r.notes).toEqual([]);
  });

  it('falls back to the role when the assignee is unknown or belongs to another provider, and says so', () => {
    const unknown = resolveRecipients(DIRECTORY, { roles: ['contractmanager'], provider: 'zorg-oost', assignees: { contractmanager: 'nobody' } });
    expect(addresses(unknown)).toEqual(['anna@regio.example', 'bram@regio.example']);
    expect(unknown.notes[0]).toContain("'nobody' staat niet in het adresboek");
    const foreign = resolveRecipients(DIRECTORY, { roles: ['aanbieder'], provider: 'zorg-oost', assignees: { aanbieder: 'frank' } });
    expect(addresses(foreign)).toEqual(['contracten@zorg-oost.example', 'eva@zorg-oost.example']);
    expect(foreign.notes[0]).toContain('andere aanbieder');
  });

  it('records a role without recipient as missing, never silently', () => {
    const r = resolveRecipients(DIRECTORY, { roles: ['zbt', 'aanbieder'], provider: 'onbekend-bv' });
    expect(r.recipients).toEqual([]);
    expect(r.missing.map((m) => [m.role, m.reason])).toEqual([
      ['zbt', 'no-match'],
      ['aanbieder', 'no-match'],
    ]);
    expect(r.missing[0]!.explanation).toBe('Geen ontvanger voor rol zbt in het adresboek');
    const noProvider = resolveRecipients(DIRECTORY, { roles: ['aanbieder'] });
    expect(noProvider.missing[0]).toMatchObject({ role: 'aanbieder', reason: 'provider-unknown' });
  });

  it('sends one message per address when a person holds two of the roles', () => {
    const dir = parseDirectory({ users: [{ id: 'kim', name: 'Kim', email: 'kim@regio.example', roles: ['contractmanager', 'contractbeheer'] }] });
    const r = resolveRecipients(dir, { roles: ['contractmanager', 'contractbeheer'], provider: 'x1' });
    expect(r.recipients).toHaveLength(1);
    expect(r.recipients[0]!.roles).toEqual(['contractmanager', 'contractbeheer']);
  });

  it('checks the directory file: the example parses, a provider user needs a provider code', () => {
    const example = parseDirectory(JSON.parse(readFileSync(EXAMPLE_DIRECTORY_FILE, 'utf8')), 'example');
    expect(example.users.length).toBeGreaterThan(5);
    expect(() => parseDirectory({ users: [{ id: 'x1', name: 'X', email: 'x@y.example', roles: ['aanbieder'] }] })).toThrow(/provider/);
    expect(() => parseDirectory({ users: [{ id: 'x1', name: 'X', email: 'geen-adres', roles: ['zbt'] }] })).toThrow(/email/);
  });
});
