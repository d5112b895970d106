import type { secrets } from "../topology";

const jwtSigningKey: (typeof secrets)[number] = "JwtSigningKey";

/** A value per stage: `sst secret set JwtSigningKey <value> --stage <stage>` (CI sets it when missing). */
export function createSecrets() {
  return { jwtSigningKey: new sst.Secret(jwtSigningKey) };
}
