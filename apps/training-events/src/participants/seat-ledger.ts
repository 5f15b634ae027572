import type { SeatLedger, SeatOffer } from '../events/training-event.schema';

/** Where a participant stands in the ledger. */
export type SeatStanding = 'confirmed' | 'offered' | 'waitlisted' | 'none';

/** What a ledger decision changed: the new ledger and the offers it made (each a freed seat). */
export interface LedgerDecision {
  seats: SeatLedger;
  offered: SeatOffer[];
}

/** Makes offer ids and deadlines for the seats a decision frees. */
export interface OfferMaker {
  offerId: (participantId: string) => string;
  confirmBy: Date;
}

export function standing(seats: SeatLedger, participantId: string): SeatStanding {
  if (seats.confirmed.includes(participantId)) return 'confirmed';
  if (seats.offers.some((o) => o.participantId === participantId)) return 'offered';
  if (seats.waitlist.includes(participantId)) return 'waitlisted';
  return 'none';
}

/** 1 = next to be offered a seat; undefined when not waiting. */
export function waitlistPosition(seats: SeatLedger, participantId: string): number | undefined {
  const index = seats.waitlist.indexOf(participantId);
  return index < 0 ? undefined : index + 1;
}

export const freeSeats = (seats: SeatLedger, capacity: number): number => capacity - seats.confirmed.length - seats.offers.length;

/**
 * The pure rules of the seat ledger. Every function returns a new ledger; the repository writes it with
 * a revision guard, so that a decision is taken on the ledger as it is and never on a stale copy.
 */
export const SeatLedgerRules = {
  /** An accepted invitation (or an approved nomination): a seat while one is free, else the end of the waitlist. */
  accept(seats: SeatLedger, capacity: number, participantId: string): { seats: SeatLedger; outcome: 'confirmed' | 'waitlisted' } {
    if (freeSeats(seats, capacity) > 0)
      return { seats: { ...seats, confirmed: [...seats.confirmed, participantId] }, outcome: 'confirmed' };
    return { seats: { ...seats, waitlist: [...seats.waitlist, participantId] }, outcome: 'waitlisted' };
  },

  /** The offered participant takes the seat held for them. */
  confirmOffer(seats: SeatLedger, participantId: string): SeatLedger {
    return {
      ...seats,
      offers: seats.offers.filter((o) => o.participantId !== participantId),
      confirmed: [...seats.confirmed, participantId],
    };
  },

  /** The participant leaves (withdraws, declines an offer, or lets it expire): their seat goes to the next in line. */
  release(seats: SeatLedger, capacity: number, participantId: string, maker: OfferMaker): LedgerDecision {
    const left: SeatLedger = {
      confirmed: seats.confirmed.filter((id) => id !== participantId),
      waitlist: seats.waitlist.filter((id) => id !== participantId),
      offers: seats.offers.filter((o) => o.participantId !== participantId),
    };
    return SeatLedgerRules.fill(left, capacity, maker);
  },

  /** Offers every free seat to the first waitlisted, in order: one offer per free seat. */
  fill(seats: SeatLedger, capacity: number, maker: OfferMaker): LedgerDecision {
    const waitlist = [...seats.waitlist];
    const offers = [...seats.offers];
    const offered: SeatOffer[] = [];
    while (capacity - seats.confirmed.length - offers.length > 0 && waitlist.length > 0) {
      const participantId = waitlist.shift()!;
      const offer = { participantId, offerId: maker.offerId(participantId), confirmBy: maker.confirmBy };
      offers.push(offer);
      offered.push(offer);
    }
    return { seats: { confirmed: seats.confirmed, waitlist, offers }, offered };
  },
};
