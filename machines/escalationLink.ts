// A signal for the escalation ladder (003 "Escalatieladder") raised inside another procedure: the case records
// it and carries the start data of an escalation-ladder case, so a person can start one prefilled. Starting the
// ladder stays a person's act (the machine is pure and starts nothing); the person records the new case's
// number back with `escalation.linked`. Pure: only zod and ./schemas.ts.
import { z } from 'zod';
import { isoDate, shortText } from './schemas.ts';
import { freezeLaw } from './immutable.ts';

/** The escalation ladder's signal categories ("kwaliteit, continuïteit, rechtmatigheid of tijdigheid"). */
export type EscalationSignalCategory = 'kwaliteit' | 'continuiteit' | 'rechtmatigheid' | 'tijdigheid';

/** What a case offers: the procedure to start, the case it comes from and the start data to prefill. */
export interface SuggestedEscalation {
  procedure: 'escalation-ladder';
  /** The case the signal comes from (its number, never personal data). */
  fromCase: string;
  /** Dutch: why the ladder is suggested. */
  reason: string;
  /** Start data of the escalation-ladder case (its `startSchema`). */
  data: { provider: string; signal: { category: EscalationSignalCategory; description: string; receivedOn: string } };
  suggestedAt: string;
}

export function suggestEscalation(o: {
  caseId: string;
  provider: string;
  category: EscalationSignalCategory;
  reason: string;
  description: string;
  at: string;
}): SuggestedEscalation {
  return {
    procedure: 'escalation-ladder',
    fromCase: o.caseId,
    reason: o.reason,
    data: {
      provider: o.provider,
      signal: { category: o.category, description: `Signaal uit zaak ${o.caseId}: ${o.description}`.slice(0, 4000), receivedOn: o.at.slice(0, 10) },
    },
    suggestedAt: o.at,
  };
}

/** A case number as the engine issues them (never personal data). */
const caseNumber = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{2,63}$/, 'verwacht een zaaknummer (letters, cijfers, . _ -)')
  .describe('Zaaknummer van de gestarte escalatieladder');

/** The escalation-ladder case a person started from the suggestion, recorded back in this case. */
export const escalationLinkedSchema = freezeLaw(z
  .object({
    escalationCase: caseNumber,
    startedOn: isoDate('Datum waarop de escalatieladder is gestart'),
    note: shortText('Toelichting (optioneel)').optional().describe('Toelichting (optioneel)'),
  })
  .strict());

/** The contract manager decides not to start the ladder, with the reason (restraint: "terughoudendheid"). */
export const escalationWaivedSchema = freezeLaw(z
  .object({
    reason: shortText('Waarom geen escalatieladder wordt gestart', { min: 10 }),
  })
  .strict());
