import { describe, expect, it } from "vitest";
import { CidrSet } from "./cidrset";

describe("node IPAM CidrSet (10.244.0.0/16, /24 per node)", () => {
  it("hands out 10.244.0.0/24, 10.244.1.0/24, ... skipping occupied ones", () => {
    const s = new CidrSet("10.244.0.0/16", 24);
    expect(s.occupy("10.244.1.0/24")).toBe(true);
    expect([s.allocateNext(), s.allocateNext(), s.allocateNext()]).toEqual(["10.244.0.0/24", "10.244.2.0/24", "10.244.3.0/24"]);
    s.release("10.244.0.0/24");
    expect(s.allocateNext()).toBe("10.244.4.0/24");
  });

  it("runs out after 256 nodes", () => {
    const s = new CidrSet("10.244.0.0/16", 24);
    for (let i = 0; i < 256; i++) expect(s.allocateNext()).toBeDefined();
    expect(s.allocateNext()).toBeUndefined();
  });
});
