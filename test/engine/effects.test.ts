// Effects that can never succeed fail once, loudly; transient faults are left to Temporal's retries.
import { ApplicationFailure } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { effectFailure } from '../../activities/index.ts';
import { PlanError } from '../../activities/mailPlan.ts';
import { EFFECT_FAILED_TYPE } from '../../workflows/errors.ts';

describe('an effect that can never succeed fails once', () => {
  it('invalid input (a plan the mail side cannot make, a schema refusal, a date the calendar cannot show) is a non-retryable failure', () => {
    const zodError = z.object({ a: z.string() }).safeParse({}).error!;
    for (const err of [new PlanError('onbekende brief'), zodError, new RangeError('Invalid date "2026-02-31"'), new TypeError("Cannot read properties of undefined (reading 'due')")]) {
      const failure = effectFailure(err);
      expect(failure).toBeInstanceOf(ApplicationFailure);
      expect(failure).toMatchObject({ type: EFFECT_FAILED_TYPE, nonRetryable: true });
      expect((failure as ApplicationFailure).message).toContain(err.message.slice(0, 20));
    }
  });

  it('transient faults (connection refused, a retryable failure the activity chose) are left to the retries', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1025'), { code: 'ECONNREFUSED' });
    expect(effectFailure(refused)).toBe(refused);
    const retryable = ApplicationFailure.retryable('SMTP temporary failure', 'SmtpTemporaryError');
    expect(effectFailure(retryable)).toBe(retryable);
  });
});
