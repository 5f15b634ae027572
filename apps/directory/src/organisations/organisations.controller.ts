import { Body, Controller, Get, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Roles } from '@ctip/auth';
import { ZodValidationPipe } from '@ctip/http';
import type { Page } from '@ctip/persistence';
import { DIRECTORY_EDITORS, DIRECTORY_READERS } from '../common/access-policy';
import { ApiProblems, schemaOf } from '../common/api-docs';
import {
  createOrganisationSchema,
  organisationListQuerySchema,
  organisationPageSchema,
  organisationViewSchema,
  updateOrganisationSchema,
  type CreateOrganisation,
  type OrganisationListQuery,
  type OrganisationView,
  type UpdateOrganisation,
} from './organisation.dto';
import { OrganisationsService } from './organisations.service';

@ApiTags('organisations')
@ApiBearerAuth()
@Controller('organisations')
export class OrganisationsController {
  constructor(private readonly organisations: OrganisationsService) {}

  @Post()
  @Roles(...DIRECTORY_EDITORS)
  @ApiOperation({
    summary: 'Create an organisation',
    description: 'The id is chosen by the client (e.g. `osce-presence-md`). Publishes `directory.organisation.changed.v1` at revision 1.',
  })
  @ApiBody({ schema: schemaOf(createOrganisationSchema) })
  @ApiCreatedResponse({ schema: schemaOf(organisationViewSchema) })
  @ApiProblems(400, 409)
  create(@Body(new ZodValidationPipe(createOrganisationSchema)) body: CreateOrganisation): Promise<OrganisationView> {
    return this.organisations.create(body);
  }

  @Put(':id')
  @Roles(...DIRECTORY_EDITORS)
  @ApiOperation({
    summary: 'Replace an organisation',
    description:
      'Send the whole organisation and the `revision` you read. A change publishes `directory.organisation.changed.v1` with the next revision; an unchanged body answers 200 without a new revision or event; a stale revision answers 409.',
  })
  @ApiBody({ schema: schemaOf(updateOrganisationSchema) })
  @ApiOkResponse({ schema: schemaOf(organisationViewSchema) })
  @ApiProblems(400, 404, 409, 422)
  update(
    @Param('id') id: string,
    @Body(new ZodValidationPipe(updateOrganisationSchema)) body: UpdateOrganisation,
  ): Promise<OrganisationView> {
    return this.organisations.update(id, body);
  }

  @Get(':id')
  @Roles(...DIRECTORY_READERS)
  @ApiOperation({ summary: 'Read an organisation' })
  @ApiOkResponse({ schema: schemaOf(organisationViewSchema) })
  @ApiProblems(404)
  get(@Param('id') id: string): Promise<OrganisationView> {
    return this.organisations.get(id);
  }

  @Get()
  @Roles(...DIRECTORY_READERS)
  @ApiOperation({ summary: 'List organisations', description: 'Ordered by id; follow `nextCursor` until it is null.' })
  @ApiQuery({ name: 'kind', required: false, enum: ['field-presence', 'coordination-unit', 'partner'] })
  @ApiQuery({ name: 'country', required: false, description: 'Organisations covering this country (ISO 3166-1 alpha-2).' })
  @ApiQuery({ name: 'service', required: false, description: 'Partners offering this service, e.g. shelter.' })
  @ApiQuery({ name: 'active', required: false, enum: ['true', 'false'] })
  @ApiQuery({ name: 'limit', required: false, description: 'Page size, 1 to 100 (default 20).' })
  @ApiQuery({ name: 'cursor', required: false, description: 'The `nextCursor` of the previous page.' })
  @ApiOkResponse({ schema: schemaOf(organisationPageSchema) })
  @ApiProblems(400)
  list(@Query(new ZodValidationPipe(organisationListQuerySchema)) query: OrganisationListQuery): Promise<Page<OrganisationView>> {
    return this.organisations.list(query);
  }
}
