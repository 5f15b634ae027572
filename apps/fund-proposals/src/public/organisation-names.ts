import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection, mongo } from 'mongoose';

/**
 * Organisation names for the public list, from the service's copy of the directory
 * (`directory_organisations`, kept from `directory.organisation.changed.v1` by the directory read model).
 * Only this narrow read is used here, so the public list depends on the name and nothing else.
 */
@Injectable()
export class OrganisationNames {
  private readonly organisations: mongo.Collection<{ _id: string; name?: string }>;

  constructor(@InjectConnection() connection: Connection) {
    this.organisations = connection.collection('directory_organisations');
  }

  /** Current names by organisation id; an organisation the read model does not hold is left out. */
  async namesOf(ids: readonly string[]): Promise<Map<string, string>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Map();
    const found = await this.organisations.find({ _id: { $in: unique } }, { projection: { name: 1 } }).toArray();
    return new Map(found.filter((o) => typeof o.name === 'string').map((o) => [o._id, o.name!]));
  }
}
