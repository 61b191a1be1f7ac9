import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Certificates for X.509 chain provisioning tests, made with the openssl command line in a temporary folder. */
export function certificateFactory() {
  const dir = mkdtempSync(join(tmpdir(), "x509-chain-"));
  const openssl = (...args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: "pipe" });
  const read = (name: string) => readFileSync(join(dir, name), "utf8");
  writeFileSync(join(dir, "ca.ext"), "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n");
  writeFileSync(join(dir, "leaf.ext"), "basicConstraints=CA:FALSE\nsubjectAltName=IP:127.0.0.1,DNS:localhost\n");

  function signed(name: string, subject: string, issuer: string, ext: "ca.ext" | "leaf.ext") {
    openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", `${name}.key`, "-out", `${name}.csr`, "-subj", subject);
    openssl(
      "x509",
      "-req",
      "-in",
      `${name}.csr`,
      "-CA",
      `${issuer}.crt`,
      "-CAkey",
      `${issuer}.key`,
      "-CAcreateserial",
      "-out",
      `${name}.crt`,
      "-days",
      "2",
      "-extfile",
      ext,
    );
    return { cert: read(`${name}.crt`), key: read(`${name}.key`) };
  }

  return {
    /** A self-signed root CA. */
    rootCa(name: string, commonName: string) {
      openssl(
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        `${name}.key`,
        "-out",
        `${name}.crt`,
        "-days",
        "2",
        "-subj",
        `/CN=${commonName}`,
        "-addext",
        "basicConstraints=critical,CA:TRUE",
        "-addext",
        "keyUsage=critical,keyCertSign,cRLSign",
      );
      return { cert: read(`${name}.crt`), key: read(`${name}.key`) };
    },
    intermediateCa: (name: string, commonName: string, issuer: string) =>
      signed(name, `/CN=${commonName}`, issuer, "ca.ext"),
    /** A device's (or the server's) certificate signed by `issuer`. */
    leaf: (name: string, commonName: string, issuer: string) => signed(name, `/CN=${commonName}`, issuer, "leaf.ext"),
    file: (name: string) => join(dir, name),
  };
}
