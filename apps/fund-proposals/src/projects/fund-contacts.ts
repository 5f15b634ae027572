/**
 * Who is told about an organisation's project: its people with the `fund-contact` role in the
 * directory. An interface of this module so that the read model behind it (part of `directory-view/`)
 * can change without touching the projects.
 */
export abstract class FundContacts {
  /** Person ids of the organisation's active fund contacts, in a stable order; empty if none. */
  abstract of(organisationId: string): Promise<string[]>;
}
