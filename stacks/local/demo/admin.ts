import * as Actor from "@bourse/core/actor";
import * as Auth from "@bourse/core/auth";
import * as User from "@bourse/core/user";
import { DEMO_PASSWORD } from "./social";

/**
 * The local demo's administrator: it reads the mail outbox and the metrics, runs crons (never created on
 * AWS). Its handle is not `admin`, a reserved handle.
 */
export const DEMO_ADMIN = {
  handle: "demo_admin",
  email: "admin@demo.bourse.test",
  displayName: "Admin (demo)",
};

/** Signs up the demo admin (password DEMO_PASSWORD) and makes it admin as the system would; once per data folder. */
export async function seedAdmin() {
  const existing = await User.fromHandle(DEMO_ADMIN.handle).catch(() => undefined);
  const userID = existing?.id ?? (await Auth.signup({ ...DEMO_ADMIN, password: DEMO_PASSWORD })).user.id;
  await Actor.system("demo-seed", () => User.setRole(userID, "admin"));
}
