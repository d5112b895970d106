import { Session } from "@bourse/core/auth";
import { noStore } from "../../../../../server/auth";
import { route } from "../../../../../server/respond";

/** Ends one of the caller's sessions (signs that device out). Another user's session is a 404. */
export const DELETE = route<{ id: string }>(async (_req, { params }) => {
  await Session.remove((await params).id);
  return noStore(null, { status: 204 });
});

export const { GET, POST, PUT, PATCH } = route.otherMethods("DELETE");
