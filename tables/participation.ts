// Who may take part in the dialogue at a table (000/001 §3.2 Agenderen en meepraten, Meewerken; §3.3; §3.4).
import type { Table, TopicScope } from './model.ts';

export interface ProviderProfile {
  code: string;
  /** Codes of the Bijzondere Delen Overeenkomst the provider is contracted for. */
  bijzondereDelen: readonly string[];
}

export interface ParticipationInput {
  table: Pick<Table, 'type' | 'scope' | 'bijzonderDeel'>;
  topicScope: TopicScope;
  /** A contracted provider. */
  provider: ProviderProfile;
  /** Providers the commissioning body admitted beyond the rule ("SOJ ZHZ kan hiervan afwijken"). */
  widenedBy?: readonly string[];
  /**
   * Members of a physical or board table (from `computeMembership`, invitations included). Without it
   * only the topic rule is applied.
   */
  members?: readonly string[];
}

export type ParticipationBasis = 'algemeen' | 'bijzonder-deel' | 'lid-van-tafel' | 'verruimd-door-opdrachtgever' | 'geen';

export interface ParticipationDecision {
  allowed: boolean;
  basis: ParticipationBasis;
  /** Dutch. */
  reason: string;
  /** Every contracted provider may register to be invited to work sessions (meewerken), also without a seat. */
  mayRegisterForWorkSessions: true;
  rule: string;
}

const RULE_DIGITAL = '000/001 §3.2 Agenderen en meepraten';
const RULE_PHYSICAL = '000/001 §3.3 (deelnemers fysieke ontwikkeltafel), §3.4 (bestuurlijke ontwikkeltafel)';

/**
 * May this provider take part in the dialogue on a topic at this table?
 * - general topics and the Algemeen Deel: every contracted provider;
 * - segment-specific topics: only the providers in that Bijzonder Deel;
 * - physical and board tables (general): their members (the yearly list plus invitations);
 * - the commissioning body may widen any of these (`widenedBy`).
 * Whoever has no seat can still register to be invited to work sessions ("meewerken").
 */
export function mayParticipate(input: ParticipationInput): ParticipationDecision {
  const { table, topicScope, provider } = input;
  const widened = input.widenedBy?.includes(provider.code) ?? false;
  const base = { mayRegisterForWorkSessions: true as const };
  const allow = (basis: ParticipationBasis, reason: string, rule: string): ParticipationDecision => ({ allowed: true, basis, reason, rule, ...base });
  const refuse = (reason: string, rule: string): ParticipationDecision =>
    widened
      ? allow('verruimd-door-opdrachtgever', `${reason}; deelname verruimd door opdrachtgever`, rule)
      : { allowed: false, basis: 'geen', reason: `${reason}; wel aanmelden voor werksessies (meewerken) mogelijk`, rule, ...base };

  if (topicScope === 'segment') {
    const deel = table.bijzonderDeel;
    if (deel === undefined) return refuse('segment-specifiek onderwerp aan een tafel zonder Bijzonder Deel', RULE_DIGITAL);
    if (!provider.bijzondereDelen.includes(deel)) return refuse(`${provider.code} neemt niet deel aan Bijzonder Deel ${deel}`, RULE_DIGITAL);
    return allow('bijzonder-deel', `${provider.code} neemt deel aan Bijzonder Deel ${deel}`, RULE_DIGITAL);
  }
  if (table.type !== 'digitaal' && table.scope === 'algemeen' && input.members !== undefined) {
    if (!input.members.includes(provider.code)) return refuse(`${provider.code} staat niet op de deelnemerslijst van de ${table.type}e ontwikkeltafel`, RULE_PHYSICAL);
    return allow('lid-van-tafel', `${provider.code} staat op de deelnemerslijst van de ${table.type}e ontwikkeltafel`, RULE_PHYSICAL);
  }
  return allow('algemeen', 'algemeen onderwerp of Algemeen Deel: elke gecontracteerde aanbieder', RULE_DIGITAL);
}
