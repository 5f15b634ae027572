import { Controller, Get, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '@ctip/auth';
import { ZodBody, ZodOperation, ZodParam, ZodQuery } from '@ctip/http';
import { DIRECTORY_EDITORS, DIRECTORY_READERS } from '../common/access-policy';
import type { Page } from '@ctip/persistence';
import { directoryIdSchema } from '../common/directory-fields';
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
  @ZodOperation({
    summary: 'Create an organisation',
    description: 'The id is chosen by the client (e.g. `osce-presence-md`). Publishes `directory.organisation.changed.v1` at revision 1.',
    responses: {
      201: {
        schema: organisationViewSchema,
        links: {
          read: { operationId: 'OrganisationsController_get', parameters: { id: '$response.body#/organisationId' } },
          replace: { operationId: 'OrganisationsController_update', parameters: { id: '$response.body#/organisationId' } },
        },
      },
    },
    errors: [403, 409],
  })
  create(@ZodBody(createOrganisationSchema) body: CreateOrganisation): Promise<OrganisationView> {
    return this.organisations.create(body);
  }

  @Put(':id')
  @Roles(...DIRECTORY_EDITORS)
  @ZodOperation({
    summary: 'Replace an organisation',
    description:
      'Send the whole organisation and the `revision` you read. A change publishes `directory.organisation.changed.v1` with the next revision; an unchanged body answers 200 without a new revision or event; a stale revision answers 409.',
    responses: { 200: organisationViewSchema },
    errors: [403, 404, 409, 422],
  })
  update(
    @ZodParam('id', directoryIdSchema) id: string,
    @ZodBody(updateOrganisationSchema) body: UpdateOrganisation,
  ): Promise<OrganisationView> {
    return this.organisations.update(id, body);
  }

  @Get(':id')
  @Roles(...DIRECTORY_READERS)
  @ZodOperation({ summary: 'Read an organisation', responses: { 200: organisationViewSchema }, errors: [403, 404] })
  get(@ZodParam('id', directoryIdSchema) id: string): Promise<OrganisationView> {
    return this.organisations.get(id);
  }

  @Get()
  @Roles(...DIRECTORY_READERS)
  @ZodOperation({
    summary: 'List organisations',
    description: 'Ordered by id; follow `nextCursor` until it is null.',
    responses: { 200: organisationPageSchema },
    errors: [403],
  })
  list(@ZodQuery(organisationListQuerySchema) query: OrganisationListQuery): Promise<Page<OrganisationView>> {
    return this.organisations.list(query);
  }
}
