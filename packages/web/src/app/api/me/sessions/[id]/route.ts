import * as Session from "@bourse/core/auth/session";
import { noStore, route } from "@/server/respond";

/** Ends one of the caller's sessions (signs that device out). Another user's session is a 404. */
const revoke = route<{ id: string }>(async (_req, { params }) => {
  await Session.remove((await params).id);
  return noStore(null, { status: 204 });
});

export const { GET, POST, PUT, PATCH, DELETE } = route.methods({ DELETE: revoke });
