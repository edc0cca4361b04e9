import { describe, expect, it } from "vitest";
import type { Action } from "./action";
import { goQuote, parseAction, parseActionDetailed, parseGoDuration, parseGoInt, tokenize } from "./parse";

const ok = (line: string): Action => {
  const r = parseAction(line);
  if ("error" in r) throw new Error(`${line}: ${r.error}`);
  return r;
};
const error = (line: string): string => {
  const r = parseAction(line);
  if (!("error" in r)) throw new Error(`${line}: parsed as ${JSON.stringify(r)}`);
  return r.error;
};

describe("kubectl create deployment", () => {
  it("takes a name and --image, with replicas 1 and no port by default", () => {
    expect(ok("kubectl create deployment web --image=nginx")).toEqual({
      type: "create-deployment",
      line: "kubectl create deployment web --image=nginx",
      namespace: "default",
      name: "web",
      image: "nginx",
      replicas: 1,
    });
  });

  it("takes --replicas, --port and the namespace in every flag form", () => {
    const a = { type: "create-deployment", namespace: "prod", name: "web", image: "nginx:1.27", replicas: 3, port: 80 };
    for (const line of [
      "kubectl create deployment web --image=nginx:1.27 --replicas=3 --port=80 -n prod",
      "kubectl create deployment web --image nginx:1.27 --replicas 3 --port 80 --namespace prod",
      "kubectl create deploy web --image=nginx:1.27 -r3 --port=80 -nprod",
      "kubectl create deployment web --image=nginx:1.27 -r=3 --port=80 -n=prod",
      "kubectl create deployment --namespace=prod --image=nginx:1.27 -r 3 --port=80 web",
      "kubectl -n prod create deployment web --image=nginx:1.27 --replicas=3 --port=80",
      "kubectl create -n prod deployment web --image=nginx:1.27 --replicas=3 --port=80",
      "  kubectl   create deployment web '--image=nginx:1.27' \"--replicas=3\" --port=80 -n prod  # comment",
    ]) {
      expect(ok(line), line).toMatchObject(a);
    }
  });

  it("reads integers as Go's strconv.ParseInt(s, 0, 32) does", () => {
    expect(ok("kubectl create deployment web --image=nginx --replicas=0x10")).toMatchObject({ replicas: 16 });
    expect(ok("kubectl create deployment web --image=nginx --replicas=010")).toMatchObject({ replicas: 8 });
    expect(ok("kubectl create deployment web --image=nginx --replicas=1_0")).toMatchObject({ replicas: 10 });
    expect(ok("kubectl create deployment web --image=nginx --replicas=+2")).toMatchObject({ replicas: 2 });
  });

  it("passes values the API server validates (negative replicas, odd names) through to it", () => {
    expect(ok("kubectl create deployment Web --image=nginx --replicas=-1")).toMatchObject({ name: "Web", replicas: -1 });
    // create_deployment.go: a negative --port means no containerPort
    expect(ok("kubectl create deployment web --image=nginx --port=-1")).not.toHaveProperty("port");
    expect(ok("kubectl create deployment web --image=nginx --port=0")).toMatchObject({ port: 0 });
  });

  // Every string below is what kubectl v1.32.5 prints (first line), checked with the real binary.
  it.each([
    ["kubectl create deployment web", 'error: required flag(s) "image" not set'],
    ["kubectl create deployment", 'error: required flag(s) "image" not set'],
    ["kubectl create deployment --image=nginx", "error: exactly one NAME is required, got 0"],
    ["kubectl create deployment a b --image=nginx", "error: exactly one NAME is required, got 2"],
    ["kubectl create deployment web --image=nginx --replicas=abc", 'error: invalid argument "abc" for "-r, --replicas" flag: strconv.ParseInt: parsing "abc": invalid syntax'],
    ["kubectl create deployment web --image=nginx --replicas=", 'error: invalid argument "" for "-r, --replicas" flag: strconv.ParseInt: parsing "": invalid syntax'],
    ["kubectl create deployment web --image=nginx --replicas=1.5", 'error: invalid argument "1.5" for "-r, --replicas" flag: strconv.ParseInt: parsing "1.5": invalid syntax'],
    ["kubectl create deployment web --image=nginx --replicas=_10", 'error: invalid argument "_10" for "-r, --replicas" flag: strconv.ParseInt: parsing "_10": invalid syntax'],
    ["kubectl create deployment web --image=nginx --replicas=08", 'error: invalid argument "08" for "-r, --replicas" flag: strconv.ParseInt: parsing "08": invalid syntax'],
    [
      "kubectl create deployment web --image=nginx --replicas=99999999999",
      'error: invalid argument "99999999999" for "-r, --replicas" flag: strconv.ParseInt: parsing "99999999999": value out of range',
    ],
    ["kubectl create deployment web --image=nginx -rx", 'error: invalid argument "x" for "-r, --replicas" flag: strconv.ParseInt: parsing "x": invalid syntax'],
    ["kubectl create deployment web --image=nginx --port=abc", 'error: invalid argument "abc" for "--port" flag: strconv.ParseInt: parsing "abc": invalid syntax'],
    ["kubectl create deployment web --image=nginx --replicas", "error: flag needs an argument: --replicas"],
    ["kubectl create deployment web --image=nginx -r", "error: flag needs an argument: 'r' in -r"],
    ["kubectl create deployment web --image=nginx --foo", "error: unknown flag: --foo"],
    ["kubectl create deployment web --image=nginx --foo=bar", "error: unknown flag: --foo"],
    ["kubectl create deployment web --image=nginx -x", "error: unknown shorthand flag: 'x' in -x"],
    ["kubectl create deployment web --image=nginx -f x", "error: unknown shorthand flag: 'f' in -f"],
    ["kubectl create deployment web ---foo", "error: bad flag syntax: ---foo"],
    ["kubectl create deployment web --=x", "error: bad flag syntax: --=x"],
    ["kubectl create foo web", "error: Unexpected args: [foo web]"],
    ["kubectl create", "error: must specify one of -f and -k"],
  ])("%s → %s", (line, message) => {
    expect(error(line)).toBe(message);
  });

  it("rejects what ClusterScope does not simulate, after kubectl's own checks", () => {
    expect(error("kubectl create deployment web --image=nginx --dry-run=client")).toBe(
      'error: ClusterScope does not support the "--dry-run" flag of "kubectl create deployment"',
    );
    expect(error("kubectl create deployment web --image=nginx --image=redis")).toBe("error: ClusterScope supports one --image per deployment");
    expect(error("kubectl create deployment web --image=nginx,redis")).toBe("error: ClusterScope supports one --image per deployment");
    expect(error("kubectl create service clusterip web")).toBe(
      'error: "kubectl create service" is not supported by ClusterScope; it supports kubectl create deployment',
    );
  });
});

