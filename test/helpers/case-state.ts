/**
 * A petition driven to a given state through the real API, as the clerk, mediator and leader
 * would move it — so tests stop re-building cases by hand and every path is the one users take.
 *
 *   const { petition, moves } = await petitionIn(strapi, 'in_mediation', { clerk, mediator });
 *   await moves.mediator('mediation_success', { agreedTerms: '…' });
 */
import type { Core } from '@strapi/strapi';
import { api, petitionInput, type TestUser } from './fixtures';

export type CaseState =
  | 'registered'
  | 'accepted'
  | 'not_accepted'
  | 'in_mediation'
  | 'concluded'
  | 'unit_handling'
  | 'leader_handling'
  | 'review_requested'
  | 'reviewed';

export type CaseActors = {
  clerk: TestUser;
  /** Needed for in_mediation and the mediated conclusion. */
  mediator?: TestUser;
  /** Needed for leader_handling and the review. */
  leader?: TestUser;
  /** The committee's name (default 湖滨镇人民调解委员会, where the demo's mediators sit). */
  committee?: string;
  /** Registration input over `petitionInput`'s defaults (organisation by documentId). */
  organisation: string;
  input?: Record<string, unknown>;
  /** The agreement's terms (no date by default, so that no test depends on today's date). */
  agreedTerms?: string;
  /** concluded by mediation (default) or by the responsible unit. */
  via?: 'mediation' | 'unit';
};

/** The moves from registration to each state: [who, action, input]. */
function path(state: CaseState, a: CaseActors, committee: () => Promise<string>, unit: () => Promise<string>) {
  type Step = [TestUser | undefined, string, () => Promise<Record<string, unknown>>];
  const none = async () => ({});
  const accept: Step = [a.clerk, 'accept', none];
  const divert: Step = [a.clerk, 'divert', async () => ({ committee: await committee(), mediator: a.mediator?.id })];
  const success: Step = [a.mediator, 'mediation_success', async () => ({ agreedTerms: a.agreedTerms ?? '乙方疏通排水沟并赔偿损失' })];
  const toUnit: Step = [a.clerk, 'assign_unit', async () => ({ unit: await unit() })];
  const toLeader: Step = [a.clerk, 'escalate_leader', async () => ({ leader: a.leader?.id })];
  const conclude: Step = [a.clerk, 'conclude', async () => ({ conclusion: '已责成责任单位疏通排水沟' })];
  const concluded = a.via === 'unit' ? [accept, toUnit, conclude] : [accept, divert, success];
  const table: Record<CaseState, Step[]> = {
    registered: [],
    accepted: [accept],
    not_accepted: [[a.clerk, 'not_accept', async () => ({ reason: '不属于本机关职责范围' })]],
    in_mediation: [accept, divert],
    unit_handling: [accept, toUnit],
    leader_handling: [accept, toLeader],
    concluded,
    review_requested: [...concluded, [a.clerk, 'request_review', none]],
    reviewed: [...concluded, [a.clerk, 'request_review', none], [a.leader, 'review_opinion', async () => ({ opinion: '维持原处理意见' })]],
  };
  return table[state];
}

export async function petitionIn(strapi: Core.Strapi, state: CaseState, actors: CaseActors) {
  const as = (u: TestUser) => api(strapi, u);
  const created = await as(actors.clerk).post('/api/petitions', petitionInput(actors.organisation, actors.input ?? {}));
  if (created.status !== 201) throw new Error(`registration refused: ${created.status} ${JSON.stringify(created.body)}`);
  const id: string = created.body.data.documentId;
  const move = async (who: TestUser | undefined, action: string, input: Record<string, unknown> = {}) => {
    if (!who) throw new Error(`petitionIn: '${action}' needs an actor that was not given`);
    const res = await as(who).post(`/api/petitions/${id}/transition`, { action, input });
    if (res.status !== 200) throw new Error(`${action} refused: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.data;
  };
  const committee = async () => {
    const name = actors.committee ?? '湖滨镇人民调解委员会';
    const res = await as(actors.clerk).get(`/api/committees?filters[name][$eq]=${encodeURIComponent(name)}`);
    if (!res.body.data?.[0]) throw new Error(`petitionIn: no committee ${name} in the clerk's scope`);
    return res.body.data[0].documentId as string;
  };
  const unit = async () => actors.organisation;
  let petition = created.body.data;
  for (const [who, action, input] of path(state, actors, committee, unit)) petition = await move(who, action, await input());
  if (petition.state !== state) throw new Error(`petitionIn: reached ${petition.state}, not ${state}`);
  return {
    petition,
    id,
    /** Further moves by role, for the test's own steps. */
    moves: {
      clerk: (action: string, input?: Record<string, unknown>) => move(actors.clerk, action, input),
      mediator: (action: string, input?: Record<string, unknown>) => move(actors.mediator, action, input),
      leader: (action: string, input?: Record<string, unknown>) => move(actors.leader, action, input),
    },
  };
}
