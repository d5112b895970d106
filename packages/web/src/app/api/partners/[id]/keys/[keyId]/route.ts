import * as Partner from "@bourse/core/partner";
import { noStore, route } from "@/server/respond";

/** Revokes a key at once (idempotent); a key of another partner is a 404. */
const revoke = route<{ id: string; keyId: string }>(async (_req, { params }) => {
  const { id, keyId } = await params;
  await Partner.revokeKey(id, keyId);
  return noStore(null, { status: 204 });
});

export const { GET, POST, PUT, PATCH, DELETE } = route.methods({ DELETE: revoke });