describe("kubectl scale", () => {
  it("scales deployments and replicasets by type and name, or type/name", () => {
    const dep = { type: "scale", namespace: "default", resource: "deployments", name: "web", replicas: 5 };
    for (const line of [
      "kubectl scale deployment web --replicas=5",
      "kubectl scale deploy web --replicas 5",
      "kubectl scale deployments/web --replicas=5",
      "kubectl scale deploy/web --replicas=5",
      "kubectl scale Deployment web --replicas=5",
      "kubectl scale deployments.apps web --replicas=5",
      "kubectl scale deployments.v1.apps web --replicas=5",
      "kubectl scale --replicas=5 deployment web",
      "kubectl --replicas=5 scale deployment web",
    ]) {
      expect(ok(line), line).toMatchObject(dep);
    }
    expect(ok("kubectl scale rs web-7d9c5b4f8 --replicas=0 -n prod")).toMatchObject({
      resource: "replicasets",
      name: "web-7d9c5b4f8",
      replicas: 0,
      namespace: "prod",
    });
    expect(ok("kubectl scale replicaset/web-7d9c5b4f8 --replicas=1")).toMatchObject({ resource: "replicasets", name: "web-7d9c5b4f8" });
  });

  it.each([
    ["kubectl scale deployment web", 'error: required flag(s) "replicas" not set'],
    ["kubectl scale", 'error: required flag(s) "replicas" not set'],
    ["kubectl scale --replicas=3", "error: You must provide one or more resources by argument or filename."],
    ["kubectl scale deployment --replicas=3", "error: resource(s) were provided, but no name was specified"],
    ["kubectl scale deployment web --replicas=-1", "error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0"],
    ["kubectl scale deployment web --replicas=x", 'error: invalid argument "x" for "--replicas" flag: strconv.ParseInt: parsing "x": invalid syntax'],
    ["kubectl scale -r 3 deployment web", "error: unknown shorthand flag: 'r' in -r"],
    ["kubectl scale foo web --replicas=3", 'error: the server doesn\'t have a resource type "foo"'],
    ["kubectl scale statefulsets web --replicas=3", 'error: the server doesn\'t have a resource type "statefulsets"'],
    [
      "kubectl scale deployment web rs/x --replicas=3",
      "error: there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'",
    ],
    ["kubectl scale deployment/ --replicas=3", "error: arguments in resource/name form must have a single resource and name"],
    ["kubectl scale deployment/a/b --replicas=3", "error: arguments in resource/name form may not have more than one slash"],
    ["kubectl scale deployment web --replicas=3 --current-replicas=abc", 'error: invalid argument "abc" for "--current-replicas" flag: strconv.ParseInt: parsing "abc": invalid syntax'],
    ["kubectl scale deployment web --replicas=3 --timeout=5", 'error: invalid argument "5" for "--timeout" flag: time: missing unit in duration "5"'],
    ["kubectl scale deployment web --replicas=3 --timeout=5d", 'error: invalid argument "5d" for "--timeout" flag: time: unknown unit "d" in duration "5d"'],
    ["kubectl scale deployment web --replicas=3 --timeout=abc", 'error: invalid argument "abc" for "--timeout" flag: time: invalid duration "abc"'],
  ])("%s → %s", (line, message) => {
    expect(error(line)).toBe(message);
  });

  it("rejects what ClusterScope does not simulate", () => {
    expect(error("kubectl scale pods web-1 --replicas=2")).toBe("error: ClusterScope can scale deployments and replicasets, not pods");
    expect(error("kubectl scale deployment a b --replicas=2")).toBe("error: ClusterScope scales one object per action");
    expect(error("kubectl scale deployment web --replicas=2 --timeout=5s")).toBe(
      'error: ClusterScope does not support the "--timeout" flag of "kubectl scale"',
    );
  });
});

