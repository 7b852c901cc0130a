import { dropTemplate } from './db-template';

/** Removes the template database the global setup built. */
export default async function globalTeardown() {
  await dropTemplate();
}
