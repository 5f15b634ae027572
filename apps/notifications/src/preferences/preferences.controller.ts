import { Body, Controller, Get, HttpCode, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@ctip/auth';
import { openApiSchema } from '@ctip/http';
import { preferencesSchema, type PreferenceSettings } from './preference-settings';
import { PreferencesBodyPipe } from './preferences-body.pipe';
import { PreferencesService } from './preferences.service';

/** Preferences per person and category; a person edits their own (token subject = personId), an admin anyone's. */
@ApiTags('preferences')
@ApiBearerAuth()
@Controller()
export class PreferencesController {
  constructor(private readonly preferences: PreferencesService) {}

  @Get('me/preferences')
  @ApiOperation({ summary: 'My notification preferences' })
  mine(@CurrentPrincipal() principal: Principal): Promise<PreferenceSettings> {
    return this.preferences.of(principal.subject);
  }

  @Put('me/preferences')
  @HttpCode(200)
  @ApiBody({ schema: openApiSchema(preferencesSchema) })
  replaceMine(@CurrentPrincipal() principal: Principal, @Body(PreferencesBodyPipe) body: PreferenceSettings): Promise<PreferenceSettings> {
    return this.preferences.replace(principal.subject, body, principal.subject);
  }

  @Get('people/:personId/preferences')
  @Roles('admin')
  ofPerson(@Param('personId') personId: string): Promise<PreferenceSettings> {
    return this.preferences.of(personId);
  }

  @Put('people/:personId/preferences')
  @Roles('admin')
  @HttpCode(200)
  @ApiBody({ schema: openApiSchema(preferencesSchema) })
  replaceOfPerson(
    @CurrentPrincipal() principal: Principal,
    @Param('personId') personId: string,
    @Body(PreferencesBodyPipe) body: PreferenceSettings,
  ): Promise<PreferenceSettings> {
    return this.preferences.replace(personId, body, principal.subject);
  }
}
