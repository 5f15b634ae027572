import { Injectable } from '@nestjs/common';
import type { Principal } from '@ctip/auth';
import { TOPICS } from '@ctip/contracts';
import { dutyLadder } from '@ctip/duty-roster';
import { ForbiddenError } from '@ctip/errors';
import { Outbox } from '@ctip/outbox';
import { sameState } from '@ctip/persistence';
import { mayEditRoster } from '../common/access-policy';
import { invalidField, noRosterYet, notFound, unprocessable } from '../common/directory-errors';
import { OrganisationRepository } from '../organisations/organisation.repository';
import { PersonRepository } from '../people/person.repository';
import { rosterPeopleProblems } from './roster-rules';
import type { DutyPerson, OnDutyView, PutRoster, RosterView } from './roster.dto';
import { RosterRepository } from './roster.repository';
import type { RosterRecord, RosterState } from './roster.schema';

/** Duty rosters of field presences, and who is on duty at a given moment. */
@Injectable()
export class RostersService {
  constructor(
    private readonly rosters: RosterRepository,
    private readonly organisations: OrganisationRepository,
    private readonly people: PersonRepository,
    private readonly outbox: Outbox,
  ) {}

  /** Creates or replaces a presence's roster; `created` tells which. An unchanged roster is answered as it is. */
  async put(presenceId: string, input: PutRoster, editor: Principal): Promise<{ roster: RosterView; created: boolean }> {
    const { organisationId, revision, ...fields } = input;
    if (organisationId !== undefined && organisationId !== presenceId) throw invalidField('organisationId', 'must be the id in the path');
    const presence = await this.organisations.findById(presenceId);
    if (!presence) throw notFound('organisation', presenceId);
    if (!mayEditRoster(editor, presence.country)) {
      throw new ForbiddenError('a focal point may change only the rosters of field presences in the countries of their token');
    }
    if (presence.kind !== 'field-presence') {
      throw unprocessable(`${presenceId} is a ${presence.kind}; only field presences have rosters`, [
        { field: 'id', reason: `is a ${presence.kind}, not a field presence` },
      ]);
    }

    const state = rosterState(fields);
    const current = await this.rosters.findById(presenceId);
    if (current && sameState(state, stateOf(current))) return { roster: viewOf(current), created: false };
    if (current) this.rosters.requireRevision(current, revision);
    if (!current && revision !== undefined) throw noRosterYet(presenceId);
    await this.requireEligiblePeople(presenceId, state);

    const roster: RosterView = { organisationId: presenceId, ...state, revision: (current?.revision ?? 0) + 1 };
    const entry = this.outbox.entry(TOPICS.directoryRosterChanged, roster);
    if (current) await this.rosters.replace(current, state, entry);
    else await this.rosters.insert(presenceId, state, entry);
    return { roster, created: !current };
  }

  async find(presenceId: string): Promise<RosterView | undefined> {
    const record = await this.rosters.findById(presenceId);
    return record ? viewOf(record) : undefined;
  }

  async get(presenceId: string): Promise<RosterView> {
    const roster = await this.find(presenceId);
    if (!roster) throw notFound('roster for presence', presenceId);
    return roster;
  }

  /** The duty ladder at a moment (absences and cover applied), as people without contact details. */
  async onDuty(presenceId: string, at: Date): Promise<OnDutyView> {
    const record = await this.rosters.findById(presenceId);
    if (!record) throw notFound('roster for presence', presenceId);
    const ladder = dutyLadder(stateOf(record), at);
    const ids = [ladder.onDuty, ...ladder.backups, ladder.headOfMission].filter((id): id is string => id !== undefined);
    const people = new Map((await this.people.findByIds(ids)).map((p) => [p._id, p]));
    const person = (id: string | undefined): DutyPerson | null => {
      const found = id === undefined ? undefined : people.get(id);
      return found ? { personId: found._id, displayName: found.displayName, languages: found.languages } : null;
    };
    return {
      organisationId: presenceId,
      at: at.toISOString(),
      rosterRevision: record.revision,
      onDuty: person(ladder.onDuty),
      backups: ladder.backups.map(person).filter((p): p is DutyPerson => p !== null),
      headOfMission: person(ladder.headOfMission),
    };
  }

  private async requireEligiblePeople(presenceId: string, state: RosterState): Promise<void> {
    const ids = [
      state.primaryFocalPointId,
      ...state.backupIds,
      state.headOfMissionId,
      ...state.absences.flatMap((a) => [a.personId, a.coveredBy]),
    ];
    const found = await this.people.findByIds(ids.filter((id): id is string => id !== undefined));
    const problems = rosterPeopleProblems(state, presenceId, new Map(found.map((p) => [p._id, p])));
    if (problems.length > 0) throw unprocessable(`the roster names people who cannot be on the roster of ${presenceId}`, problems);
  }
}

/** Stored form: times in UTC, so the same roster sent with another offset is recognised as unchanged. */
function rosterState(fields: Omit<PutRoster, 'organisationId' | 'revision'>): RosterState {
  const absences = fields.absences.map(({ personId, from, to, coveredBy }) => ({
    personId,
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    ...(coveredBy !== undefined ? { coveredBy } : {}),
  }));
  return {
    primaryFocalPointId: fields.primaryFocalPointId,
    backupIds: fields.backupIds,
    headOfMissionId: fields.headOfMissionId,
    absences,
  };
}

function stateOf(record: RosterRecord): RosterState {
  const absences = record.absences.map(({ personId, from, to, coveredBy }) => ({
    personId,
    from,
    to,
    ...(coveredBy ? { coveredBy } : {}),
  }));
  return {
    primaryFocalPointId: record.primaryFocalPointId,
    backupIds: record.backupIds,
    headOfMissionId: record.headOfMissionId,
    absences,
  };
}

function viewOf(record: RosterRecord): RosterView {
  return { organisationId: record._id, ...stateOf(record), revision: record.revision };
}
