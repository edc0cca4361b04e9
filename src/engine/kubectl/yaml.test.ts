import { describe, expect, it } from "vitest";
import { toYaml, yamlInputError, yamlKeyCompare, resolvesToNonString } from "./yaml";
import { goJson } from "./printers";

/**
 * Golden outputs captured from the real kubectl v1.32.5 (`kubectl get pod sample -o yaml|json`)
 * against a stub API server serving SAMPLE.
 */
const SAMPLE = {
  "apiVersion": "v1",
  "kind": "Pod",
  "metadata": {
    "name": "sample",
    "namespace": "default",
    "uid": "0b7c2a1e-1111-4222-8333-944455556666",
    "resourceVersion": "42",
    "creationTimestamp": "2024-12-11T00:00:00Z",
    "labels": {
      "app": "web",
      "pod-template-hash": "7d9c5b4f8"
    },
    "annotations": {
      "a10": "ten",
      "a9": "nine",
      "A": "upper",
      "_b": "underscore",
      "": "empty key",
      "x/y": "true",
      "n": "123",
      "f": "1.5",
      "t": "2024-12-11",
      "c": "a: b",
      "d": "- x",
      "e": "",
      "q": "it's",
      "h": "#x",
      "nl": "line1\nline2\n",
      "tab": "a\tb",
      "u": "héllo ✓",
      "s": " lead",
      "y": "yes",
      "z": "10:30"
    }
  },
  "spec": {
    "containers": [
      {
        "name": "nginx",
        "image": "nginx:1.27",
        "ports": [
          {
            "containerPort": 80,
            "protocol": "TCP"
          }
        ],
        "resources": {}
      }
    ],
    "tolerations": [],
    "nodeSelector": {},
    "terminationGracePeriodSeconds": 30
  },
  "status": {
    "phase": "Pending",
    "conditions": [
      {
        "type": "PodScheduled",
        "status": "False",
        "lastProbeTime": null,
        "lastTransitionTime": "2024-12-11T00:00:01Z",
        "reason": "Unschedulable",
        "message": "0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 3 Insufficient cpu. preemption: 0/4 nodes are available: 1 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod.."
      }
    ],
    "qosClass": "BestEffort"
  }
};

const REAL_YAML = `apiVersion: v1
kind: Pod
metadata:
  annotations:
    "": empty key
    _b: underscore
    A: upper
    a9: nine
    a10: ten
    c: 'a: b'
    d: '- x'
    e: ""
    f: "1.5"
    h: '#x'
    "n": "123"
    nl: |
      line1
      line2
    q: it's
    s: ' lead'
    t: "2024-12-11"
    tab: "a\\tb"
    u: héllo ✓
    x/y: "true"
    "y": "yes"
    z: "10:30"
  creationTimestamp: "2024-12-11T00:00:00Z"
  labels:
    app: web
    pod-template-hash: 7d9c5b4f8
  name: sample
  namespace: default
  resourceVersion: "42"
  uid: 0b7c2a1e-1111-4222-8333-944455556666
spec:
  containers:
  - image: nginx:1.27
    name: nginx
    ports:
    - containerPort: 80
      protocol: TCP
    resources: {}
  nodeSelector: {}
  terminationGracePeriodSeconds: 30
  tolerations: []
status:
  conditions:
  - lastProbeTime: null
    lastTransitionTime: "2024-12-11T00:00:01Z"
    message: '0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane:
      }, 3 Insufficient cpu. preemption: 0/4 nodes are available: 1 Preemption is
      not helpful for scheduling, 3 No preemption victims found for incoming pod..'
    reason: Unschedulable
    status: "False"
    type: PodScheduled
  phase: Pending
  qosClass: BestEffort
`;

const REAL_JSON = `{
    "apiVersion": "v1",
    "kind": "Pod",
    "metadata": {
        "annotations": {
            "": "empty key",
            "A": "upper",
            "_b": "underscore",
            "a10": "ten",
            "a9": "nine",
            "c": "a: b",
            "d": "- x",
            "e": "",
            "f": "1.5",
            "h": "#x",
            "n": "123",
            "nl": "line1\\nline2\\n",
            "q": "it's",
            "s": " lead",
            "t": "2024-12-11",
            "tab": "a\\tb",
            "u": "héllo ✓",
            "x/y": "true",
            "y": "yes",
            "z": "10:30"
        },
        "creationTimestamp": "2024-12-11T00:00:00Z",
        "labels": {
            "app": "web",
            "pod-template-hash": "7d9c5b4f8"
        },
        "name": "sample",
        "namespace": "default",
        "resourceVersion": "42",
        "uid": "0b7c2a1e-1111-4222-8333-944455556666"
    },
    "spec": {
        "containers": [
            {
                "image": "nginx:1.27",
                "name": "nginx",
                "ports": [
                    {
                        "containerPort": 80,
                        "protocol": "TCP"
                    }
                ],
                "resources": {}
            }
        ],
        "nodeSelector": {},
        "terminationGracePeriodSeconds": 30,
        "tolerations": []
    },
    "status": {
        "conditions": [
            {
                "lastProbeTime": null,
                "lastTransitionTime": "2024-12-11T00:00:01Z",
                "message": "0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 3 Insufficient cpu. preemption: 0/4 nodes are available: 1 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod..",
                "reason": "Unschedulable",
                "status": "False",
                "type": "PodScheduled"
            }
        ],
        "phase": "Pending",
        "qosClass": "BestEffort"
    }
}`;