describe("kubectl delete", () => {
  it("deletes pods, deployments, replicasets, services and nodes by every name form", () => {
    const cases: [string, string, string][] = [
      ["kubectl delete pod web-1", "pods", "web-1"],
      ["kubectl delete pods web-1", "pods", "web-1"],
      ["kubectl delete po web-1", "pods", "web-1"],
      ["kubectl delete pod/web-1", "pods", "web-1"],
      ["kubectl delete po/web-1", "pods", "web-1"],
      ["kubectl delete deployment web", "deployments", "web"],
      ["kubectl delete deploy/web", "deployments", "web"],
      ["kubectl delete replicaset web-7d9c5b4f8", "replicasets", "web-7d9c5b4f8"],
      ["kubectl delete rs web-7d9c5b4f8", "replicasets", "web-7d9c5b4f8"],
      ["kubectl delete service web", "services", "web"],
      ["kubectl delete svc/web", "services", "web"],
      ["kubectl delete node worker-1", "nodes", "worker-1"],
      ["kubectl delete no worker-1", "nodes", "worker-1"],
    ];
    for (const [line, resource, name] of cases) {
      expect(ok(line), line).toEqual({ type: "delete", line, namespace: "default", resource, name });
    }
    expect(ok("kubectl delete pod web-1 -n kube-system")).toMatchObject({ namespace: "kube-system" });
  });

  it.each([
    ["kubectl delete", "error: You must provide one or more resources by argument or filename."],
    ["kubectl delete pod", "error: resource(s) were provided, but no name was specified"],
    ["kubectl delete foo x", 'error: the server doesn\'t have a resource type "foo"'],
    ["kubectl delete pod x --grace-period=x", 'error: invalid argument "x" for "--grace-period" flag: strconv.ParseInt: parsing "x": invalid syntax'],
    ["kubectl delete pod x --now=maybe", 'error: invalid argument "maybe" for "--now" flag: strconv.ParseBool: parsing "maybe": invalid syntax'],
  ])("%s → %s", (line, message) => {
    expect(error(line)).toBe(message);
  });

  it("rejects what ClusterScope does not simulate", () => {
    expect(error("kubectl delete lease kube-scheduler")).toBe("error: ClusterScope can delete pods, deployments, replicasets, services, nodes, not leases");
    expect(error("kubectl delete pod a b")).toBe("error: ClusterScope deletes one object per action");
    expect(error("kubectl delete pod a --force")).toBe('error: ClusterScope does not support the "--force" flag of "kubectl delete"');
    expect(error("kubectl delete pods,deploy a")).toBe("error: ClusterScope handles one resource type per action");
  });
});

