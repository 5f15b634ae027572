import { Controller, Get, HttpCode, HttpStatus, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@ctip/auth';
import { ZodBody, ZodOperation, ZodParam, ZodQuery } from '@ctip/http';
import { DIRECTORY_EDITORS, DIRECTORY_READERS } from '../common/access-policy';
import type { Page } from '@ctip/persistence';
import { directoryIdSchema } from '../common/directory-fields';
import {
  createPersonSchema,
  personListQuerySchema,
  personPageSchema,
  personViewSchema,
  updatePersonSchema,
  verificationSchema,
  type CreatePerson,
  type PersonListQuery,
  type PersonView,
  type UpdatePerson,
  type Verification,
} from './person.dto';
import { PeopleService } from './people.service';

const ADDRESSES_NOTE = 'Contact point addresses are returned to admins and coordinators only; other readers get them left out.';

@ApiTags('people')
@ApiBearerAuth()
@Controller('people')
export class PeopleController {
  constructor(private readonly people: PeopleService) {}

  @Post()
  @Roles(...DIRECTORY_EDITORS)
  @ZodOperation({
    summary: 'Create a person',
    description:
      'A staff member of an existing organisation. Contact points are stored unverified. Publishes `directory.person.changed.v1` at revision 1.',
    responses: {
      201: {
        schema: personViewSchema,
        links: {
          read: { operationId: 'PeopleController_get', parameters: { id: '$response.body#/personId' } },
          replace: { operationId: 'PeopleController_update', parameters: { id: '$response.body#/personId' } },
        },
      },
    },
    errors: [403, 409, 422],
  })
  create(@ZodBody(createPersonSchema) body: CreatePerson): Promise<PersonView> {
    return this.people.create(body);
  }

  @Put(':id')
  @Roles(...DIRECTORY_EDITORS)
  @ZodOperation({
    summary: 'Replace a person',
    description:
      'Send the whole person and the `revision` you read. A contact point keeps its verification while its channel and address stay the same. An unchanged body answers 200 without a new revision or event; a stale revision answers 409; moving or deactivating someone named on a duty roster answers 422.',
    responses: { 200: personViewSchema },
    errors: [403, 404, 409, 422],
  })
  update(@ZodParam('id', directoryIdSchema) id: string, @ZodBody(updatePersonSchema) body: UpdatePerson): Promise<PersonView> {
    return this.people.update(id, body);
  }

  @Post(':id/contact-points/:contactPointId/verification')
  @HttpCode(HttpStatus.OK)
  @Roles(...DIRECTORY_EDITORS)
  @ZodOperation({
    summary: 'Mark a contact point verified',
    description:
      'An admin or coordinator confirms that the person was reached at this address (for example by a call or a reply). A code-based self-service verification flow is out of scope. Publishes `directory.person.changed.v1` unless the point is verified already.',
    responses: { 200: personViewSchema },
    errors: [403, 404, 409],
  })
  verify(
    @ZodParam('id', directoryIdSchema) id: string,
    @ZodParam('contactPointId', directoryIdSchema) contactPointId: string,
    @ZodBody(verificationSchema, { required: false }) body: Verification,
  ): Promise<PersonView> {
    return this.people.verifyContactPoint(id, contactPointId, body);
  }

  @Get(':id')
  @Roles(...DIRECTORY_READERS)
  @ZodOperation({ summary: 'Read a person', description: ADDRESSES_NOTE, responses: { 200: personViewSchema }, errors: [403, 404] })
  get(@ZodParam('id', directoryIdSchema) id: string, @CurrentPrincipal() principal: Principal): Promise<PersonView> {
    return this.people.read(id, principal);
  }

  @Get()
  @Roles(...DIRECTORY_READERS)
  @ZodOperation({
    summary: 'List people',
    description: `Ordered by id; follow \`nextCursor\` until it is null. ${ADDRESSES_NOTE}`,
    responses: { 200: personPageSchema },
    errors: [403],
  })
  list(@ZodQuery(personListQuerySchema) query: PersonListQuery, @CurrentPrincipal() principal: Principal): Promise<Page<PersonView>> {
    return this.people.list(query, principal);
  }
}
