import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@ctip/auth';
import { ZodValidationPipe } from '@ctip/http';
import type { Page } from '@ctip/persistence';
import { DIRECTORY_EDITORS, DIRECTORY_READERS } from '../common/access-policy';
import { ApiProblems, schemaOf } from '../common/api-docs';
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
  @ApiOperation({
    summary: 'Create a person',
    description:
      'A staff member of an existing organisation. Contact points are stored unverified. Publishes `directory.person.changed.v1` at revision 1.',
  })
  @ApiBody({ schema: schemaOf(createPersonSchema) })
  @ApiCreatedResponse({ schema: schemaOf(personViewSchema) })
  @ApiProblems(400, 409, 422)
  create(@Body(new ZodValidationPipe(createPersonSchema)) body: CreatePerson): Promise<PersonView> {
    return this.people.create(body);
  }

  @Put(':id')
  @Roles(...DIRECTORY_EDITORS)
  @ApiOperation({
    summary: 'Replace a person',
    description:
      'Send the whole person and the `revision` you read. A contact point keeps its verification while its channel and address stay the same. An unchanged body answers 200 without a new revision or event; a stale revision answers 409; moving or deactivating someone named on a duty roster answers 422.',
  })
  @ApiBody({ schema: schemaOf(updatePersonSchema) })
  @ApiOkResponse({ schema: schemaOf(personViewSchema) })
  @ApiProblems(400, 404, 409, 422)
  update(@Param('id') id: string, @Body(new ZodValidationPipe(updatePersonSchema)) body: UpdatePerson): Promise<PersonView> {
    return this.people.update(id, body);
  }

  @Post(':id/contact-points/:contactPointId/verification')
  @HttpCode(HttpStatus.OK)
  @Roles(...DIRECTORY_EDITORS)
  @ApiOperation({
    summary: 'Mark a contact point verified',
    description:
      'An admin or coordinator confirms that the person was reached at this address (for example by a call or a reply). A code-based self-service verification flow is out of scope. Publishes `directory.person.changed.v1` unless the point is verified already.',
  })
  @ApiBody({ required: false, schema: schemaOf(verificationSchema) })
  @ApiOkResponse({ schema: schemaOf(personViewSchema) })
  @ApiProblems(400, 404, 409)
  verify(
    @Param('id') id: string,
    @Param('contactPointId') contactPointId: string,
    @Body(new ZodValidationPipe(verificationSchema)) body: Verification,
  ): Promise<PersonView> {
    return this.people.verifyContactPoint(id, contactPointId, body);
  }

  @Get(':id')
  @Roles(...DIRECTORY_READERS)
  @ApiOperation({ summary: 'Read a person', description: ADDRESSES_NOTE })
  @ApiOkResponse({ schema: schemaOf(personViewSchema) })
  @ApiProblems(404)
  get(@Param('id') id: string, @CurrentPrincipal() principal: Principal): Promise<PersonView> {
    return this.people.read(id, principal);
  }

  @Get()
  @Roles(...DIRECTORY_READERS)
  @ApiOperation({ summary: 'List people', description: `Ordered by id; follow \`nextCursor\` until it is null. ${ADDRESSES_NOTE}` })
  @ApiQuery({ name: 'organisationId', required: false })
  @ApiQuery({ name: 'role', required: false, description: 'e.g. focal-point' })
  @ApiQuery({ name: 'limit', required: false, description: 'Page size, 1 to 100 (default 20).' })
  @ApiQuery({ name: 'cursor', required: false, description: 'The `nextCursor` of the previous page.' })
  @ApiOkResponse({ schema: schemaOf(personPageSchema) })
  @ApiProblems(400)
  list(
    @Query(new ZodValidationPipe(personListQuerySchema)) query: PersonListQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Page<PersonView>> {
    return this.people.list(query, principal);
  }
}
