import { users } from "../entities";

/** What the table's TTL does to an inactive guest: removes the user item alone (its guards stay). */
export async function expire(userID: string): Promise<void> {
  await users.delete({ userID }).go();
}
