// Types of failureConverter.cjs (CommonJS, so the SDK can require() it by path), for TypeScript importers.
import type { FailureConverter } from '@temporalio/common';

export declare const failureConverter: FailureConverter;
