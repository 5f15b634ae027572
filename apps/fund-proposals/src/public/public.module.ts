import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { PublicProjectRepository } from './public-project.repository';
import { PUBLIC_PROJECT_MODEL, publicProjectSchema } from './public-project.schema';
import { PublicProjectsController } from './public-projects.controller';
import { PublicProjectsService } from './public-projects.service';
import { PublicRateLimitGuard } from './public-rate-limit.guard';

/** The public list of supported projects, its statistics and CSV export (no token, rate-limited). */
@Module({
  imports: [MongooseModule.forFeature([{ name: PUBLIC_PROJECT_MODEL, schema: publicProjectSchema }])],
  controllers: [PublicProjectsController],
  providers: [PublicProjectsService, PublicProjectRepository, PublicRateLimitGuard],
  exports: [PublicProjectRepository, PublicProjectsService],
})
export class PublicModule {}
