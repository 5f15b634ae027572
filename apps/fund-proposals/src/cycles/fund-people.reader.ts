import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection, mongo } from 'mongoose';

/** A person as the directory read model keeps them (the parts the fund's notices need). */
interface DirectoryPerson {
  _id: string;
  personId?: string;
  organisationId: string;
  roles: string[];
  active?: boolean;
}

/**
 * Who the cycles and the fast-track notify, read from the `directory_people` read model that the
 * directory-view module keeps from `directory.person.changed` events. A small reader of our own rather
 * than that module's repository, so the two parts do not depend on each other's internals.
 */
@Injectable()
export class FundPeopleReader {
  private readonly people: mongo.Collection<DirectoryPerson>;

  constructor(@InjectConnection() connection: Connection) {
    this.people = connection.collection<DirectoryPerson>('directory_people');
  }

  /** The organisation's active people with the `fund-contact` role. */
  fundContactsOf(organisationId: string): Promise<string[]> {
    return this.ids({ organisationId, roles: 'fund-contact' });
  }

  /** Active people with a role anywhere in the directory (fund officers, the head of unit). */
  withRole(role: string): Promise<string[]> {
    return this.ids({ roles: role });
  }

  private async ids(filter: Record<string, unknown>): Promise<string[]> {
    const found = await this.people
      .find({ ...filter, active: { $ne: false } }, { projection: { _id: 1, personId: 1 }, sort: { _id: 1 } })
      .toArray();
    return found.map((p) => p.personId ?? p._id);
  }
}