describe("kubectl cordon and uncordon", () => {
  it("takes one node, by name or node/NAME", () => {
    expect(ok("kubectl cordon worker-1")).toEqual({ type: "cordon", line: "kubectl cordon worker-1", node: "worker-1" });
    expect(ok("kubectl uncordon worker-1")).toEqual({ type: "uncordon", line: "kubectl uncordon worker-1", node: "worker-1" });
    expect(ok("kubectl cordon node/worker-2")).toMatchObject({ node: "worker-2" });
    expect(ok("kubectl cordon no/worker-2")).toMatchObject({ node: "worker-2" });
  });

  it.each([
    ["kubectl cordon", "error: USAGE: cordon NODE [flags]"],
    ["kubectl uncordon", "error: USAGE: uncordon NODE [flags]"],
    ["kubectl cordon worker-1 --foo", "error: unknown flag: --foo"],
    ["kubectl cordon worker-1 -x", "error: unknown shorthand flag: 'x' in -x"],
  ])("%s → %s", (line, message) => {
    expect(error(line)).toBe(message);
  });

  it("rejects what ClusterScope does not simulate", () => {
    expect(error("kubectl cordon a b")).toBe("error: ClusterScope cordons one node per action");
    expect(error("kubectl cordon -l role=x")).toBe('error: ClusterScope does not support the "-l, --selector" flag of "kubectl cordon"');
    expect(error("kubectl cordon pod/x")).toBe("error: ClusterScope can only cordon nodes, not pods");
  });
});

describe("kubectl expose", () => {
  it("exposes a deployment, replicaset, pod or service by type and name, with --port, --target-port and --name", () => {
    expect(ok("kubectl expose deployment web --port=80")).toEqual({
      type: "expose",
      line: "kubectl expose deployment web --port=80",
      namespace: "default",
      resource: "deployments",
      name: "web",
      port: "80",
      targetPort: "",
      serviceName: "",
      protocol: "",
      serviceType: "",
    });
    expect(ok("kubectl expose deploy/web --port 80 --target-port=8080 --name web-svc -n prod")).toMatchObject({
      resource: "deployments",
      name: "web",
      namespace: "prod",
      port: "80",
      targetPort: "8080",
      serviceName: "web-svc",
    });
    expect(ok("kubectl expose rs web-abc")).toMatchObject({ resource: "replicasets", port: "" });
    expect(ok("kubectl expose po/web-abc --port=80")).toMatchObject({ resource: "pods" });
  });

  it("answers as kubectl does", () => {
    expect(error("kubectl expose")).toBe("error: You must provide one or more resources by argument or filename.");
    expect(error("kubectl expose deployment")).toBe("error: resource(s) were provided, but no name was specified");
    expect(error("kubectl expose node worker-1 --port=80")).toBe("error: cannot expose a Node");
    expect(error("kubectl expose deployment web --bogus")).toBe("error: unknown flag: --bogus");
    expect(error("kubectl expose deployment web --port")).toBe("error: flag needs an argument: --port");
    expect(error("kubectl expose deployment web --type=NodePort --port=80")).toBe("error: ClusterScope simulates ClusterIP Services only, not --type=NodePort");
    expect(error("kubectl expose deployment web --cluster-ip=None")).toBe('error: ClusterScope does not support the "--cluster-ip" flag of "kubectl expose"');
  });
});

