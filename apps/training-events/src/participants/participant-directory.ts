import { Injectable } from '@nestjs/common';
import { TrainingDirectoryRepository } from '../directory-view/training-directory.repository';
import type { TrainingAudience } from '../events/training-event.schema';
import { ExternalParticipantRepository } from './external-participant.repository';
import type { ParticipantSnapshot } from './registration.schema';

/** Who a participant is, for a certificate, a reminder or a statistic. `displayName` is absent once erased. */
export interface ParticipantProfile {
  participantId: string;
  external: boolean;
  displayName?: string;
  language: string;
  timeZone: string;
  organisationId?: string;
  /** The organisation's name (the directory's, or as the external participant gave it). */
  organisationName?: string;
  country?: string;
  audiences: TrainingAudience[];
}

export const isExternalId = (participantId: string): boolean => participantId.startsWith('ext-');

/** Whom a participant id names: a directory person (read model) or an external participant (own record). */
@Injectable()
export class ParticipantDirectory {
  constructor(
    private readonly directory: TrainingDirectoryRepository,
    private readonly externals: ExternalParticipantRepository,
  ) {}

  async profile(participantId: string): Promise<ParticipantProfile | undefined> {
    if (isExternalId(participantId)) {
      const ext = await this.externals.findById(participantId);
      if (!ext) return undefined;
      return {
        participantId,
        external: true,
        ...(ext.displayName ? { displayName: ext.displayName } : {}),
        language: ext.language,
        timeZone: ext.timeZone,
        ...(ext.organisationId ? { organisationId: ext.organisationId } : {}),
        organisationName: ext.organisation,
        ...(ext.country ? { country: ext.country } : {}),
        audiences: ext.audiences,
      };
    }
    const person = await this.directory.findPerson(participantId);
    if (!person) return undefined;
    const organisation = await this.directory.findOrganisation(person.organisationId);
    return {
      participantId,
      external: false,
      displayName: person.displayName,
      language: person.languages[0],
      timeZone: person.timeZone,
      organisationId: person.organisationId,
      ...(organisation ? { organisationName: organisation.name } : {}),
      ...(organisation?.country ? { country: organisation.country } : {}),
      audiences: person.audiences,
    };
  }

  /** The snapshot a registration keeps (no name, no contact detail). */
  static snapshot(profile: ParticipantProfile): ParticipantSnapshot {
    return {
      language: profile.language,
      timeZone: profile.timeZone,
      ...(profile.organisationId ? { organisationId: profile.organisationId } : {}),
      ...(profile.country ? { country: profile.country } : {}),
      audiences: profile.audiences,
    };
  }
}
