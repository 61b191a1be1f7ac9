import { describe, expect, it } from "vitest";
import { addressRefusal, classifyAddress } from "../src/index.ts";

describe("which addresses the platform may reach", () => {
  it.each([
    ["8.8.8.8", "public"],
    ["93.184.215.14", "public"],
    ["172.32.0.1", "public"],
    ["2606:4700:4700::1111", "public"],
    ["127.0.0.1", "private"],
    ["127.8.9.10", "private"],
    ["0.0.0.0", "private"],
    ["10.1.2.3", "private"],
    ["172.16.0.1", "private"],
    ["172.31.255.255", "private"],
    ["192.168.1.1", "private"],
    ["100.64.0.1", "private"],
    ["::1", "private"],
    ["[::1]", "private"],
    ["::", "private"],
    ["fd00::1", "private"],
    ["::ffff:127.0.0.1", "private"],
    ["::ffff:7f00:1", "private"],
    ["169.254.169.254", "link-local"],
    ["169.254.0.1", "link-local"],
    ["fe80::1", "link-local"],
    ["fe80::1%eth0", "link-local"],
    ["febf::1", "link-local"],
    // The metadata service reached through IPv6 forms that carry an IPv4 address.
    ["::ffff:169.254.169.254", "link-local"],
    ["::ffff:a9fe:a9fe", "link-local"],
    ["::169.254.169.254", "link-local"],
    ["64:ff9b::a9fe:a9fe", "link-local"],
    ["2002:a9fe:a9fe::1", "link-local"],
    ["224.0.0.1", "special"],
    ["255.255.255.255", "special"],
    ["ff02::1", "special"],
    ["not-an-address", "special"],
  ])("%s is %s", (address, expected) => {
    expect(classifyAddress(address)).toBe(expected);
  });

  it("lets private networks through only when the policy allows them; link-local and reserved never", () => {
    const closed = { allowPrivateNetworks: false };
    const open = { allowPrivateNetworks: true };
    expect(addressRefusal("8.8.8.8", closed)).toBeNull();
    expect(addressRefusal("127.0.0.1", closed)).toMatch(/private address: refused/);
    expect(addressRefusal("127.0.0.1", open)).toBeNull();
    expect(addressRefusal("10.0.0.1", open)).toBeNull();
    expect(addressRefusal("169.254.169.254", open)).toMatch(/link-local .*always refused/);
    expect(addressRefusal("fe80::1", open)).toMatch(/link-local .*always refused/);
    expect(addressRefusal("224.0.0.1", open)).toMatch(/always refused/);
  });
});
