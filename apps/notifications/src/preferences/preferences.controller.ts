import { Body, Controller, Get, HttpCode, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@ctip/auth';
import { openApiSchema } from '@ctip/http';
import { preferencesSchema, type PreferenceSettings } from './preference-settings';
import { PreferenceRepository } from './preference.repository';
import { PreferencesBodyPipe } from './preferences-body.pipe';

const EMPTY: PreferenceSettings = { defaults: {}, categories: {} };

/** Preferences per person and category; a person edits their own (token subject = personId), an admin anyone's. */
@ApiTags('preferences')
@ApiBearerAuth()
@Controller()
export class PreferencesController {
  constructor(private readonly preferences: PreferenceRepository) {}

  @Get('me/preferences')
  @ApiOperation({ summary: 'My notification preferences' })
  async mine(@CurrentPrincipal() principal: Principal): Promise<PreferenceSettings> {
    return (await this.preferences.find(principal.subject)) ?? EMPTY;
  }

  @Put('me/preferences')
  @HttpCode(200)
  @ApiBody({ schema: openApiSchema(preferencesSchema) })
  async replaceMine(
    @CurrentPrincipal() principal: Principal,
    @Body(PreferencesBodyPipe) body: PreferenceSettings,
  ): Promise<PreferenceSettings> {
    await this.preferences.replace(principal.subject, body, principal.subject);
    return body;
  }

  @Get('people/:personId/preferences')
  @Roles('admin')
  async ofPerson(@Param('personId') personId: string): Promise<PreferenceSettings> {
    return (await this.preferences.find(personId)) ?? EMPTY;
  }

  @Put('people/:personId/preferences')
  @Roles('admin')
  @HttpCode(200)
  @ApiBody({ schema: openApiSchema(preferencesSchema) })
  async replaceOfPerson(
    @CurrentPrincipal() principal: Principal,
    @Param('personId') personId: string,
    @Body(PreferencesBodyPipe) body: PreferenceSettings,
  ): Promise<PreferenceSettings> {
    await this.preferences.replace(personId, body, principal.subject);
    return body;
  }
}
