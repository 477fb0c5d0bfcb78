// Effects run as activities named for what they do (`sendNotificationMail`, `sendReminderMail`, …), so a
// case's history in the Temporal UI says what happened rather than one `performEffect` for everything.
import { patched, proxyActivities } from '@temporalio/workflow';
import type { Activities, EffectInput, EffectResult } from '../activities/index.ts';
import { EFFECT_FAILED_TYPE } from './errors.ts';

// Transient faults (SMTP down, directory unreadable) are retried without end; an effect that can never
// succeed fails once (the activity throws a non-retryable ApplicationFailure, type EFFECT_FAILED_TYPE).
const { sendNotificationMail, sendReminderMail, logEffect, performEffect } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes', nonRetryableErrorTypes: [EFFECT_FAILED_TYPE] },
});

/** The activity for each effect a machine returns or the engine plans; anything else is only logged. */
const ACTIVITY_FOR: Readonly<Record<string, (input: EffectInput) => Promise<EffectResult>>> = {
  notify: sendNotificationMail,
  'deadline.reminder': sendReminderMail,
};

/**
 * Runs one effect. Histories recorded before the named activities scheduled `performEffect` for every
 * effect: on replay they take that path again (the patch marker is absent there), so running cases
 * keep their recorded commands; new steps record the marker and use the named activities.
 */
export function runEffect(input: EffectInput): Promise<EffectResult> {
  if (!patched('named-activities')) return performEffect(input);
  return (Object.hasOwn(ACTIVITY_FOR, input.type) ? ACTIVITY_FOR[input.type]! : logEffect)(input);
}
