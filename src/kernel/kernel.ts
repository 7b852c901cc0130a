/** Module kernel/: `@fangtiao/kernel` — what the app and the plugin share, by name (kernel.ts with Strapi, pure.ts without, state-machine.ts). Imports: the app's src/ folders it re-exports; the plugin imports only this. */
/**
 * The kernel, `@fangtiao/kernel`: what the app and the plugin share about who is calling,
 * what they may see, and how a refusal is said — the caller and its jurisdiction, scoped
 * user look-ups, the errors and field validation, and personal data's lookup hashes. The
 * plugin imports it by this name, never by a relative path into src/. Reads and writes of
 * case data are scoped, masked and audited below every module (see README "How access works").
 */
export * from './pure';
export { currentCaller, requestCtx, isEndUserRequest, type Caller } from '../jurisdiction/current';
export { userInScope, usersInScope } from '../jurisdiction/users';
export { asSystem } from '../jurisdiction/query-scope';
export { findInScope } from '../jurisdiction/find-in-scope';
export { createInScope } from '../jurisdiction/create-in-scope';
export { caseSql, type CaseSql, type SqlScope } from '../jurisdiction/case-sql';
export { readRows, isoOf, jsonOf } from '../database/direct-read';
export { compactPetitionCounts } from '../database/petition-counts';
export { conflict, forbidden, refuse } from '../errors';
export { parseJsonAttributes, throwIfInvalid, type FieldError } from '../validation';
export { emailHash, hashOf } from '../personal-data/at-rest';
export { idsWithComponentHash } from '../personal-data/lookup';
export { attempt as throttledAttempt } from '../access/login-throttle';
export { lockedMessage, type ThrottleLimits } from '../access/login-throttle-rules';
