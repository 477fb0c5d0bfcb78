// Who may take part (000/001 §3.2 Agenderen en meepraten, Meewerken; §3.3; §3.4).
import { describe, expect, it } from 'vitest';
import { mayParticipate, type Table } from '../../tables/index.ts';

const digitalGeneral: Pick<Table, 'type' | 'scope'> = { type: 'digitaal', scope: 'algemeen' };
const digitalGgz: Pick<Table, 'type' | 'scope' | 'bijzonderDeel'> = { type: 'digitaal', scope: 'segment', bijzonderDeel: 'jeugd-ggz' };
const physicalGeneral: Pick<Table, 'type' | 'scope'> = { type: 'fysiek', scope: 'algemeen' };
const inGgz = { code: 'aanbieder-042', bijzondereDelen: ['jeugd-ggz', 'ambulant'] };
const notInGgz = { code: 'aanbieder-077', bijzondereDelen: ['verblijf'] };

describe('participation', () => {
  it('every contracted provider takes part in general topics and the Algemeen Deel', () => {
    for (const provider of [inGgz, notInGgz, { code: 'aanbieder-100', bijzondereDelen: [] }]) {
      expect(mayParticipate({ table: digitalGeneral, topicScope: 'algemeen', provider })).toMatchObject({ allowed: true, basis: 'algemeen' });
    }
  });

  it('only providers in that Bijzonder Deel take part in its segment topics', () => {
    expect(mayParticipate({ table: digitalGgz, topicScope: 'segment', provider: inGgz })).toMatchObject({ allowed: true, basis: 'bijzonder-deel', reason: 'aanbieder-042 neemt deel aan Bijzonder Deel jeugd-ggz' });
    const out = mayParticipate({ table: digitalGgz, topicScope: 'segment', provider: notInGgz });
    expect(out).toMatchObject({ allowed: false, basis: 'geen' });
    expect(out.reason).toBe('aanbieder-077 neemt niet deel aan Bijzonder Deel jeugd-ggz; wel aanmelden voor werksessies (meewerken) mogelijk');
  });

  it('the commissioning body may widen participation', () => {
    const widened = mayParticipate({ table: digitalGgz, topicScope: 'segment', provider: notInGgz, widenedBy: ['aanbieder-077'] });
    expect(widened).toMatchObject({ allowed: true, basis: 'verruimd-door-opdrachtgever' });
    expect(widened.reason).toContain('deelname verruimd door opdrachtgever');
    expect(mayParticipate({ table: digitalGgz, topicScope: 'segment', provider: notInGgz, widenedBy: ['aanbieder-999'] }).allowed).toBe(false);
  });

  it('a segment topic at a table without a Bijzonder Deel is refused', () => {
    expect(mayParticipate({ table: digitalGeneral, topicScope: 'segment', provider: inGgz }).allowed).toBe(false);
  });

  it('at a physical or board table only its members sit (when the list is given), or whom SOJ admits', () => {
    const members = ['aanbieder-042'];
    expect(mayParticipate({ table: physicalGeneral, topicScope: 'algemeen', provider: inGgz, members })).toMatchObject({ allowed: true, basis: 'lid-van-tafel' });
    const out = mayParticipate({ table: { type: 'bestuurlijk', scope: 'algemeen' }, topicScope: 'algemeen', provider: notInGgz, members });
    expect(out.allowed).toBe(false);
    expect(out.reason).toContain('niet op de deelnemerslijst van de bestuurlijke ontwikkeltafel');
    expect(mayParticipate({ table: physicalGeneral, topicScope: 'algemeen', provider: notInGgz, members, widenedBy: ['aanbieder-077'] }).allowed).toBe(true);
  });

  it('a segment physical table (per Bijzonder Deel) seats the providers of that Bijzonder Deel', () => {
    const table = { type: 'fysiek' as const, scope: 'segment' as const, bijzonderDeel: 'jeugd-ggz' };
    expect(mayParticipate({ table, topicScope: 'segment', provider: inGgz, members: [] }).allowed).toBe(true);
    expect(mayParticipate({ table, topicScope: 'segment', provider: notInGgz, members: ['aanbieder-077'] }).allowed).toBe(false);
  });

  it('whoever has no seat may still register to be invited to work sessions (meewerken)', () => {
    expect(mayParticipate({ table: digitalGgz, topicScope: 'segment', provider: notInGgz }).mayRegisterForWorkSessions).toBe(true);
  });
});
