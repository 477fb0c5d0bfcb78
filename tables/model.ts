// Development tables (ontwikkeltafels), signals and table requests: types and zod schemas.
// Seed: 000/001 Bijlage collectief contractmanagement SOJ ZHZ, §3.1–§3.4. Pure: no I/O, no Temporal.
import { z } from 'zod';
import { codeSchema, TABLE_TYPES, TOPIC_SCOPES } from '../machines/proposalLifecycleMachine.ts';
import { freeText, isoDate, MAX_TEXT } from '../machines/schemas.ts';
import { ROLES } from '../machines/types.ts';

export { codeSchema, isCode, TABLE_TYPES, TOPIC_SCOPES, type TableType, type TopicScope } from '../machines/proposalLifecycleMachine.ts';

const idSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{1,63}$/, 'verwacht een nummer van letters, cijfers en . _ -');

export const QUARTERS = [1, 2, 3, 4] as const;
export type Quarter = (typeof QUARTERS)[number];

/** The calendar quarter of an ISO date. */
export function quarterOf(date: string): Quarter {
  return (Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1) as Quarter;
}

export const tableSchema = z
  .strictObject({
    id: idSchema.describe('Nummer van de tafel, bijv. FT-2026-Q2'),
    type: z.enum(TABLE_TYPES).describe('Digitale, fysieke of bestuurlijke ontwikkeltafel'),
    scope: z.enum(TOPIC_SCOPES).describe('Algemeen of segment-specifiek (per Bijzonder Deel Overeenkomst)'),
    bijzonderDeel: codeSchema.optional().describe('Code van het Bijzonder Deel; verplicht bij een segment-tafel'),
    quarter: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]).optional().describe('Kwartaal in de basisplanning (fysieke tafel); standaard het kwartaal van de datum'),
    date: isoDate('Datum van de tafel'),
  })
  .refine((t) => (t.scope === 'segment') === (t.bijzonderDeel !== undefined), {
    message: 'een segment-tafel noemt haar Bijzonder Deel, een algemene tafel niet',
    path: ['bijzonderDeel'],
  })
  .refine((t) => t.quarter === undefined || t.type === 'fysiek', { message: 'alleen een fysieke tafel heeft een kwartaal in de basisplanning', path: ['quarter'] });
export type Table = z.infer<typeof tableSchema>;

// ---------------------------------------------------------------------------------------------
// Signals (§3.2 stap 3)

export const SIGNAL_KINDS = ['positief', 'neutraal', 'negatief'] as const;
export type SignalKind = (typeof SIGNAL_KINDS)[number];
/** What a signal is about: "ontwikkelingen in de bedrijfsvoering, in wijken, in buurten, bij specifieke jeugdigen en ouder(s), et cetera". */
export const SIGNAL_SUBJECTS = ['bedrijfsvoering', 'wijk', 'buurt', 'jeugdige-en-ouders', 'overig'] as const;
export type SignalSubject = (typeof SIGNAL_SUBJECTS)[number];

const submitterSchema = z
  .strictObject({
    role: z.enum(ROLES).describe('Rol van de indiener'),
    code: codeSchema.describe('Code van de organisatie van de indiener (nooit een persoon)'),
  })
  .describe('Wie het signaal afgaf');

export const signalSchema = z
  .strictObject({
    id: idSchema.describe('Nummer van het signaal'),
    kind: z.enum(SIGNAL_KINDS).describe('Positief, neutraal of negatief'),
    about: z.enum(SIGNAL_SUBJECTS).describe('Waarover het signaal gaat'),
    scope: z.enum(TOPIC_SCOPES).describe('Algemeen of segment-specifiek'),
    bijzonderDeel: codeSchema.optional().describe('Code van het Bijzonder Deel bij een segment-specifiek signaal'),
    submittedBy: submitterSchema,
    summary: freeText('Samenvatting (geen persoonsgegevens van jeugdigen of ouders)', { min: 10, max: MAX_TEXT }),
  })
  .refine((s) => (s.scope === 'segment') === (s.bijzonderDeel !== undefined), {
    message: 'een segment-specifiek signaal noemt het Bijzonder Deel, een algemeen signaal niet',
    path: ['bijzonderDeel'],
  });
export type Signal = z.infer<typeof signalSchema>;

// ---------------------------------------------------------------------------------------------
// A provider's request for a table on a topic (§3.2 stap 2a); the topic may be a signal.

export const tableRequestSchema = z
  .strictObject({
    provider: codeSchema.describe('Code van de aanvragende aanbieder'),
    topic: z
      .discriminatedUnion('kind', [
        z.strictObject({
          kind: z.literal('onderwerp').describe('Een onderwerp'),
          description: freeText('Omschrijving van het onderwerp', { min: 10, max: 2000 }),
        }),
        z.strictObject({
          kind: z.literal('signaal').describe('Een eerder afgegeven signaal'),
          signalId: idSchema.describe('Nummer van het signaal'),
        }),
      ])
      .describe('Waarover de aanbieder wil praten'),
    scope: z.enum(TOPIC_SCOPES).describe('Algemeen of segment-specifiek'),
    bijzonderDeel: codeSchema.optional().describe('Code van het Bijzonder Deel bij een segment-specifiek onderwerp'),
    preferredType: z.enum(['digitaal', 'fysiek']).optional().describe('Gewenste soort tafel'),
    proposal: freeText('Het voorstel om over het onderwerp te praten', { min: 10, max: MAX_TEXT }),
  })
  .refine((r) => (r.scope === 'segment') === (r.bijzonderDeel !== undefined), {
    message: 'een segment-specifiek verzoek noemt het Bijzonder Deel, een algemeen verzoek niet',
    path: ['bijzonderDeel'],
  });
export type TableRequest = z.infer<typeof tableRequestSchema>;
