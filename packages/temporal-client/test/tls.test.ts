// TLS to a production Temporal cluster: the settings become the client's TLS options, and a real handshake
// against a TLS server that demands a client certificate (as a Temporal frontend with mTLS does) shows the
// client presents the configured certificate, trusts the configured CA and checks the configured name.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createServer, type Server, type TLSSocket } from "node:tls";
import { Connection } from "@temporalio/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { temporalTls } from "../src/tls.ts";

const dir = mkdtempSync(join(tmpdir(), "temporal-tls-"));
const file = (name: string) => join(dir, name);
const openssl = (args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: "pipe" });

/** A private CA, the frontend's certificate for temporal.internal and a client certificate, both signed by it. */
function makeCertificates() {
  const key = ["-newkey", "rsa:2048", "-nodes"];
  openssl(["req", "-x509", ...key, "-days", "1", "-subj", "/CN=test-ca", "-keyout", "ca.key", "-out", "ca.crt"]);
  const certificates = {
    server: ["/CN=temporal.internal", "subjectAltName=DNS:temporal.internal\nextendedKeyUsage=serverAuth\n"],
    client: ["/CN=industryos-worker", "extendedKeyUsage=clientAuth\n"],
  };
  for (const [name, [subject, extensions]] of Object.entries(certificates)) {
    writeFileSync(file(`${name}.ext`), extensions!);
    openssl(["req", ...key, "-subj", subject!, "-keyout", `${name}.key`, "-out", `${name}.csr`]);
    openssl(
      ["x509", "-req", "-in", `${name}.csr`, "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial"].concat([
        "-days",
        "1",
        "-out",
        `${name}.crt`,
        "-extfile",
        `${name}.ext`,
      ]),
    );
  }
}

let server: Server;
let address = "";
/** Common names of the client certificates the server accepted. */
const clients: string[] = [];

beforeAll(async () => {
  makeCertificates();
  server = createServer(
    {
      key: readFileSync(file("server.key")),
      cert: readFileSync(file("server.crt")),
      ca: readFileSync(file("ca.crt")),
      requestCert: true,
      rejectUnauthorized: true,
      ALPNProtocols: ["h2"],
    },
    (socket: TLSSocket) => {
      clients.push(String(socket.getPeerCertificate().subject.CN));
      socket.destroy(); // no gRPC here: the handshake is what is under test
    },
  );
  server.on("tlsClientError", () => undefined);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  address = `127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

const mutualTls = () => ({
  TEMPORAL_TLS_CERT_FILE: file("client.crt"),
  TEMPORAL_TLS_KEY_FILE: file("client.key"),
  TEMPORAL_TLS_CA_FILE: file("ca.crt"),
  TEMPORAL_TLS_SERVER_NAME: "temporal.internal",
});

/** Tries to connect (it cannot succeed: the server speaks no gRPC) and says whether the server accepted the client. */
async function handshake(tls: ReturnType<typeof temporalTls>): Promise<boolean> {
  const before = clients.length;
  await Connection.connect({ address, tls, connectTimeout: 3000 }).then(
    (connection) => connection.close(),
    () => undefined,
  );
  return clients.length > before && clients.at(-1) === "industryos-worker";
}

describe("temporalTls", () => {
  it("is off for the local dev server, when nothing is set", () => {
    expect(temporalTls({})).toBeUndefined();
    expect(temporalTls({ TEMPORAL_TLS: false })).toBeUndefined();
  });

  it("turns on server-authenticated TLS with the system's CAs by TEMPORAL_TLS alone", () => {
    expect(temporalTls({ TEMPORAL_TLS: true })).toEqual({});
  });

  it("reads the certificate pair, the CA and the server name", () => {
    const tls = temporalTls(mutualTls())!;
    expect(tls.serverNameOverride).toBe("temporal.internal");
    expect(Buffer.from(tls.clientCertPair!.crt).toString()).toContain("BEGIN CERTIFICATE");
    expect(Buffer.from(tls.serverRootCACertificate!).toString()).toBe(readFileSync(file("ca.crt"), "utf8"));
  });

  it("refuses a certificate without its key, and names an unreadable file's variable", () => {
    expect(() => temporalTls({ TEMPORAL_TLS_CERT_FILE: file("client.crt") })).toThrow(/set both or neither/);
    expect(() => temporalTls({ ...mutualTls(), TEMPORAL_TLS_CA_FILE: file("missing.crt") })).toThrow(
      /TEMPORAL_TLS_CA_FILE=.*missing\.crt cannot be read/,
    );
  });
});

// The refusals come first: a connection the client gave up on may keep retrying in the background.
describe("a client connection with these settings", () => {
  it("does not get through without the client certificate, or when the name does not match", async () => {
    const { TEMPORAL_TLS_CA_FILE, TEMPORAL_TLS_SERVER_NAME } = mutualTls();
    expect(await handshake(temporalTls({ TEMPORAL_TLS_CA_FILE, TEMPORAL_TLS_SERVER_NAME }))).toBe(false);
    expect(await handshake(temporalTls({ ...mutualTls(), TEMPORAL_TLS_SERVER_NAME: "elsewhere.internal" }))).toBe(
      false,
    );
  });

  it("presents the client certificate to a frontend that demands one", async () => {
    expect(await handshake(temporalTls(mutualTls()))).toBe(true);
  });
});
