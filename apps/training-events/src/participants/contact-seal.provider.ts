import type { Provider } from '@nestjs/common';
import { ContactSeal } from '@ctip/contact-seal';
import { TRAINING_CONFIG, type TrainingEventsConfig } from '../config';

/** Seals external participants' contact details for the notifications service (CONTACT_SEAL_KEYS). */
export const contactSealProvider: Provider = {
  provide: ContactSeal,
  useFactory: (config: TrainingEventsConfig) => new ContactSeal(config.CONTACT_SEAL_KEYS),
  inject: [TRAINING_CONFIG],
};
