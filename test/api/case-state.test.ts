import type { Core } from '@strapi/strapi';
import { startStrapi, stopStrapi } from '../helpers/strapi';
import { makeUser, organisations, type TestUser } from '../helpers/fixtures';
import { petitionIn, type CaseState } from '../helpers/case-state';

/** The fixture that drives a petition to a state does so through the real API, by the roles the flow names. */
let strapi: Core.Strapi;
let orgs: Map<string, string>;
let clerk: TestUser;
let mediator: TestUser;
let leader: TestUser;

beforeAll(async () => {
  strapi = await startStrapi();
  orgs = await organisations(strapi);
  clerk = await makeUser(strapi, 'clerk', '990102', orgs);
  mediator = await makeUser(strapi, 'mediator', '990102002', orgs);
  leader = await makeUser(strapi, 'leader', '990102', orgs);
});
afterAll(stopStrapi);

const STATES: CaseState[] = [
  'registered',
  'accepted',
  'not_accepted',
  'in_mediation',
  'unit_handling',
  'leader_handling',
  'concluded',
  'review_requested',
  'reviewed',
];

it.each(STATES)('a petition reaches %s by the moves users make', async (state) => {
  const { petition } = await petitionIn(strapi, state, { clerk, mediator, leader, organisation: orgs.get('990102002')! });
  expect(petition.state).toBe(state);
});

it('a unit-handled case concludes by the clerk, and the fixture says which actor is missing', async () => {
  const { petition } = await petitionIn(strapi, 'concluded', { clerk, leader, via: 'unit', organisation: orgs.get('990102002')! });
  expect(petition.state).toBe('concluded');
  await expect(petitionIn(strapi, 'in_mediation', { clerk, organisation: orgs.get('990102002')! })).rejects.toThrow(
    /divert refused|needs an actor/,
  );
});
