import { readdirSync, readFileSync, readlinkSync } from "node:fs";

export interface Listener {
  /** "127.0.0.1", "0.0.0.0", "::", ... */
  address: string;
  inode: string;
}

function ipv4(hex: string): string {
  // /proc/net/tcp writes the address as one little-endian 32-bit number.
  return [6, 4, 2, 0].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(".");
}

/** The sockets listening on a TCP port, read from /proc/net/tcp and tcp6 (Linux). */
export function tcpListeners(port: number): Listener[] {
  const found: Listener[] = [];
  for (const file of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch {
      continue;
    }
    for (const line of text.trim().split("\n").slice(1)) {
      const fields = line.trim().split(/\s+/);
      const [addressHex, portHex] = (fields[1] ?? "").split(":");
      if (fields[3] !== "0A" || parseInt(portHex ?? "", 16) !== port || !addressHex) continue;
      const address =
        addressHex.length === 8
          ? ipv4(addressHex)
          : /^0+$/.test(addressHex)
            ? "::"
            : addressHex === "00000000000000000000000001000000"
              ? "::1"
              : addressHex;
      found.push({ address, inode: fields[9] ?? "" });
    }
  }
  return found;
}

/** The process holding the socket listening on a TCP port (needs to see that process's /proc/<pid>/fd). */
export function pidListeningOn(port: number): number | undefined {
  const inodes = new Set(tcpListeners(port).map((l) => `socket:[${l.inode}]`));
  if (inodes.size === 0) return undefined;
  for (const pid of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        if (inodes.has(readlinkSync(`/proc/${pid}/fd/${fd}`))) return Number(pid);
      } catch {
        // closed meanwhile
      }
    }
  }
  return undefined;
}

/** Established TCP connections whose local port is `port` (a server's accepted connections), from /proc/net/tcp and tcp6. */
export function establishedOn(port: number): number {
  let count = 0;
  for (const file of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch {
      continue;
    }
    for (const line of text.trim().split("\n").slice(1)) {
      const fields = line.trim().split(/\s+/);
      const portHex = (fields[1] ?? "").split(":")[1];
      if (fields[3] === "01" && parseInt(portHex ?? "", 16) === port) count++;
    }
  }
  return count;
}