describe("kubectl get", () => {
  it("resolves every name of every resource, any case, qualified or not", () => {
    const cases: [string, string][] = [
      ["pods", "pods"], ["pod", "pods"], ["po", "pods"], ["PODS", "pods"], ["Pod", "pods"],
      ["nodes", "nodes"], ["node", "nodes"], ["no", "nodes"],
      ["deployments", "deployments"], ["deployment", "deployments"], ["deploy", "deployments"],
      ["deployments.apps", "deployments"], ["deployments.v1.apps", "deployments"], ["deploy.apps", "deployments"],
      ["replicasets", "replicasets"], ["replicaset", "replicasets"], ["rs", "replicasets"],
      ["events", "events"], ["event", "events"], ["ev", "events"],
      ["leases", "leases"], ["lease", "leases"], ["leases.coordination.k8s.io", "leases"],
      ["services", "services"], ["service", "services"], ["svc", "services"],
      ["endpointslices", "endpointslices"], ["endpointslice", "endpointslices"], ["endpointslices.discovery.k8s.io", "endpointslices"],
    ];
    for (const [typed, resource] of cases) {
      expect(ok(`kubectl get ${typed}`), typed).toEqual({
        type: "get",
        line: `kubectl get ${typed}`,
        namespace: "default",
        allNamespaces: false,
        resource,
        output: "",
      });
    }
  });

  it("takes a name as NAME or TYPE/NAME", () => {
    expect(ok("kubectl get pods web-1")).toMatchObject({ resource: "pods", name: "web-1" });
    expect(ok("kubectl get pod/web-1")).toMatchObject({ resource: "pods", name: "web-1" });
    expect(ok("kubectl get no/worker-1")).toMatchObject({ resource: "nodes", name: "worker-1" });
  });

  it("takes -o in every pflag form; json, yaml and name in any case, wide exactly", () => {
    for (const line of ["-o wide", "-owide", "-o=wide", "--output=wide", "--output wide", "-Aowide"]) {
      expect(ok(`kubectl get pods ${line}`), line).toMatchObject({ output: "wide" });
    }
    expect(ok("kubectl get pods -o json")).toMatchObject({ output: "json" });
    expect(ok("kubectl get pods -o JSON")).toMatchObject({ output: "json" });
    expect(ok("kubectl get pods -o YAML")).toMatchObject({ output: "yaml" });
    expect(ok("kubectl get pods -oyaml")).toMatchObject({ output: "yaml" });
    expect(ok("kubectl get pods -o NAME")).toMatchObject({ output: "name" });
    expect(ok("kubectl get pods -o yaml -o json")).toMatchObject({ output: "json" });
  });

  it("takes the namespace and --all-namespaces in every form", () => {
    for (const f of ["-n kube-system", "-nkube-system", "-n=kube-system", "--namespace kube-system", "--namespace=kube-system"]) {
      expect(ok(`kubectl get pods ${f}`), f).toMatchObject({ namespace: "kube-system", allNamespaces: false });
    }
    expect(ok("kubectl -n kube-system get pods")).toMatchObject({ namespace: "kube-system" });
    expect(ok("kubectl get -n kube-system pods")).toMatchObject({ namespace: "kube-system" });
    expect(ok("kubectl get pods -n ''")).toMatchObject({ namespace: "default" });
    for (const f of ["-A", "--all-namespaces", "--all-namespaces=true", "-A=true", "--all_namespaces"]) {
      expect(ok(`kubectl get pods ${f}`), f).toMatchObject({ allNamespaces: true });
    }
    for (const f of ["--all-namespaces=false", "-A=false", "-A=0"]) {
      expect(ok(`kubectl get pods ${f}`), f).toMatchObject({ allNamespaces: false });
    }
  });

  it("treats words after -- as arguments", () => {
    expect(ok("kubectl get pods -- -n")).toMatchObject({ name: "-n" });
  });

  it.each([
    ["kubectl get", 'You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.'],
    ["kubectl get -o yaml", 'You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.'],
    ["kubectl get foo", 'error: the server doesn\'t have a resource type "foo"'],
    ["kubectl get Foo", 'error: the server doesn\'t have a resource type "Foo"'],
    ["kubectl get foo.bar", 'error: the server doesn\'t have a resource type "foo"'],
    ["kubectl get pods.v1", 'error: the server doesn\'t have a resource type "pods"'],
    ["kubectl get deployments.foo", 'error: the server doesn\'t have a resource type "deployments"'],
    ["kubectl get configmaps", 'error: the server doesn\'t have a resource type "configmaps"'],
    ["kubectl get foo x -A", 'error: the server doesn\'t have a resource type "foo"'],
    ["kubectl get pods -A web-1", "error: a resource cannot be retrieved by name across all namespaces"],
    ["kubectl get pods/", "error: arguments in resource/name form must have a single resource and name"],
    ["kubectl get /web-1", "error: arguments in resource/name form must have a single resource and name"],
    ["kubectl get pods/a/b", "error: arguments in resource/name form may not have more than one slash"],
    [
      "kubectl get pod/web-1 web-2",
      "error: there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'",
    ],
    [
      "kubectl get pods -o Wide",
      'error: unable to match a printer suitable for the output format "Wide", allowed formats are: custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml',
    ],
    [
      "kubectl get pods -o foo",
      'error: unable to match a printer suitable for the output format "foo", allowed formats are: custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml',
    ],
    [
      "kubectl get pods -o=",
      'error: unable to match a printer suitable for the output format "=", allowed formats are: custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml',
    ],
    [
      "kubectl get pods -oA",
      'error: unable to match a printer suitable for the output format "A", allowed formats are: custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml',
    ],
    ["kubectl get pods -o jsonpath", "error: template format specified but no template given"],
    ["kubectl get pods -o", "error: flag needs an argument: 'o' in -o"],
    ["kubectl get pods -Ao", "error: flag needs an argument: 'o' in -o"],
    ["kubectl get pods -A=", "error: unknown shorthand flag: '=' in -="],
    ["kubectl get pods --all-namespaces=", 'error: invalid argument "" for "-A, --all-namespaces" flag: strconv.ParseBool: parsing "": invalid syntax'],
    ["kubectl get pods --all-namespaces=maybe", 'error: invalid argument "maybe" for "-A, --all-namespaces" flag: strconv.ParseBool: parsing "maybe": invalid syntax'],
    ["kubectl get pods -owide -Ax", "error: unknown shorthand flag: 'x' in -x"],
    ["kubectl get pods -xA", "error: unknown shorthand flag: 'x' in -xA"],
    ["kubectl get pods -n", "error: flag needs an argument: 'n' in -n"],
    ["kubectl get pods --namespace", "error: flag needs an argument: --namespace"],
    ["kubectl get pods --foo", "error: unknown flag: --foo"],
    ["kubectl get pods -x", "error: unknown shorthand flag: 'x' in -x"],
    ["kubectl get pods ---x", "error: bad flag syntax: ---x"],
    ["kubectl get pods -o yaml --foo", "error: unknown flag: --foo"],
    ["kubectl get pods -v=abc", 'error: invalid argument "abc" for "-v, --v" flag: strconv.ParseInt: parsing "abc": invalid syntax'],
    ["kubectl get pods --v abc", 'error: invalid argument "abc" for "-v, --v" flag: strconv.ParseInt: parsing "abc": invalid syntax'],
    [
      "kubectl get pods --chunk-size=9999999999999999999",
      'error: invalid argument "9999999999999999999" for "--chunk-size" flag: strconv.ParseInt: parsing "9999999999999999999": value out of range',
    ],
    ["kubectl get pods -L", "error: flag needs an argument: 'L' in -L"],
  ])("%s → %s", (line, message) => {
    expect(error(line)).toBe(message);
  });

  it("rejects what ClusterScope does not simulate", () => {
    expect(error("kubectl get pods -w")).toBe('error: ClusterScope does not support the "-w, --watch" flag of "kubectl get"');
    expect(error("kubectl get pods -l app=web")).toBe('error: ClusterScope does not support the "-l, --selector" flag of "kubectl get"');
    expect(error("kubectl get pods -o jsonpath={.items}")).toBe("error: ClusterScope does not support -o jsonpath; it supports -o wide, yaml, json and name");
    expect(error("kubectl get namespaces")).toBe(
      "error: ClusterScope can get pods, nodes, deployments, replicasets, events, leases, services, endpointslices, not namespaces",
    );
    expect(error("kubectl get pods,svc")).toBe("error: ClusterScope handles one resource type per action");
    expect(error("kubectl get all")).toBe('error: ClusterScope does not support the "all" resource category; name one resource type');
    expect(error("kubectl get pods a b")).toBe("error: ClusterScope gets one object, or all objects of a type, per action");
    expect(error("kubectl get events.events.k8s.io")).toBe("error: ClusterScope serves events through core/v1 only; use kubectl get events");
  });

  it("remembers the resource as typed (kubectl warns about the ambiguous short name ev)", () => {
    expect(parseActionDetailed("kubectl get ev")).toMatchObject({ typedResource: "ev" });
    expect(parseActionDetailed("kubectl get ev/web.1")).toMatchObject({ typedResource: "ev" });
  });
});

