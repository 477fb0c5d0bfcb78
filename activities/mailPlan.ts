// What one effect's mail is: the template, the deadline and facts it shows, the key of its Message-IDs
// and how the dossier names it. Pure: reads only the effect's params and the case facts.
import type { Role } from '../machines/types.ts';
import { notifySubjectKey, reminderSubjectKey } from '../mail/messageId.ts';
import { renderParagraphs, type MailDeadline, type MailFacts } from '../mail/render.ts';
import {
  FALLBACK_TEMPLATE,
  LETTERS,
  LETTER_SENT_APPROVED,
  LETTER_SENT_AUTOMATICALLY,
  LETTER_TEMPLATE_PREFIX,
  REMINDER_TEMPLATES,
  VETO_REQUEST_TEMPLATE,
  findProcedureTemplate,
  vetoRequestTemplate,
  type MailTemplate,
} from '../mail/templates/index.ts';
import { notifyParamsSchema, reminderParamsSchema, type EffectCase, type EffectInput, type MailRecordDetails } from './effectInput.ts';

/** What one effect's mail is: template, facts, and how to name it in the dossier. */
export interface MailPlan {
  template: MailTemplate;
  templateName: string;
  subjectKey: string;
  roles: Role[];
  labelCore: string;
  deadline?: MailDeadline;
  deadlineRef?: MailRecordDetails['deadline'];
  vars: Record<string, string>;
  quote?: MailFacts['quote'];
  notes: string[];
}

/** The effect asks for something the mail side cannot make (unknown letter, invalid params). */
export class PlanError extends Error {}

export const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

function openDeadlines(facts: EffectCase | undefined) {
  return (facts?.deadlines ?? []).filter((d) => d.status !== 'expired');
}

function toMailDeadline(d: { label: string; due: string; explanation: string; rule: string; waitingOn: readonly Role[] }): MailDeadline {
  return { label: d.label, due: d.due, explanation: d.explanation, rule: d.rule, waitingOn: d.waitingOn };
}

export function planReminder(input: EffectInput, facts: EffectCase | undefined): MailPlan {
  const parsed = reminderParamsSchema.safeParse(input.params);
  if (!parsed.success) throw new PlanError(`ongeldige herinnering: ${parsed.error.issues[0]?.message ?? 'onbekend'}`);
  const p = parsed.data;
  const kind = p.resent ? 'resent' : p.offset < 0 ? 'expired' : p.offset === 0 ? 'today' : 'before';
  const known = (facts?.deadlines ?? []).find((d) => d.name === p.deadline && d.due === p.due);
  // The expiry notice also goes to the contract manager; who had to act are the others.
  const actors = p.offset < 0 ? p.to.filter((r) => r !== 'contractmanager') : p.to;
  const waitingOn = known?.waitingOn ?? (actors.length > 0 ? actors : p.to);
  const labelCore = {
    before: `herinnering "${p.label}" (nog ${plural(p.offset, 'werkdag', 'werkdagen')})`,
    today: `herinnering "${p.label}" (verloopt vandaag)`,
    expired: `bericht termijn verstreken "${p.label}"`,
    resent: `herinnering "${p.label}" (opnieuw verstuurd)`,
  }[kind];
  return {
    template: REMINDER_TEMPLATES[kind],
    templateName: `deadline.reminder:${kind}`,
    subjectKey: reminderSubjectKey(p, input.seq),
    roles: p.to,
    labelCore,
    deadline: toMailDeadline({ ...p, waitingOn }),
    deadlineRef: { name: p.deadline, due: p.due, offset: p.offset },
    vars: p.offset > 0 ? { resterend: plural(p.offset, 'werkdag', 'werkdagen') } : {},
    notes: [],
  };
}

function letterFacts(name: string | undefined, data: unknown) {
  const letter = name && Object.hasOwn(LETTERS, name) ? LETTERS[name] : undefined;
  if (!name || !letter) throw new PlanError(`onbekende brief '${name ?? ''}'`);
  const parsed = letter.data.safeParse(data ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new PlanError(`gegevens van brief '${name}' ongeldig bij '${issue?.path.join('.') ?? ''}': ${issue?.message ?? 'onbekend'}`);
  }
  let vars: Record<string, string>;
  try {
    vars = letter.vars(parsed.data);
  } catch (err) {
    // e.g. a date the calendar cannot show: no retry makes this letter, so it fails once and is recorded.
    throw new PlanError(`gegevens van brief '${name}' niet te tonen: ${(err as Error).message}`);
  }
  return { letter, vars: { ...vars, brief: letter.title } };
}

export function planNotify(input: EffectInput, facts: EffectCase | undefined, baseFacts: Omit<MailFacts, 'recipientRoles'>): MailPlan {
  const parsed = notifyParamsSchema.safeParse(input.params);
  if (!parsed.success) throw new PlanError(`ongeldige notify-parameters: ${parsed.error.issues[0]?.message ?? 'onbekend'}`);
  const p = parsed.data;
  const open = openDeadlines(facts);
  const named = p.deadline ? open.find((d) => d.name === p.deadline) : undefined;
  const relevant = named ?? open.find((d) => d.waitingOn.some((r) => p.to.includes(r))) ?? open[0];
  const base = {
    templateName: p.template,
    subjectKey: notifySubjectKey(input.seq, p.template),
    roles: p.to,
    notes: [] as string[],
  };

  if (p.template.startsWith(LETTER_TEMPLATE_PREFIX)) {
    const { letter, vars } = letterFacts(p.template.slice(LETTER_TEMPLATE_PREFIX.length), p.data);
    const notes = [`Grondslag: ${letter.rule}.`];
    if (p.automatic === true) notes.unshift(LETTER_SENT_AUTOMATICALLY);
    if (p.automatic === false) notes.unshift(LETTER_SENT_APPROVED);
    return { ...base, template: letter.letter, labelCore: `brief "${letter.title}"`, vars, notes };
  }
  if (p.template === VETO_REQUEST_TEMPLATE) {
    const { letter, vars } = letterFacts(p.letter, p.data);
    const window = open.find((d) => d.name === (p.deadline ?? 'vetoWindow')) ?? relevant;
    const quoteFacts: MailFacts = { ...baseFacts, recipientRoles: ['aanbieder'], vars };
    return {
      ...base,
      template: vetoRequestTemplate,
      labelCore: `verzoek om akkoord op brief "${letter.title}"`,
      vars,
      ...(window ? { deadline: toMailDeadline(window) } : {}),
      quote: { title: `Concept: ${letter.title}`, paragraphs: renderParagraphs(letter.letter, quoteFacts) },
    };
  }
  const template = findProcedureTemplate(input.procedureId, p.template);
  return {
    ...base,
    template: template ?? FALLBACK_TEMPLATE,
    labelCore: '',
    vars: {},
    ...(relevant ? { deadline: toMailDeadline(relevant) } : {}),
  };
}

