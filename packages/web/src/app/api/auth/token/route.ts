import { Auth, Session } from "@bourse/core/auth";
import { z } from "zod";
import { metaOf, noStore } from "../../../../server/auth";
import { route } from "../../../../server/respond";

/** OAuth 2.0 style token endpoint for API clients (no cookies): password and refresh_token grants. */
export const TokenRequest = z.discriminatedUnion("grant_type", [
  z.object({
    grant_type: z.literal("password"),
    email: Auth.LoginInput.shape.email,
    password: Auth.LoginInput.shape.password,
  }),
  z.object({ grant_type: z.literal("refresh_token"), refresh_token: z.string().max(200) }),
]);

export const TokenResponse = z.object({
  access_token: z.string().describe("a JWT: send it as Authorization: Bearer <access_token>"),
  refresh_token: z.string().describe("single use: each refresh returns a new one; reuse revokes the session"),
  token_type: z.literal("Bearer"),
  expires_in: z.number().describe("seconds until the access token expires"),
});

export const POST = route.json(TokenRequest, async (grant, req) => {
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

export const { GET, PUT, PATCH, DELETE } = route.otherMethods("POST");