describe("the kubectl command line", () => {
  it.each([
    ["kubectl frobnicate", 'error: unknown command "frobnicate" for "kubectl"'],
    ["kubectl gett pods", 'error: unknown command "gett" for "kubectl"'],
    // kubectl looks for a kubectl-<name> plugin when the command is unknown (cmd.go HandlePluginCommand)
    ["kubectl --foo get pods", "Error: flags cannot be placed before plugin name: --foo"],
    ["kubectl -x get pods", "Error: flags cannot be placed before plugin name: -x"],
    ["kubectl --namespace=x frob", "Error: flags cannot be placed before plugin name: --namespace=x"],
    ["kubectl --foo=1 get pods", "error: unknown flag: --foo"],
    ["kubectl -n", "error: flag needs an argument: 'n' in -n"],
  ])("%s → %s", (line, message) => {
    expect(error(line)).toBe(message);
  });

  it("says which commands ClusterScope supports", () => {
    const supported = "ClusterScope supports: kubectl create deployment, expose, scale, delete, cordon, uncordon, get";
    expect(error("kubectl describe pod web")).toBe(`error: "kubectl describe" is not supported by ClusterScope; ${supported}`);
    expect(error("kubectl")).toBe(`error: no kubectl command given; ${supported}`);
    expect(error("kubectl -n default")).toBe(`error: no kubectl command given; ${supported}`);
    expect(error("kubectl get pods -h")).toBe('error: ClusterScope does not support the "-h, --help" flag of "kubectl get"');
    expect(error("kubectl --context=prod get pods")).toBe('error: ClusterScope does not support the "--context" flag of "kubectl get"');
  });
});

