import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Outbox, type OutboxEntry } from '@ctip/outbox';
import { isDuplicateKeyError } from '@ctip/persistence';
import type { Model } from 'mongoose';
import { SENT_NOTICE_MODEL, type SentNoticeDocument } from './sent-notice.schema';

@Injectable()
export class SentNoticeRepository implements OnModuleInit {
  constructor(
    @InjectModel(SENT_NOTICE_MODEL) private readonly notices: Model<SentNoticeDocument>,
    private readonly outbox: Outbox,
  ) {}

  onModuleInit(): void {
    this.outbox.track(this.notices);
  }

  /**
   * Records the notice and its events in one insert, then publishes them; false when it was sent before
   * (the id is taken), in which case nothing is written.
   */
  async sendOnce(notice: Omit<SentNoticeDocument, 'outbox'>, events: OutboxEntry[]): Promise<boolean> {
    const write = async () => {
      try {
        await this.notices.create({ ...notice, outbox: events });
        return true;
      } catch (error) {
        if (isDuplicateKeyError(error)) return false;
        throw error;
      }
    };
    return this.outbox.store(this.notices, notice._id, events, write);
  }

  /** The recipients a sent notice recorded; null when it was not sent, undefined when it recorded none. */
  async recipientsOf(id: string): Promise<string[] | undefined | null> {
    const notice = await this.notices.findById(id).select({ recipientIds: 1 }).lean<Pick<SentNoticeDocument, 'recipientIds'>>().exec();
    return notice ? notice.recipientIds : null;
  }

  async wasSent(id: string): Promise<boolean> {
    return (await this.notices.exists({ _id: id })) !== null;
  }
}
