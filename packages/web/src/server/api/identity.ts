import * as Auth from "@bourse/core/auth";
import * as MagicLink from "@bourse/core/auth/magic-link";
import * as Session from "@bourse/core/auth/session";
import * as User from "@bourse/core/user";
import * as z from "zod";
import type { ZodOpenApiPathsObject } from "zod-openapi";
import { ACCESS_COOKIE, REFRESH_COOKIE } from "@/server/auth";
import { body, empty, error, internal, json, jsonErrors } from "./contract";

/**
 * The identity contract: sign-up, log-in, tokens, the caller's account and sessions. Bodies and answers are
 * core's zod schemas, except the OAuth-shaped token exchange, which is this API's own wire format.
 */

/** OAuth 2.0 style token request (JSON): a password grant, or a refresh_token grant. */
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

export const MagicLinkBody = MagicLink.Request.pick({ email: true });

const cookies = `Sets the cookies ${ACCESS_COOKIE} (access JWT, Path=/) and ${REFRESH_COOKIE} (refresh token, Path=/api/auth, 7 days), httpOnly, SameSite=Lax, Secure unless BOURSE_PUBLIC_URL is plain http.`;
const UserBody = z.object({ user: User.Info });
const MeBody = z.object({ user: User.Info, session: Session.Current });
const Accepted = z.object({ status: z.literal("accepted") });

const limited = { "429": error("Too many attempts (rate_limited); see the Retry-After header") };
const crossSite = {
  "403": error(
    "A foreign Origin header (any credentials), or cookies without this site's Origin (origin_mismatch)",
  ),
};
const signedIn = { "401": error("No valid session (unauthorized, invalid_token)") };

export const schemas = {
  User: User.Info,
  SignupInput: Auth.SignupInput,
  LoginInput: Auth.LoginInput,
  MagicLinkRequest: MagicLinkBody,
  TokenRequest,
  TokenResponse,
  ProfilePatch: User.Patch,
  ChangePassword: Auth.ChangePasswordInput,
  Session: Session.Info,
  CurrentSession: Session.Current,
};

