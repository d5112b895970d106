const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

/** Ids are ULIDs; anything else names nothing (so a 404, never a query with junk). */
export function isID(id: unknown): id is string {
  return typeof id === "string" && ULID.test(id);
}
