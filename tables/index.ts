// Development tables: schedule, participation, membership from billing data, signals. Pure, no Temporal.
export * from './model.ts';
export * from './schedule.ts';
export * from './participation.ts';
export * from './billing.ts';
export * from './membership.ts';
export * from './signals.ts';
