import { describe, expect, it } from "vitest";
import { parseAction } from "../engine/kubectl/parse";
import { createDeploymentLine, deletePodLine, machineLine, scaleDeploymentLine, shellWord } from "./commandLines";

describe("toolbar lines", () => {
  it("write the action language the command bar takes", () => {
    expect(createDeploymentLine(" api ", "nginx:1.27", 3)).toBe("kubectl create deployment api --image=nginx:1.27 --replicas=3");
    expect(scaleDeploymentLine("web", 5)).toBe("kubectl scale deployment web --replicas=5");
    expect(deletePodLine("web-7d9c-x2x4q")).toBe("kubectl delete pod web-7d9c-x2x4q");
    expect(machineLine("stop", "worker-2")).toBe("stop node worker-2");
  });

  it("parse back to the intended actions", () => {
    expect(parseAction(createDeploymentLine("api", "nginx", 2))).toMatchObject({ type: "create-deployment", name: "api", image: "nginx", replicas: 2 });
    expect(parseAction(scaleDeploymentLine("web", 0))).toMatchObject({ type: "scale", name: "web", replicas: 0 });
    expect(parseAction(deletePodLine("web-1"))).toMatchObject({ type: "delete", resource: "pods", name: "web-1" });
    expect(parseAction(machineLine("start", "worker-1"))).toMatchObject({ type: "start-node", node: "worker-1" });
  });

  it("quote odd words so they stay one word", () => {
    expect(shellWord("web")).toBe("web");
    expect(shellWord("")).toBe("''");
    expect(shellWord("my app")).toBe("'my app'");
    expect(shellWord("it's")).toBe(`'it'\\''s'`);
    expect(parseAction(createDeploymentLine("my app", "nginx", 1))).toMatchObject({ name: "my app" });
  });
});
