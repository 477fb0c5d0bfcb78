// Mail: templates, rendering, recipients, outbox, SMTP delivery and the local mail catcher.
export * from './directory.ts';
export * from './mailApi.ts';
export * from './messageId.ts';
export * from './outbox.ts';
export * from './privacy.ts';
export * from './render.ts';
export * from './service.ts';
export * from './smtp.ts';
export * from './catcher.ts';
export * from './templates/index.ts';
