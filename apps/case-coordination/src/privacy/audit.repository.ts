import { randomUUID } from 'node:crypto';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection, mongo } from 'mongoose';

export interface AuditRecord {
  _id: string;
  caseId: string;
  actor: string;
  roles: string[];
  action: 'identity.read';
  reason: string;
  at: Date;
  correlationId?: string;
}

/** Append-only record of every read of identifying details: who, when, why. */
@Injectable()
export class AuditRepository implements OnModuleInit {
  private readonly records: mongo.Collection<AuditRecord>;

  constructor(@InjectConnection() connection: Connection) {
    this.records = connection.collection<AuditRecord>('audit_records');
  }

  async onModuleInit(): Promise<void> {
    // Serves a case's audit trail in time order.
    await this.records.createIndex({ caseId: 1, at: 1 });
  }

  async record(entry: Omit<AuditRecord, '_id' | 'at'>): Promise<AuditRecord> {
    const record = { _id: randomUUID(), at: new Date(), ...entry };
    await this.records.insertOne(record);
    return record;
  }

  forCase(caseId: string): Promise<AuditRecord[]> {
    return this.records.find({ caseId }, { sort: { at: 1 } }).toArray();
  }
}