export const paths: ZodOpenApiPathsObject = {
  "/api/auth/signup": {
    post: {
      operationId: "signup",
      summary: "Create a member account and sign in",
      description: `A guest (anonymous session cookie) signing up keeps its user id and everything it owns. ${cookies}`,
      requestBody: body(Auth.SignupInput),
      responses: {
        "201": json("Signed up and signed in", UserBody),
        ...jsonErrors,
        ...crossSite,
        "409": error(
          "Email or handle already taken (email_taken, handle_taken). Deliberate, for usability; enumeration is bounded by the per-IP and per-email sign-up limits",
        ),
        ...limited,
        "500": internal,
      },
    },
  },
  "/api/auth/login": {
    post: {
      operationId: "login",
      summary: "Sign in with email and password",
      description: cookies,
      requestBody: body(Auth.LoginInput),
      responses: {
        "200": json("Signed in", UserBody),
        ...jsonErrors,
        "401": error("Wrong email or password, same answer for both (invalid_credentials)"),
        ...crossSite,
        ...limited,
        "500": internal,
      },
    },
  },
  "/api/auth/anonymous": {
    post: {
      operationId: "startGuest",
      summary: "Start an anonymous (guest) identity",
      description: `The browser does this on a first visit; the guest can sign up later under the same id. ${cookies}`,
      responses: {
        "201": json("A guest, signed in", UserBody),
        ...crossSite,
        ...limited,
        "500": internal,
      },
    },
  },
  "/api/auth/magic-link": {
    post: {
      operationId: "requestMagicLink",
      summary: "Mail a one-time sign-in link (valid 15 minutes)",
      requestBody: body(MagicLinkBody),
      responses: {
        "202": json("Accepted, whether or not an account has this email", Accepted),
        ...jsonErrors,
        ...crossSite,
        ...limited,
        "500": internal,
        "503": error("BOURSE_PUBLIC_URL is not set, so no link can be made (not_configured)"),
      },
    },
  },
  "/api/auth/magic-link/verify": {
    get: {
      operationId: "verifyMagicLink",
      summary: "The link in the mail: sign in and go to /account",
      requestParams: { query: z.object({ token: z.string().describe("the link's one-time token") }) },
      responses: {
        "303": empty(
          `To /account with the session cookies (${cookies}); to /login?error=invalid_link when the link is unknown, used, expired or older than the last password change; to /login?error=rate_limited (with Retry-After) past the limit. Locations are on BOURSE_PUBLIC_URL.`,
        ),
        "500": internal,
      },
    },
  },
  "/api/auth/token": {
    post: {
      operationId: "token",
      summary: "OAuth-style tokens for API clients: password or refresh_token grant",
      description:
        "Send the access token as `Authorization: Bearer`. A refresh token works once; presenting a used one again revokes the whole session (refresh_token_reused).",
      requestBody: body(TokenRequest),
      responses: {
        "200": json("New tokens", TokenResponse),
        ...jsonErrors,
        "401": error("Wrong credentials, or an invalid, expired or reused refresh token"),
        ...limited,
        "500": internal,
      },
    },
  },
  "/api/auth/refresh": {
    post: {
      operationId: "refresh",
      summary: `Rotate the session cookies with the ${REFRESH_COOKIE} cookie`,
      responses: {
        "204": empty(`Both cookies renewed. ${cookies}`),
        "401": error("No, invalid, expired or reused refresh cookie; both cookies are cleared"),
        ...crossSite,
        ...limited,
        "500": internal,
      },
    },
  },
  "/api/auth/logout": {
    post: {
      operationId: "logout",
      summary: "End this session and clear the cookies",
      responses: { "204": empty("Signed out"), ...crossSite, "500": internal },
    },
  },
  "/api/me": {
    get: {
      operationId: "getMe",
      summary: "The caller's account (member or guest) and this session",
      description:
        "`session.passwordResetUntil` says until when this session may set a new password without the current one (a magic-link sign-in, 15 minutes); null when it may not.",
      responses: { "200": json("The caller", MeBody), ...signedIn, "500": internal },
    },
    patch: {
      operationId: "updateMe",
      summary: "Update the caller's profile (guests: display name and bio only)",
      requestBody: body(User.Patch),
      responses: {
        "200": json("The updated account", UserBody),
        ...jsonErrors,
        ...signedIn,
        "403": error("A guest setting a handle or an avatar, or origin_mismatch"),
        "409": error("Handle taken (handle_taken)"),
        "500": internal,
      },
    },
  },
  "/api/me/password": {
    post: {
      operationId: "changePassword",
      summary: "Change (or reset) the password; every other session and every outstanding magic link end",
      description:
        "Without `current`: a reset, allowed only within 15 minutes of signing in by magic link (see GET /api/me `session.passwordResetUntil`); otherwise 400 on `current`.",
      requestBody: body(Auth.ChangePasswordInput),
      responses: {
        "204": empty("Changed"),
        ...jsonErrors,
        "401": error("Not signed in, or the current password is wrong (invalid_credentials)"),
        "403": error("Not a member, or origin_mismatch"),
        ...limited,
        "500": internal,
      },
    },
  },
  "/api/me/sessions": {
    get: {
      operationId: "listSessions",
      summary: "The caller's sessions in force, newest first (`current` marks this device)",
      responses: {
        "200": json("The sessions", z.object({ items: z.array(Session.Info) })),
        ...signedIn,
        "500": internal,
      },
    },
  },
  "/api/me/sessions/{id}": {
    delete: {
      operationId: "revokeSession",
      summary: "Sign one of the caller's sessions out",
      requestParams: { path: z.object({ id: z.string().describe("the session's id") }) },
      responses: {
        "204": empty("Revoked"),
        ...signedIn,
        ...crossSite,
        "404": error("No such session of the caller's"),
        "500": internal,
      },
    },
  },
};
