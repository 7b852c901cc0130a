/**
 * The server's own lists and names for the settings editors (pure modules bundled into the
 * admin panel; none may import `@fangtiao/kernel`, whose entries need the server), so a picker
 * offers exactly what the server accepts on save.
 */
export { ROLES } from '../../../../../src/constants';
export { RECIPIENT_ROLES, RECIPIENT_LEVELS } from '../../../server/src/warnings/rules';
export { PARTICIPANT_ROLES } from '../../../server/src/hearings/roles';