describe("stop and start", () => {
  it("stops and starts machines and components", () => {
    expect(ok("stop node worker-2")).toEqual({ type: "stop-node", line: "stop node worker-2", node: "worker-2" });
    expect(ok("start node worker-2")).toEqual({ type: "start-node", line: "start node worker-2", node: "worker-2" });
    for (const component of ["kube-apiserver", "etcd", "kube-scheduler", "kube-controller-manager", "kubelet", "kube-proxy", "containerd"]) {
      expect(ok(`stop ${component}@control-plane-1`)).toEqual({
        type: "stop-component",
        line: `stop ${component}@control-plane-1`,
        component,
        node: "control-plane-1",
      });
    }
    expect(ok("start kubelet@worker-1")).toMatchObject({ type: "start-component", component: "kubelet", node: "worker-1" });
  });

  it.each([
    ["stop", 'error: stop needs a target: "stop node NAME" or "stop COMPONENT@NODE"'],
    ["start node", "error: start node needs a node NAME"],
    ["stop node a b", 'error: unexpected argument "b" after "stop node a"'],
    ["stop kubelet@worker-1 now", 'error: unexpected argument "now" after "stop kubelet@worker-1"'],
    ["stop worker-1", 'error: unknown stop target "worker-1": expected "stop node NAME" or "stop COMPONENT@NODE"'],
    [
      "stop dockerd@worker-1",
      'error: unknown component "dockerd": expected one of kube-apiserver, etcd, kube-scheduler, kube-controller-manager, kubelet, kube-proxy, containerd',
    ],
    ["start kubelet@", 'error: "kubelet@" needs a node name after "@", e.g. kubelet@worker-1'],
  ])("%s → %s", (line, message) => {
    expect(error(line)).toBe(message);
  });
});

