import { Body, Controller, Get, HttpCode, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@ctip/auth';
import { openApiSchema, ZodOperation, ZodParam } from '@ctip/http';
import { z } from 'zod';
import { preferencesSchema, type PreferenceSettings } from './preference-settings';
import { PreferencesBodyPipe } from './preferences-body.pipe';
import { PreferencesService } from './preferences.service';

const personIdSchema = z.string().min(1).max(200);

/**
 * Preferences per person and category; a person edits their own (token subject = personId), an admin anyone's.
 * The body is validated against the categories of the kinds the service runs with (`PreferencesBodyPipe`):
 * the document shows the shape, and an unknown category or a digest of an urgent one answers 422.
 */
@ApiTags('preferences')
@ApiBearerAuth()
@Controller()
export class PreferencesController {
  constructor(private readonly preferences: PreferencesService) {}

  @Get('me/preferences')
  @ZodOperation({ summary: 'My notification preferences', responses: { 200: preferencesSchema } })
  mine(@CurrentPrincipal() principal: Principal): Promise<PreferenceSettings> {
    return this.preferences.of(principal.subject);
  }

  @Put('me/preferences')
  @HttpCode(200)
  @ApiBody({ schema: openApiSchema(preferencesSchema) })
  @ZodOperation({ summary: 'Replace my notification preferences', responses: { 200: preferencesSchema }, errors: [400, 422] })
  replaceMine(@CurrentPrincipal() principal: Principal, @Body(PreferencesBodyPipe) body: PreferenceSettings): Promise<PreferenceSettings> {
    return this.preferences.replace(principal.subject, body, principal.subject);
  }

  @Get('people/:personId/preferences')
  @Roles('admin')
  @ZodOperation({ summary: "A person's notification preferences", responses: { 200: preferencesSchema }, errors: [403] })
  ofPerson(@ZodParam('personId', personIdSchema) personId: string): Promise<PreferenceSettings> {
    return this.preferences.of(personId);
  }

  @Put('people/:personId/preferences')
  @Roles('admin')
  @HttpCode(200)
  @ApiBody({ schema: openApiSchema(preferencesSchema) })
  @ZodOperation({ summary: "Replace a person's notification preferences", responses: { 200: preferencesSchema }, errors: [400, 403, 422] })
  replaceOfPerson(
    @CurrentPrincipal() principal: Principal,
    @ZodParam('personId', personIdSchema) personId: string,
    @Body(PreferencesBodyPipe) body: PreferenceSettings,
  ): Promise<PreferenceSettings> {
    return this.preferences.replace(personId, body, principal.subject);
  }
}
