import { Controller, Get, HttpCode, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@ctip/auth';
import { ZodBody, ZodOperation, ZodParam } from '@ctip/http';
import { z } from 'zod';
import { preferencesSchema, type PreferenceSettings } from './preference-settings';
import { PreferenceRepository } from './preference.repository';

const EMPTY: PreferenceSettings = { defaults: {}, categories: {} };
const personIdSchema = z.string().min(1).max(200);

/** Preferences per person and category; a person edits their own (token subject = personId), an admin anyone's. */
@ApiTags('preferences')
@ApiBearerAuth()
@Controller()
export class PreferencesController {
  constructor(private readonly preferences: PreferenceRepository) {}

  @Get('me/preferences')
  @ZodOperation({ summary: 'My notification preferences', responses: { 200: preferencesSchema } })
  async mine(@CurrentPrincipal() principal: Principal): Promise<PreferenceSettings> {
    return (await this.preferences.find(principal.subject)) ?? EMPTY;
  }

  @Put('me/preferences')
  @HttpCode(200)
  @ZodOperation({ summary: 'Replace my notification preferences', responses: { 200: preferencesSchema } })
  async replaceMine(
    @CurrentPrincipal() principal: Principal,
    @ZodBody(preferencesSchema) body: PreferenceSettings,
  ): Promise<PreferenceSettings> {
    await this.preferences.replace(principal.subject, body, principal.subject);
    return body;
  }

  @Get('people/:personId/preferences')
  @Roles('admin')
  @ZodOperation({ summary: "A person's notification preferences", responses: { 200: preferencesSchema }, errors: [403] })
  async ofPerson(@ZodParam('personId', personIdSchema) personId: string): Promise<PreferenceSettings> {
    return (await this.preferences.find(personId)) ?? EMPTY;
  }

  @Put('people/:personId/preferences')
  @Roles('admin')
  @HttpCode(200)
  @ZodOperation({ summary: "Replace a person's notification preferences", responses: { 200: preferencesSchema }, errors: [403] })
  async replaceOfPerson(
    @CurrentPrincipal() principal: Principal,
    @ZodParam('personId', personIdSchema) personId: string,
    @ZodBody(preferencesSchema) body: PreferenceSettings,
  ): Promise<PreferenceSettings> {
    await this.preferences.replace(personId, body, principal.subject);
    return body;
  }
}
