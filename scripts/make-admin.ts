/**
 * Grant (or with --revoke, take back) the admin role: admins create partners and their API keys. No request
 * path can grant a role; this script is how the first admin comes to be.
 *
 *   pnpm exec tsx scripts/make-admin.ts <email | @handle> [--revoke]
 *
 * Locally, stop `pnpm dev` first: the script opens the dev data folder (`.bourse`, or BOURSE_DATA_DIR)
 * itself. On AWS, run it with the stage's links: `npx sst shell --stage <stage> -- pnpm exec tsx
 * scripts/make-admin.ts <who>` (SST_RESOURCE_Table set → the script uses that table).
 */
const [who, ...flags] = process.argv.slice(2);
if (!who || flags.some((f) => f !== "--revoke")) {
  console.error("usage: make-admin.ts <email | @handle> [--revoke]");
  process.exit(2);
}
const role = flags.includes("--revoke") ? "user" : "admin";

const platform = process.env.SST_RESOURCE_Table
  ? undefined
  : await (await import("../stacks/local/platform")).startPlatform({
      dataDir: process.env.BOURSE_DATA_DIR ?? ".bourse",
      crons: false,
    });
let code = 0;
try {
  // Imported only now: core reads `Resource` when it loads.
  const { Actor } = await import("@bourse/core/actor");
  const { User } = await import("@bourse/core/user");
  const userID =
    who.includes("@") && !who.startsWith("@")
      ? (await User.getItemByEmail(who))?.userID
      : await User.idOf(who.replace(/^@/, "")).catch(() => undefined);
  if (!userID) {
    console.error(`no user ${who}`);
    code = 1;
  } else {
    const user = await Actor.system("make-admin", () => User.setRole(userID, role));
    console.log(`@${user.handle ?? user.id} is now ${role === "admin" ? "an admin" : "a plain user"}`);
  }
} finally {
  await platform?.stop();
}
process.exit(code);

export {};
