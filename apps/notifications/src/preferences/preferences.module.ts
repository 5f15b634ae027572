import { Module } from '@nestjs/common';
import { PreferenceRepository } from './preference.repository';
import { PreferencesController } from './preferences.controller';
import { PreferencesService } from './preferences.service';

@Module({
  controllers: [PreferencesController],
  providers: [PreferenceRepository, PreferencesService],
  exports: [PreferenceRepository],
})
export class PreferencesModule {}
