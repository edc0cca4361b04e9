import { describe, expect, it } from "vitest";
import { Backoff } from "./backoff";
import { goDuration } from "./goduration";
import { parseImage } from "./images";
import { derivedPodCIDR, HostLocalIpam } from "./ipam";
import { createMergePatch } from "./mergepatch";
import { aggregate } from "./runtimestate";

describe("goDuration (Go's time.Duration.String)", () => {
  it("prints as Go does", () => {
    expect(goDuration(0)).toBe("0s");
    expect(goDuration(527)).toBe("527ms");
    expect(goDuration(1000)).toBe("1s");
    expect(goDuration(1234)).toBe("1.234s");
    expect(goDuration(2500)).toBe("2.5s");
    expect(goDuration(60_000)).toBe("1m0s");
    expect(goDuration(80_000)).toBe("1m20s");
    expect(goDuration(300_000)).toBe("5m0s");
    expect(goDuration(180_991)).toBe("3m0.991s");
    expect(goDuration(3_600_000)).toBe("1h0m0s");
  });
});

describe("parseImage (docker reference normalization)", () => {
  it("adds docker.io/library/ and :latest as containerd does", () => {
    expect(parseImage("nginx")).toMatchObject({ full: "docker.io/library/nginx:latest", repo: "docker.io/library/nginx", tag: "latest" });
    expect(parseImage("nginx:1.27")).toMatchObject({ full: "docker.io/library/nginx:1.27" });
    expect(parseImage("bitnami/redis:7.4")).toMatchObject({ full: "docker.io/bitnami/redis:7.4" });
    expect(parseImage("registry.k8s.io/pause:3.10")).toMatchObject({ domain: "registry.k8s.io", path: "pause", full: "registry.k8s.io/pause:3.10" });
    expect(parseImage("localhost:5000/app")).toMatchObject({ domain: "localhost:5000", full: "localhost:5000/app:latest" });
    const digest = "sha256:" + "a".repeat(64);
    expect(parseImage(`nginx@${digest}`)).toMatchObject({ full: `docker.io/library/nginx@${digest}`, tag: undefined });
  });

  it("rejects upper case as the reference parser does", () => {
    expect(parseImage("Nginx")).toEqual({ error: 'couldn\'t parse image name "Nginx": invalid reference format: repository name (library/Nginx) must be lowercase' });
  });
});

describe("host-local IPAM", () => {
  it("hands out .2, .3, ... round-robin, skipping the gateway and not reusing a freed address at once", () => {
    const ipam = new HostLocalIpam();
    ipam.setRange("10.244.1.0/24");
    expect(ipam.allocate("a")).toBe("10.244.1.2");
    expect(ipam.allocate("b")).toBe("10.244.1.3");
    ipam.release("a");
    expect(ipam.allocate("c")).toBe("10.244.1.4");
    expect(derivedPodCIDR(0)).toBe("10.244.0.0/24");
    expect(derivedPodCIDR(300)).toBe("10.245.44.0/24");
  });
});

describe("flowcontrol.Backoff (10 s doubling to 300 s)", () => {
  it("doubles per failure up to the cap and forgets after twice the cap", () => {
    const b = new Backoff(10_000, 300_000);
    const seq: number[] = [];
    for (let i = 0; i < 7; i++) {
      b.next("k", i, i);
      seq.push(b.get("k"));
    }
    expect(seq).toEqual([10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000]);
    expect(b.isInBackOffSinceUpdate("k", 100)).toBe(true);
    b.next("k", 700_000, 700_000);
    expect(b.get("k")).toBe(10_000);
  });
});

describe("helpers", () => {
  it("errors.NewAggregate formatting", () => {
    expect(aggregate([])).toBeNull();
    expect(aggregate(["a"])).toBe("a");
    expect(aggregate(["a", "b"])).toBe("[a, b]");
    expect(aggregate(["a", "a"])).toBe("a");
  });

  it("merge patches send only what changed, arrays whole, removals as null", () => {
    expect(createMergePatch({ a: 1, b: { c: 2, d: 3 }, e: [1] }, { a: 1, b: { c: 2 }, e: [1, 2] })).toEqual({ b: { d: null }, e: [1, 2] });
    expect(createMergePatch({ a: 1 }, { a: 1 })).toEqual({});
  });
});
