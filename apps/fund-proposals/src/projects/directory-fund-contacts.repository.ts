import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection, mongo } from 'mongoose';
import { FundContacts } from './fund-contacts';

interface DirectoryPerson {
  _id: string;
  organisationId: string;
  roles: string[];
  active: boolean;
}

/**
 * Reads the service's copy of the directory (`directory_people`, kept by `directory-view/` from
 * `directory.person.changed` events, keyed by person id). A query by organisation scans the collection on
 * the test database; it runs once per reminder, days apart, never per request.
 */
@Injectable()
export class DirectoryFundContactsRepository extends FundContacts {
  private readonly people: mongo.Collection<DirectoryPerson>;

  constructor(@InjectConnection() connection: Connection) {
    super();
    this.people = connection.collection<DirectoryPerson>('directory_people');
  }

  async of(organisationId: string): Promise<string[]> {
    const people = await this.people
      .find({ organisationId, active: true, roles: 'fund-contact' }, { projection: { _id: 1 }, sort: { _id: 1 } })
      .toArray();
    return people.map((p) => p._id);
  }
}
