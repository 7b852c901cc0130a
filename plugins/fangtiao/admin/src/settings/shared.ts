/**
 * The server's own lists and names for the settings editors (pure modules bundled into the
 * admin panel; only `@fangtiao/kernel/pure`, never the full kernel, which needs the server), so a picker
 * offers exactly what the server accepts on save.
 */
export { ROLES } from '@fangtiao/kernel/pure';
export { RECIPIENT_ROLES, RECIPIENT_LEVELS } from '../../../server/src/warnings/rules';
export { PARTICIPANT_ROLES } from '../../../server/src/hearings/roles';
