/** Rows the store tests insert. */

import type { NewToken } from "../../src/store/index.ts";

/** A named token `name` with secret hash `hash`: no scope, no expiry, created at t = 1000 ms. */
export const token = (name: string, hash: string): NewToken => ({
  id: `id-${name}`,
  name,
  hash,
  prefix: "ptc_pat_abcd",
  description: null,
  upstreams: null,
  createdAt: 1000,
  expiresAt: null,
});
