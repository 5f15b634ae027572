import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { AttendanceRegisterRepository } from './attendance-register.repository';
import { ATTENDANCE_REGISTER_MODEL, attendanceRegisterSchema } from './attendance-register.schema';
import { AttendanceController } from './attendance.controller';
import { AttendanceService } from './attendance.service';

/** Per-session attendance registers and rates; certificates and the cascade read the rates. */
@Module({
  imports: [MongooseModule.forFeature([{ name: ATTENDANCE_REGISTER_MODEL, schema: attendanceRegisterSchema }])],
  controllers: [AttendanceController],
  providers: [AttendanceService, AttendanceRegisterRepository],
  exports: [AttendanceService],
})
export class AttendanceModule {}
