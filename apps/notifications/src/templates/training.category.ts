import { defineCategory } from './notification-category';

/**
 * Invitations, registrations, reminders, changes and cancellations of trainings and meetings. Not
 * digestible: a reminder or a seat offer held until the next morning would come too late, and each email
 * carries its own calendar invitation.
 */
export const TRAINING_CATEGORY = defineCategory({ name: 'training', urgent: false, digest: false });
