import { describe, expect, it } from "vitest";
import { computeHash } from "./hash";
import { template } from "../fixtures";
import { ALPHANUMS } from "../../prng";

describe("computeHash (pod-template-hash)", () => {
  it("is stable for a template and whatever order its fields were built in", () => {
    const a = template({ app: "web", tier: "front" });
    const b = { spec: { containers: [{ image: "nginx", name: "nginx" }] }, metadata: { labels: { tier: "front", app: "web" } } };
    expect(computeHash(a)).toBe(computeHash(a));
    expect(computeHash(a)).toBe(computeHash(b));
  });

  it("is a name-safe string of 6–10 characters from the rand alphabet", () => {
    for (const image of ["nginx", "nginx:1.27", "redis", "busybox", "registry.k8s.io/pause:3.10"]) {
      const h = computeHash(template({ app: "x" }, image));
      expect(h).toMatch(new RegExp(`^[${ALPHANUMS}]{6,10}$`));
      expect(`web-${h}`).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
    }
  });

  it("changes with the template and with the collision count", () => {
    const t = template();
    expect(computeHash(template({ app: "web" }, "nginx:1.27"))).not.toBe(computeHash(t));
    expect(computeHash(t, 1)).not.toBe(computeHash(t));
    expect(computeHash(t, 2)).not.toBe(computeHash(t, 1));
  });
});
