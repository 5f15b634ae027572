import { Module, type DynamicModule } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { backboneModules } from '@ctip/runtime';
import { AlertsController } from './alerts/alerts.controller';
import { AlertsService } from './alerts/alerts.service';
import { EscalationSchedulerConsumer } from './alerts/escalation-scheduler.consumer';
import { EscalationProcessor } from './alerts/escalation.processor';
import { CaseIntakeService } from './cases/case-intake.service';
import { CaseQueryService } from './cases/case-query.service';
import { CaseReportedConsumer } from './cases/case-reported.consumer';
import { CaseRepository } from './cases/case.repository';
import { CASE_MODEL, caseSchema } from './cases/case.schema';
import { CasesController } from './cases/cases.controller';
import { CASE_CONFIG, dataKeys, type CaseCoordinationConfig } from './config';
import { DirectoryViewConsumer } from './directory-view/directory-view.consumer';
import { DirectoryViewRepository } from './directory-view/directory-view.repository';
import { AuditRepository } from './privacy/audit.repository';
import { FieldCipher } from './privacy/field-cipher';
import { IdentityService } from './privacy/identity.service';
import { ReferralsController } from './referrals/referrals.controller';
import { ReferralsService } from './referrals/referrals.service';
import { DeliveryReportConsumer } from './timeline/delivery-report.consumer';

export const SERVICE_NAME = 'case-coordination';

@Module({})
export class AppModule {
  static forRoot(config: CaseCoordinationConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [...backboneModules(SERVICE_NAME, config), MongooseModule.forFeature([{ name: CASE_MODEL, schema: caseSchema }])],
      controllers: [
        CasesController,
        AlertsController,
        ReferralsController,
        // Kafka event handlers (@EventPattern), served by the event transport
        DirectoryViewConsumer,
        CaseReportedConsumer,
        EscalationSchedulerConsumer,
      ],
      providers: [
        { provide: CASE_CONFIG, useValue: config },
        { provide: FieldCipher, useFactory: () => FieldCipher.parse(dataKeys(config)) },
        CaseRepository,
        // Kafka batch handlers (registered with the event transport at module init)
        DeliveryReportConsumer,
        DirectoryViewRepository,
        AuditRepository,
        CaseIntakeService,
        CaseQueryService,
        AlertsService,
        ReferralsService,
        IdentityService,
        EscalationProcessor,
      ],
    };
  }
}
