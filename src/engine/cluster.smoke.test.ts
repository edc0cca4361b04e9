import { describe, expect, it } from "vitest";
import { Cluster } from "./cluster";

describe("cluster core smoke", () => {
  it("creates a deployment through LB, apiserver and etcd", () => {
    const c = new Cluster({ seed: 1 });
    c.runUntil(100);
    let result: unknown;
    c.schedule(200, { type: "create-deployment", line: "", namespace: "default", name: "web", image: "nginx", replicas: 3 }, (r) => (result = r));
    c.runUntil(1000);
    expect(result).toEqual({ ok: true, output: "deployment.apps/web created" });
    const dep = c.objects().find((o) => o.kind === "Deployment")!;
    expect(dep.metadata.resourceVersion).toMatch(/^\d+$/);
    let got: unknown;
    c.schedule(1100, { type: "get", line: "", namespace: "default", allNamespaces: false, resource: "deployments", output: "" }, (r) => (got = r));
    c.runUntil(2000);
    expect(got).toMatchObject({ ok: true });
    expect((got as { output: string }).output.split("\n")[0]).toMatch(/^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE$/);
    expect((got as { output: string }).output.split("\n")[1]).toMatch(/^web\s+0\/3\s+/);
    let dup: unknown;
    c.schedule(2100, { type: "create-deployment", line: "", namespace: "default", name: "web", image: "nginx", replicas: 3 }, (r) => (dup = r));
    c.runUntil(3000);
    expect(dup).toEqual({ ok: false, error: 'error: failed to create deployment: deployments.apps "web" already exists' });
  });
});
