import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, SignJWT, type JWK, type JWTPayload } from "jose";

export type JwtAlgorithm = "RS256" | "ES256" | "EdDSA";

type PrivateKey = Awaited<ReturnType<typeof generateKeyPair>>["privateKey"];

export interface SigningKey {
  kid: string;
  alg: JwtAlgorithm;
  privateKey: PrivateKey;
  jwk: JWK;
}

/** A key pair made in the test, with its public JWK (kid and alg set) as a JWKS would publish it. */
export async function signingKey(alg: JwtAlgorithm, kid: string): Promise<SigningKey> {
  const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true });
  return { kid, alg, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg, use: "sig" } };
}

/** Signs claims with the key; `exp` in seconds from now unless the claims give their own. */
export function signJwt(key: SigningKey, claims: JWTPayload, expiresInSeconds = 300): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ exp: now + expiresInSeconds, iat: now, ...claims })
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: "JWT" })
    .sign(key.privateKey);
}

/** A local authorization server's JWKS endpoint: the keys it publishes can be swapped (rotation); requests are counted. */
export interface JwksServer {
  url: string;
  publish(keys: SigningKey[]): void;
  readonly requests: number;
  close(): Promise<void>;
}

export async function startJwksServer(keys: SigningKey[]): Promise<JwksServer> {
  let published = keys;
  let requests = 0;
  const server: Server = createServer((req, res) => {
    requests++;
    if (req.url !== "/.well-known/jwks.json") return void res.writeHead(404).end();
    res
      .writeHead(200, { "content-type": "application/json" })
      .end(JSON.stringify({ keys: published.map((k) => k.jwk) }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    publish: (next) => void (published = next),
    get requests() {
      return requests;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
