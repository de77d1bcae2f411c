/** Types for worst-profile.mjs (see there): the slowest valid heap profile under the decoder's caps, gzipped. */
export function worstCaseProfile(opts?: { samples?: number; depth?: number }): Buffer;
