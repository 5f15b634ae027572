import { freeSeats, SeatLedgerRules, standing, waitlistPosition } from './seat-ledger';

const maker = { offerId: (p: string) => `offer-${p}`, confirmBy: new Date('2010-09-20T12:00:00Z') };
const empty = { confirmed: [], waitlist: [], offers: [] };

describe('SeatLedgerRules', () => {
  it('confirms while a seat is free and waitlists beyond capacity, in order', () => {
    let seats = empty as ReturnType<typeof SeatLedgerRules.accept>['seats'];
    const outcomes = ['a', 'b', 'c'].map((p) => {
      const decision = SeatLedgerRules.accept(seats, 1, p);
      seats = decision.seats;
      return decision.outcome;
    });
    expect(outcomes).toEqual(['confirmed', 'waitlisted', 'waitlisted']);
    expect([waitlistPosition(seats, 'b'), waitlistPosition(seats, 'c'), waitlistPosition(seats, 'a')]).toEqual([1, 2, undefined]);
  });

  it('offers a freed seat to the first waitlisted, once, and counts the offer as a held seat', () => {
    const seats = { confirmed: ['a'], waitlist: ['b', 'c'], offers: [] };
    const decision = SeatLedgerRules.release(seats, 1, 'a', maker);
    expect(decision.offered).toEqual([{ participantId: 'b', offerId: 'offer-b', confirmBy: maker.confirmBy }]);
    expect(decision.seats).toEqual({ confirmed: [], waitlist: ['c'], offers: decision.offered });
    expect(freeSeats(decision.seats, 1)).toBe(0);
    expect(SeatLedgerRules.fill(decision.seats, 1, maker).offered).toEqual([]);
    expect(standing(decision.seats, 'b')).toBe('offered');
  });

  it('a waitlisted person leaving frees no seat; an expired or declined offer passes to the next', () => {
    const seats = { confirmed: ['a'], waitlist: ['c', 'd'], offers: [{ participantId: 'b', offerId: 'x', confirmBy: maker.confirmBy }] };
    expect(SeatLedgerRules.release(seats, 2, 'd', maker).offered).toEqual([]);
    const passed = SeatLedgerRules.release(seats, 2, 'b', maker);
    expect(passed.offered.map((o) => o.participantId)).toEqual(['c']);
    expect(passed.seats.waitlist).toEqual(['d']);
  });

  it('confirming an offer turns it into a seat', () => {
    const seats = { confirmed: ['a'], waitlist: [], offers: [{ participantId: 'b', offerId: 'x', confirmBy: maker.confirmBy }] };
    expect(SeatLedgerRules.confirmOffer(seats, 'b')).toEqual({ confirmed: ['a', 'b'], waitlist: [], offers: [] });
  });

  it('more capacity offers as many seats as it adds', () => {
    const seats = { confirmed: ['a'], waitlist: ['b', 'c', 'd'], offers: [] };
    expect(SeatLedgerRules.fill(seats, 3, maker).offered.map((o) => o.participantId)).toEqual(['b', 'c']);
  });
});
