import * as Auth from "@bourse/core/auth";
import * as Session from "@bourse/core/auth/session";
import type * as z from "zod";
import { TokenRequest, type TokenResponse } from "@/server/api/identity";
import { metaOf } from "@/server/auth";
import { noStore, route } from "@/server/respond";

/** OAuth 2.0 style token endpoint for API clients (no cookies): password and refresh_token grants. */
const token = route.json(TokenRequest, async (grant, req) => {
  const tokens =
    grant.grant_type === "password"
      ? await Auth.login({ email: grant.email, password: grant.password }, metaOf(req))
      : await Session.refresh(grant.refresh_token, metaOf(req));
  const body: z.infer<typeof TokenResponse> = {
    access_token: tokens.accessToken,
    refresh_token: tokens.refreshToken,
    token_type: "Bearer",
    expires_in: tokens.expiresIn,
  };
  return noStore(body);
});

export const { GET, POST, PUT, PATCH, DELETE } = route.methods({ POST: token });