describe("toYaml (kubectl -o yaml)", () => {
  it("matches kubectl byte for byte: key order, quoting, literal blocks, folding at 80 columns", () => {
    expect(toYaml(SAMPLE)).toBe(REAL_YAML);
  });

  it("writes empty maps and lists in flow style and null plainly", () => {
    expect(toYaml({ a: {}, b: [], c: null, d: [[]], e: [{}] })).toBe("a: {}\nb: []\nc: null\nd:\n- []\ne:\n- {}\n");
  });

  it("does not indent sequences inside mappings, and nests sequences of sequences", () => {
    // (checked with kubectl: the key "y" is quoted because YAML 1.1 reads a bare y as true)
    expect(toYaml({ x: [[1, 2], [3]], y: [{ a: 1, b: [true] }] })).toBe('x:\n- - 1\n  - 2\n- - 3\n"y":\n- a: 1\n  b:\n  - true\n');
  });

  it("quotes strings that YAML 1.1 would read as something else", () => {
    const quoted = ["", "true", "False", "yes", "n", "Off", "~", "null", "123", "-1", "0x1F", "08", "1.5", ".5", "1e3", "1_000", "2024-12-11", "2024-12-11T00:00:00Z", "10:30", ".inf"];
    for (const s of quoted) expect(toYaml({ k: s }), s).toBe(`k: ${JSON.stringify(s)}\n`);
    const plain = ["nginx", "web-7d9c5b4f8", "10.244.1.5", "1.2.3", "v1.32.0", "192.168.0.10:6443", "<none>", "a b", "0x", "2024-13-01", "<<"];
    for (const s of plain) expect(toYaml({ k: s }), s).toBe(`k: ${s}\n`);
    expect(resolvesToNonString("0b101")).toBe(true);
    expect(resolvesToNonString("TRUE")).toBe(true);
  });

  it("single-quotes strings the plain style cannot hold, doubling quotes inside", () => {
    expect(toYaml({ k: "a: b" })).toBe("k: 'a: b'\n");
    expect(toYaml({ k: "- x" })).toBe("k: '- x'\n");
    expect(toYaml({ k: "#x" })).toBe("k: '#x'\n");
    expect(toYaml({ k: "*x" })).toBe("k: '*x'\n");
    expect(toYaml({ k: "x " })).toBe("k: 'x '\n");
    expect(toYaml({ k: "{it's}" })).toBe("k: '{it''s}'\n");
  });

  it("double-quotes strings with control characters, with YAML escapes", () => {
    expect(toYaml({ k: "a\tb" })).toBe('k: "a\\tb"\n');
    expect(toYaml({ k: "esc\u001b" })).toBe('k: "esc\\e"\n');
    expect(toYaml({ k: "emoji 😀" })).toBe('k: "emoji \\U0001F600"\n');
  });

  it("folds a long plain string at the first space past column 80, indented under its key (checked with kubectl)", () => {
    const s = "word ".repeat(20).trim();
    expect(toYaml({ message: s })).toBe(
      "message: word word word word word word word word word word word word word word word\n  word word word word word\n",
    );
  });

  it("uses literal blocks for multi-line strings, with chomping indicators", () => {
    expect(toYaml({ k: "a\nb" })).toBe("k: |-\n  a\n  b\n");
    expect(toYaml({ k: "a\nb\n" })).toBe("k: |\n  a\n  b\n");
    expect(toYaml({ k: "a\n\n" })).toBe("k: |+\n  a\n\n");
    expect(toYaml({ k: " a\nb" })).toBe("k: |2-\n   a\n  b\n");
  });

  it("sorts keys as go-yaml does: non-letters first, digit runs as numbers", () => {
    const keys = ["b1", "a10", "a9", "A", "_b", "Z", "b-1", "b.1", "1", "10", "9", "a01", "a1"];
    expect([...keys].sort(yamlKeyCompare)).toEqual(["_b", "1", "9", "10", "A", "Z", "a1", "a01", "a9", "a10", "b-1", "b.1", "b1"]);
  });

  it("reports the characters go-yaml refuses, as kubectl does", () => {
    expect(yamlInputError({ k: "del\u007f" })).toBe("error: yaml: control characters are not allowed");
    expect(yamlInputError({ k: "fine\u0085" })).toBeUndefined();
  });
});

describe("goJson (kubectl -o json)", () => {
  it("matches kubectl byte for byte: sorted keys, 4-space indent", () => {
    expect(goJson(SAMPLE)).toBe(REAL_JSON);
  });

  it("escapes <, > and & as encoding/json does", () => {
    expect(goJson({ k: "<a&b>" })).toBe('{\n    "k": "\\u003ca\\u0026b\\u003e"\n}');
  });
});
