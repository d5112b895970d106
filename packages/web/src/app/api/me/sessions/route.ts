import { Session } from "@bourse/core/auth";
import { noStore } from "../../../../server/auth";
import { route } from "../../../../server/respond";

/** The caller's sessions in force, newest first; `current` marks this device. */
export const GET = route(async () => noStore({ items: await Session.list() }));

export const { POST, PUT, PATCH, DELETE } = route.otherMethods("GET");
