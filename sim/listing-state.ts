/** Listing states (docs/model.md §6), as numeric codes for typed-array series. */
export const ListingState = {
  compliant: 0,
  deficient: 1,
  secondPeriod: 2,
  determination: 3,
  delisted: 4,
} as const;
export type ListingStateCode = (typeof ListingState)[keyof typeof ListingState];
export const LISTING_STATE_NAMES = ['compliant', 'deficient', 'secondPeriod', 'determination', 'delisted'] as const;
export type ListingStateName = (typeof LISTING_STATE_NAMES)[number];
