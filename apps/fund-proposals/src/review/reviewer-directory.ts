import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection, mongo } from 'mongoose';

/** What review needs to know of a directory person. */
export interface DirectoryPerson {
  personId: string;
  organisationId: string;
  roles: string[];
  active: boolean;
}

/**
 * The fund's read model of the directory, seen from review: a person by id (their organisation decides a
 * recusal). It reads the `directory_people` collection (`_id` = personId, the shape of the other services'
 * directory views) until the fund's own `directory-view/` module provides `person(id)`; then this class
 * delegates to it.
 */
@Injectable()
export class ReviewerDirectory {
  private readonly people: mongo.Collection<DirectoryPerson & { _id: string }>;

  constructor(@InjectConnection() connection: Connection) {
    this.people = connection.collection('directory_people');
  }

  async person(personId: string): Promise<DirectoryPerson | undefined> {
    const found = await this.people.findOne({ _id: personId });
    if (!found) return undefined;
    return { personId: found._id, organisationId: found.organisationId, roles: found.roles ?? [], active: found.active !== false };
  }
}
