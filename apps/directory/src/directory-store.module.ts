import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { OrganisationRepository } from './organisations/organisation.repository';
import { ORGANISATION_MODEL, organisationSchema } from './organisations/organisation.schema';
import { PersonRepository } from './people/person.repository';
import { PERSON_MODEL, personSchema } from './people/person.schema';
import { RosterRepository } from './rosters/roster.repository';
import { ROSTER_MODEL, rosterSchema } from './rosters/roster.schema';

/**
 * The three aggregates' repositories in one module: people check rosters (someone on a roster cannot
 * leave the presence) and rosters check people, so the feature modules share this one instead of
 * importing each other in a cycle.
 */
@Module({
  imports: [
    MongooseModule.forFeature([
      { name: ORGANISATION_MODEL, schema: organisationSchema },
      { name: PERSON_MODEL, schema: personSchema },
      { name: ROSTER_MODEL, schema: rosterSchema },
    ]),
  ],
  providers: [OrganisationRepository, PersonRepository, RosterRepository],
  exports: [OrganisationRepository, PersonRepository, RosterRepository],
})
export class DirectoryStoreModule {}