describe("partition and heal", () => {
  it("cuts and restores one machine's network", () => {
    expect(ok("partition worker-2")).toEqual({ type: "partition", line: "partition worker-2", node: "worker-2" });
    expect(ok("heal control-plane-1  # back")).toEqual({ type: "heal", line: "heal control-plane-1", node: "control-plane-1" });
    expect(ok("partition load-balancer")).toMatchObject({ type: "partition", node: "load-balancer" });
  });

  it.each([
    ["partition", 'error: partition needs a machine: "partition NODE"'],
    ["heal", 'error: heal needs a machine: "heal NODE"'],
    ["partition worker-1 worker-2", 'error: unexpected argument "worker-2" after "partition worker-1"'],
    ["partition node worker-1", 'error: partition takes the machine\'s name alone: "partition NODE", e.g. "partition worker-1"'],
    ["heal kubelet@worker-1", 'error: heal cuts a whole machine\'s network, not one component: "heal worker-1"'],
  ])("%s → %s", (line, message) => {
    expect(error(line)).toBe(message);
  });
});

describe("lines", () => {
  it("names what is accepted when the first word is unknown, or the line empty", () => {
    const expected =
      'expected "kubectl create deployment|expose|scale|delete|cordon|uncordon|get ...", "stop node NAME", "start node NAME", "stop COMPONENT@NODE", "start COMPONENT@NODE", "partition NODE" or "heal NODE"';
    expect(error("reboot worker-1")).toBe(`error: unknown action "reboot": ${expected}`);
    expect(error("   ")).toBe(`error: empty action: ${expected}`);
    expect(error("# just a comment")).toBe(`error: empty action: ${expected}`);
  });

  it("splits words as a shell does", () => {
    expect(tokenize(`a 'b c' "d \\"e\\"" f\\ g #h`)).toEqual(["a", "b c", 'd "e"', "f g"]);
    expect(tokenize("a#b")).toEqual(["a#b"]);
    expect(tokenize("kubectl get 'pods")).toEqual({ error: "error: unterminated ' quote" });
    expect(error('kubectl get "pods')).toBe('error: unterminated " quote');
  });

  it("keeps the line as typed, trimmed, without a trailing comment", () => {
    expect(ok("  stop node worker-1   # bye ")).toMatchObject({ line: "stop node worker-1" });
  });
});

describe("Go number and duration parsing", () => {
  it("is strconv.ParseInt(s, 0, bits)", () => {
    expect(parseGoInt("0b101", 64)).toBe(5);
    expect(parseGoInt("0o17", 64)).toBe(15);
    expect(parseGoInt("-0x10", 64)).toBe(-16);
    expect(parseGoInt("2147483647", 32)).toBe(2147483647);
    expect(parseGoInt("-2147483648", 32)).toBe(-2147483648);
    expect(parseGoInt("2147483648", 32)).toEqual({ err: 'strconv.ParseInt: parsing "2147483648": value out of range' });
    expect(parseGoInt("1__0", 32)).toEqual({ err: 'strconv.ParseInt: parsing "1__0": invalid syntax' });
    expect(parseGoInt("0x", 32)).toEqual({ err: 'strconv.ParseInt: parsing "0x": invalid syntax' });
  });

  it("is time.ParseDuration, in ms", () => {
    expect(parseGoDuration("1h2m3.5s")).toBe(3_723_500);
    expect(parseGoDuration("-1.5m")).toBe(-90_000);
    expect(parseGoDuration("0")).toBe(0);
    expect(parseGoDuration("")).toEqual({ error: 'time: invalid duration ""' });
    expect(parseGoDuration(".s")).toEqual({ error: 'time: invalid duration ".s"' });
  });

  it("quotes as Go's %q", () => {
    expect(goQuote('a"b\\c\n\t\u0001é')).toBe('"a\\"b\\\\c\\n\\t\\x01é"');
  });
});
