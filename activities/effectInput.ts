// What the workflow hands to an effect's activity (`sendNotificationMail`, `sendReminderMail`, `logEffect`), and what comes back for the dossier.
import { isoDate } from '../machines/schemas.ts';
import { z } from 'zod';
import { ROLES, type Role } from '../machines/types.ts';

export interface EffectDeadline {
  name: string;
  label: string;
  due: string;
  dueAt: string;
  explanation: string;
  rule: string;
  waitingOn: readonly Role[];
  status?: 'open' | 'expired';
}

/**
 * Case facts a mail may show, passed by the workflow with every effect. None of them is personal
 * data. Optional for now: without it the activity reads the provider code from the workflow's search
 * attributes, and cannot honour reassignments or show the state and deadlines.
 */
export interface EffectCase {
  provider: string;
  optOut?: boolean;
  /** Dutch label of the current state. */
  stateLabel?: string;
  /** Who handles the case per role (supervisor reassignment). */
  assignees?: Partial<Record<Role, string>>;
  /** The case's deadlines after the step that produced the effect. */
  deadlines?: readonly EffectDeadline[];
}

export interface EffectInput {
  caseId: string;
  procedureId: string;
  seq: number;
  type: string;
  params: unknown;
  case?: EffectCase;
}

export type MessageStatus = 'sent' | 'failed' | 'blocked';

export interface MessageRecord {
  messageId: string;
  /** Recipient address (staff or provider contact; never a youth). */
  to: string;
  roles: Role[];
  via: 'assignee' | 'user' | 'provider-contact';
  userId?: string;
  status: MessageStatus;
  /** When the server accepted (or refused) it. */
  at: string;
  /** The SMTP reply, or why the mail was not offered. */
  response: string;
  responseCode?: number;
  /** Sent by an earlier attempt (retry, worker crash): found in the outbox, not sent again. */
  fromOutbox?: true;  /** Sent again after a worker crashed mid-send, with the same Message-ID: the receiver may see it twice. */
  possibleDuplicate?: true;
}

export interface MailRecordDetails {
  /** sent: every recipient got it; partial: some roles without recipient; failed: refused or blocked; no-recipient: nobody. */
  status: 'sent' | 'partial' | 'failed' | 'no-recipient';
  effect: string;
  template: string;
  subject: string;
  deadline?: { name: string; due: string; offset: number };
  messages: MessageRecord[];
  missing: { role: Role; reason: string; explanation: string }[];
  notes?: string[];
}

export interface EffectResult {
  /** What to record in the dossier (e.g. a sent message: id, recipients, SMTP response). */
  record?: { label: string; details: unknown };
}

const roles = z.array(z.enum(ROLES));

/** `deadline.reminder` params (engine's ReminderParams). Unknown fields are dropped, never shown. */
export const reminderParamsSchema = z.object({
  deadline: z.string().min(1),
  label: z.string().min(1),
  offset: z.number().int().min(-1),
  due: isoDate(),
  dueAt: z.string(),
  explanation: z.string(),
  rule: z.string(),
  to: roles,
  key: z.string().min(1),
  /** Set by the engine for a supervisor's `reminder.resent` (a new message, not a repeat). */
  resent: z.boolean().optional(),
});
export type ReminderEffectParams = z.infer<typeof reminderParamsSchema>;

/** `notify` params. Unknown fields are dropped, never shown. */
export const notifyParamsSchema = z.object({
  template: z.string().min(1),
  to: roles,
  anonymised: z.boolean().optional(),
  /** `letter.vetoRequested`: the letter awaiting approval. */
  letter: z.string().optional(),
  /** A letter's facts, checked against that letter's schema. */
  data: z.unknown().optional(),
  /** `letter:<name>`: sent because the veto window ended (true) or approved (false). */
  automatic: z.boolean().optional(),
  /** The deadline the mail is about (default: the open deadline of the addressed roles). */
  deadline: z.string().optional(),
});
export type NotifyEffectParams = z.infer<typeof notifyParamsSchema>;
