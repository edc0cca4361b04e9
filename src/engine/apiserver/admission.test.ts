import { describe, expect, it } from "vitest";
import type { Pod } from "../api/types";
import { driver } from "../testing/driver";
import { API_TOKEN_MOUNT_PATH, admitPodCreate, admitServiceAccount, apiAccessSuffix } from "./admission";

const pod = (spec: Partial<Pod["spec"]> = {}): Pod =>
  ({
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "web-1", namespace: "default", uid: "99e9abbe-a7ee-4843-8c17-40755178b4d0" },
    spec: { containers: [{ name: "nginx", image: "nginx" }], ...spec },
    status: {},
  }) as unknown as Pod;

describe("ServiceAccount admission (plugin/pkg/admission/serviceaccount)", () => {
  it("runs a pod as the default account, mirrored into the deprecated serviceAccount, with the projected token volume mounted read-only", () => {
    const p = admitPodCreate(pod());
    expect(p.spec.serviceAccountName).toBe("default");
    expect(p.spec.serviceAccount).toBe("default");
    const name = p.spec.volumes![0].name;
    expect(name).toMatch(/^kube-api-access-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(p.spec.volumes).toEqual([
      {
        name,
        projected: {
          defaultMode: 420,
          sources: [
            { serviceAccountToken: { expirationSeconds: 3607, path: "token" } },
            { configMap: { name: "kube-root-ca.crt", items: [{ key: "ca.crt", path: "ca.crt" }] } },
            { downwardAPI: { items: [{ path: "namespace", fieldRef: { apiVersion: "v1", fieldPath: "metadata.namespace" } }] } },
          ],
        },
      },
    ]);
    expect(p.spec.containers[0].volumeMounts).toEqual([{ name, readOnly: true, mountPath: "/var/run/secrets/kubernetes.io/serviceaccount" }]);
  });

  it("keeps a named account; mounts nothing with automountServiceAccountToken false, or over a container's own mount at the path", () => {
    expect(admitServiceAccount(pod({ serviceAccountName: "builder" })).spec).toMatchObject({ serviceAccountName: "builder", serviceAccount: "builder" });
    const off = admitServiceAccount(pod({ automountServiceAccountToken: false }));
    expect(off.spec.volumes).toBeUndefined();
    expect(off.spec.containers[0].volumeMounts).toBeUndefined();
    const own = admitServiceAccount(pod({ containers: [{ name: "a", image: "x", volumeMounts: [{ name: "mine", mountPath: API_TOKEN_MOUNT_PATH }] }] }));
    expect(own.spec.volumes).toBeUndefined();
    expect(own.spec.containers[0].volumeMounts).toEqual([{ name: "mine", mountPath: API_TOKEN_MOUNT_PATH }]);
  });

  it("names the volume from the pod's uid: the same pod, the same name, and no draw from the PRNG", () => {
    expect(apiAccessSuffix("99e9abbe-a7ee-4843-8c17-40755178b4d0")).toBe(apiAccessSuffix("99e9abbe-a7ee-4843-8c17-40755178b4d0"));
    expect(apiAccessSuffix("99e9abbe-a7ee-4843-8c17-40755178b4d0")).not.toBe(apiAccessSuffix("de6dc9ca-d0f7-4c5e-ace8-8d8ad6b2ae42"));
  });
});

describe("the token volume in a running pod", () => {
  it("is in the spec as admitted, and in the kubelet's container status with recursiveReadOnly Disabled", () => {
    const d = driver(1, { masters: 1, workers: 1 });
    d.run("kubectl create deployment web --image=nginx");
    d.advance(15_000);
    const [p] = d.pods();
    const name = p.spec.volumes![0].name;
    expect(p.spec.containers[0].volumeMounts).toEqual([{ name, readOnly: true, mountPath: "/var/run/secrets/kubernetes.io/serviceaccount" }]);
    expect(p.status.phase).toBe("Running");
    expect(p.status.containerStatuses![0].volumeMounts).toEqual([{ name, mountPath: "/var/run/secrets/kubernetes.io/serviceaccount", readOnly: true, recursiveReadOnly: "Disabled" }]);
  });
});
