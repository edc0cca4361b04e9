import { RESOURCES, type ResourceInfo } from "../api/resources";
import type { Action } from "./action";

/**
 * The action-language parser (shared/ARCHITECTURE.md "One action language"): turns a line such as
 * `kubectl scale deployment web --replicas=5` or `stop node worker-2` into an {@link Action}, or into
 * the one-line error the real tool would print.
 *
 * kubectl lines are parsed the way kubectl v1.32 parses them: cobra finds the command
 * (spf13/cobra command.go `Find`, `stripFlags`, `argsMinusFirstX`), pflag parses the flags
 * (spf13/pflag flag.go `parseArgs`, `parseLongArg`, `parseSingleShortArg`), and then each command
 * validates in kubectl's order: required flags (cobra `ValidateRequiredFlags`), the command's
 * `Complete`/`Validate`, the resource builder (k8s.io/cli-runtime pkg/resource/builder.go), and the
 * resource mapping, which in a real cluster is answered by the API server's discovery.
 *
 * Every error string below was checked against the real kubectl v1.32.5 binary, offline or against
 * a stub API server serving ClusterScope's resources. kubectl prints some errors over several lines
 * ("See 'kubectl get --help' for usage."); an action error is the first line only.
 *
 * Flags and commands that real kubectl has but ClusterScope does not simulate are answered with
 * "error: ClusterScope ... not support ..." after kubectl's own checks pass, never silently ignored.
 */

export type ParseError = { error: string };
type Get = Extract<Action, { type: "get" }>;

export const COMPONENTS = [
  "kube-apiserver",
  "etcd",
  "kube-scheduler",
  "kube-controller-manager",
  "kubelet",
  "kube-proxy",
  "containerd",
] as const;

export function parseAction(line: string): Action | ParseError {
  const r = parseActionDetailed(line);
  return "error" in r ? r : r.action;
}

/** Like {@link parseAction}, plus the resource argument exactly as typed (`ev`, `deploy/web`). */
export function parseActionDetailed(line: string): { action: Action; typedResource?: string } | ParseError {
  const toks = tokenize(line);
  if (!Array.isArray(toks)) return toks;
  // The action's line as echoed: without surrounding blanks or a trailing # comment.
  const text = line.slice(0, commentStart(line)).trim();
  if (toks.length === 0) return { error: `error: empty action: ${EXPECTED}` };
  const [head, ...rest] = toks;
  if (head === "kubectl") return parseKubectl(rest, text);
  if (head === "stop" || head === "start") return parseMachineAction(head, rest, text);
  if (head === "partition" || head === "heal") return parseNetworkAction(head, rest, text);
  return { error: `error: unknown action ${goQuote(head)}: ${EXPECTED}` };
}

const EXPECTED =
  'expected "kubectl create deployment|expose|scale|delete|cordon|uncordon|get ...", "stop node NAME", "start node NAME", "stop COMPONENT@NODE", "start COMPONENT@NODE", "partition NODE" or "heal NODE"';

// ---------------------------------------------------------------------------------------------
// Tokens

/**
 * Splits a line into words the way a POSIX shell would for the simple cases: blanks separate words,
 * '…' is literal, "…" allows \" \\ \$ \` escapes, a backslash escapes the next character, and an
 * unquoted # at the start of a word begins a comment.
 */
export function tokenize(line: string): string[] | ParseError {
  const out: string[] = [];
  let cur = "";
  let inWord = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === " " || c === "\t" || c === "\n" || c === "\r") {
      if (inWord) out.push(cur);
      cur = "";
      inWord = false;
    } else if (c === "#" && !inWord) {
      break;
    } else if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) return { error: "error: unterminated ' quote" };
      cur += line.slice(i + 1, end);
      i = end;
      inWord = true;
    } else if (c === '"') {
      let j = i + 1;
      for (; j < line.length && line[j] !== '"'; j++) {
        if (line[j] === "\\" && j + 1 < line.length && '"\\$`'.includes(line[j + 1])) j++;
        cur += line[j];
      }
      if (j >= line.length) return { error: 'error: unterminated " quote' };
      i = j;
      inWord = true;
    } else if (c === "\\" && i + 1 < line.length) {
      cur += line[++i];
      inWord = true;
    } else {
      cur += c;
      inWord = true;
    }
  }
  if (inWord) out.push(cur);
  return out;
}

/** Where an unquoted `#` starting a word begins a comment (the line's length if none). */
function commentStart(line: string): number {
  let inWord = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === " " || c === "\t" || c === "\n" || c === "\r") inWord = false;
    else if (c === "#" && !inWord) return i;
    else {
      inWord = true;
      if (c === "'" || c === '"') {
        const end = line.indexOf(c, i + 1);
        if (end < 0) return line.length;
        i = end;
      } else if (c === "\\") i++;
    }
  }
  return line.length;
}

/** Go's strconv.Quote / fmt %q for a string. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === '"' || ch === "\\") out += "\\" + ch;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\t") out += "\\t";
    else if (ch === "\r") out += "\\r";
    else if (cp === 7) out += "\\a";
    else if (cp === 8) out += "\\b";
    else if (cp === 12) out += "\\f";
    else if (cp === 11) out += "\\v";
    else if (cp < 0x20 || cp === 0x7f) out += "\\x" + cp.toString(16).padStart(2, "0");
    else out += ch;
  }
  return out + '"';
}

// ---------------------------------------------------------------------------------------------
// pflag

export type FlagKind = "bool" | "string" | "int" | "int32" | "int64" | "stringSlice" | "stringArray" | "duration" | "level";

export interface FlagDef {
  name: string;
  short?: string;
  kind: FlagKind;
  /** pflag's NoOptDefVal: the value `--flag` takes without `=value` (bools: "true"). */
  noOpt?: string;
}

export type FlagValue = string | number | boolean | string[];

export interface ParsedFlags {
  values: Map<string, FlagValue>;
  /** Flags the user set, in order, as `name`. */
  changed: string[];
  /** Positional arguments. */
  args: string[];
}

const B = (name: string, short?: string): FlagDef => ({ name, short, kind: "bool", noOpt: "true" });
const S = (name: string, short?: string, noOpt?: string): FlagDef => ({ name, short, kind: "string", noOpt });
const F = (name: string, kind: FlagKind, short?: string): FlagDef => ({ name, short, kind });

function noOptOf(def: FlagDef): string | undefined {
  return def.kind === "bool" ? (def.noOpt ?? "true") : def.noOpt;
}

/** kubectl's flag-name normalizer (k8s.io/component-base/cli/flag WarnWordSepNormalizeFunc): `_` → `-`. */
function normalize(name: string): string {
  return name.replaceAll("_", "-");
}

/** pflag's `FlagSet.Parse` with interspersed flags: the same errors, in the same order. */
export function parseFlags(argv: string[], defs: FlagDef[]): ParsedFlags | ParseError {
  const byName = new Map(defs.map((d) => [d.name, d]));
  const byShort = new Map(defs.filter((d) => d.short).map((d) => [d.short!, d]));
  const values = new Map<string, FlagValue>();
  const changed: string[] = [];
  const args: string[] = [];

  const set = (def: FlagDef, value: string): string | undefined => {
    const v = convert(def, value, values.get(def.name), changed.includes(def.name));
    if (typeof v === "object" && v !== null && !Array.isArray(v)) {
      const flagName = def.short ? `-${def.short}, --${def.name}` : `--${def.name}`;
      return `invalid argument ${goQuote(value)} for ${goQuote(flagName)} flag: ${v.err}`;
    }
    values.set(def.name, v);
    if (!changed.includes(def.name)) changed.push(def.name);
    return undefined;
  };

  let rest = [...argv];
  while (rest.length > 0) {
    const s = rest.shift()!;
    if (s.length === 0 || s[0] !== "-" || s.length === 1) {
      args.push(s);
      continue;
    }
    if (s[1] === "-") {
      if (s.length === 2) {
        args.push(...rest);
        break;
      }
      // parseLongArg
      const body = s.slice(2);
      if (body[0] === "-" || body[0] === "=") return { error: `bad flag syntax: ${s}` };
      const eq = body.indexOf("=");
      const name = eq < 0 ? body : body.slice(0, eq);
      const def = byName.get(normalize(name));
      if (!def) return { error: `unknown flag: --${name}` };
      let value: string;
      if (eq >= 0) value = body.slice(eq + 1);
      else if (noOptOf(def) !== undefined) value = noOptOf(def)!;
      else if (rest.length > 0) value = rest.shift()!;
      else return { error: `flag needs an argument: ${s}` };
      const err = set(def, value);
      if (err) return { error: err };
    } else {
      // parseShortArg: a run of shorthands, e.g. -Aowide
      let shorthands = s.slice(1);
      while (shorthands.length > 0) {
        const c = shorthands[0];
        const def = byShort.get(c);
        if (!def) return { error: `unknown shorthand flag: ${goRune(c)} in -${shorthands}` };
        let value: string;
        if (shorthands.length > 2 && shorthands[1] === "=") {
          value = shorthands.slice(2);
          shorthands = "";
        } else if (noOptOf(def) !== undefined) {
          value = noOptOf(def)!;
          shorthands = shorthands.slice(1);
        } else if (shorthands.length > 1) {
          value = shorthands.slice(1);
          shorthands = "";
        } else if (rest.length > 0) {
          value = rest.shift()!;
          shorthands = "";
        } else {
          return { error: `flag needs an argument: ${goRune(c)} in -${shorthands}` };
        }
        const err = set(def, value);
        if (err) return { error: err };
      }
    }
  }
  return { values, changed, args };
}

function goRune(c: string): string {
  return c === "'" ? "'\\''" : c === "\\" ? "'\\\\'" : `'${c}'`;
}

type Converted = FlagValue | { err: string };

function convert(def: FlagDef, value: string, prev: FlagValue | undefined, wasSet: boolean): Converted {
  switch (def.kind) {
    case "bool":
      return parseBool(value);
    case "string":
      return value;
    case "int":
    case "int64":
      return parseGoInt(value, 64);
    case "int32":
      return parseGoInt(value, 32);
    case "level": {
      // klog's Level.Set: strconv.ParseInt(value, 10, 32)
      if (!/^[+-]?\d+$/.test(value)) return { err: `strconv.ParseInt: parsing ${goQuote(value)}: invalid syntax` };
      const n = BigInt(value);
      if (n >= 1n << 31n || n < -(1n << 31n)) return { err: `strconv.ParseInt: parsing ${goQuote(value)}: value out of range` };
      return Number(n);
    }
    case "duration": {
      const d = parseGoDuration(value);
      return typeof d === "number" ? d : { err: d.error };
    }
    case "stringSlice": {
      // pflag stringSlice: CSV; the first Set replaces the default, later ones append.
      const items = value === "" ? [] : value.split(",");
      return wasSet && Array.isArray(prev) ? [...prev, ...items] : items;
    }
    case "stringArray":
      return wasSet && Array.isArray(prev) ? [...prev, value] : [value];
  }
}

/** strconv.ParseBool. */
function parseBool(s: string): Converted {
  if (["1", "t", "T", "TRUE", "true", "True"].includes(s)) return true;
  if (["0", "f", "F", "FALSE", "false", "False"].includes(s)) return false;
  return { err: `strconv.ParseBool: parsing ${goQuote(s)}: invalid syntax` };
}

/** strconv.ParseInt(s, 0, bitSize), as pflag's int flags call it: sign, 0x/0o/0b/0 prefixes, `_`. */
export function parseGoInt(s0: string, bitSize: 32 | 64): number | { err: string } {
  const syntax = { err: `strconv.ParseInt: parsing ${goQuote(s0)}: invalid syntax` };
  const range = { err: `strconv.ParseInt: parsing ${goQuote(s0)}: value out of range` };
  if (s0 === "") return syntax;
  let s = s0;
  let neg = false;
  if (s[0] === "+") s = s.slice(1);
  else if (s[0] === "-") {
    neg = true;
    s = s.slice(1);
  }
  // ParseUint(s, 0, bitSize)
  if (s === "") return syntax;
  const uintS = s;
  let base = 10n;
  if (s[0] === "0") {
    const p = s.length >= 3 ? s[1].toLowerCase() : "";
    if (p === "b") [base, s] = [2n, s.slice(2)];
    else if (p === "o") [base, s] = [8n, s.slice(2)];
    else if (p === "x") [base, s] = [16n, s.slice(2)];
    else [base, s] = [8n, s.slice(1)];
  }
  const maxU = (1n << BigInt(bitSize)) - 1n;
  let n = 0n;
  let underscores = false;
  for (const c of s) {
    let d: bigint;
    const lc = c.toLowerCase();
    if (c === "_") {
      underscores = true;
      continue;
    } else if (c >= "0" && c <= "9") d = BigInt(c.charCodeAt(0) - 48);
    else if (lc >= "a" && lc <= "z") d = BigInt(lc.charCodeAt(0) - 87);
    else return syntax;
    if (d >= base) return syntax;
    n = n * base + d;
    if (n > maxU) return range;
  }
  if (underscores && !underscoreOK(uintS)) return syntax;
  const cutoff = 1n << BigInt(bitSize - 1);
  if (!neg && n >= cutoff) return range;
  if (neg && n > cutoff) return range;
  return Number(neg ? -n : n);
}

/** strconv's underscoreOK: underscores only between digits (or after a base prefix). */
function underscoreOK(s: string): boolean {
  let saw = "^";
  let i = 0;
  if (s.length >= 1 && (s[0] === "-" || s[0] === "+")) s = s.slice(1);
  let hex = false;
  if (s.length >= 2 && s[0] === "0" && "box".includes(s[1].toLowerCase())) {
    i = 2;
    saw = "0";
    hex = s[1].toLowerCase() === "x";
  }
  for (; i < s.length; i++) {
    const c = s[i];
    const lc = c.toLowerCase();
    if ((c >= "0" && c <= "9") || (hex && lc >= "a" && lc <= "f")) {
      saw = "0";
      continue;
    }
    if (c === "_") {
      if (saw !== "0") return false;
      saw = "_";
      continue;
    }
    if (saw === "_") return false;
    saw = "!";
  }
  return saw !== "_";
}

const DURATION_UNITS: Record<string, number> = { ns: 1e-6, us: 1e-3, "µs": 1e-3, "μs": 1e-3, ms: 1, s: 1000, m: 60000, h: 3600000 };

/** Go's time.ParseDuration, returning milliseconds, or its error text. */
export function parseGoDuration(orig: string): number | ParseError {
  const invalid = { error: `time: invalid duration ${goQuote(orig)}` };
  let s = orig;
  let neg = false;
  if (s !== "" && (s[0] === "-" || s[0] === "+")) {
    neg = s[0] === "-";
    s = s.slice(1);
  }
  if (s === "0") return 0;
  if (s === "") return invalid;
  let total = 0;
  while (s !== "") {
    if (!(s[0] === "." || (s[0] >= "0" && s[0] <= "9"))) return invalid;
    const m = /^(\d*)(?:\.(\d*))?/.exec(s)!;
    if (m[1] === "" && (m[2] === undefined || m[2] === "")) return invalid;
    s = s.slice(m[0].length);
    let i = 0;
    while (i < s.length && !(s[i] === "." || (s[i] >= "0" && s[i] <= "9"))) i++;
    if (i === 0) return { error: `time: missing unit in duration ${goQuote(orig)}` };
    const u = s.slice(0, i);
    s = s.slice(i);
    const unit = DURATION_UNITS[u];
    if (unit === undefined) return { error: `time: unknown unit ${goQuote(u)} in duration ${goQuote(orig)}` };
    total += Number(`${m[1] || "0"}.${m[2] || "0"}`) * unit;
  }
  return neg ? -total : total;
}

// ---------------------------------------------------------------------------------------------
// kubectl's commands and flags (kubectl v1.32 `kubectl options` and `kubectl <cmd> --help`)

const GLOBAL_FLAGS: FlagDef[] = [
  S("as"),
  F("as-group", "stringArray"),
  S("as-uid"),
  S("cache-dir"),
  S("certificate-authority"),
  S("client-certificate"),
  S("client-key"),
  S("cluster"),
  S("context"),
  B("disable-compression"),
  B("insecure-skip-tls-verify"),
  S("kubeconfig"),
  F("log-flush-frequency", "duration"),
  B("match-server-version"),
  S("namespace", "n"),
  S("password"),
  S("profile"),
  S("profile-output"),
  S("request-timeout"),
  S("server", "s"),
  S("tls-server-name"),
  S("token"),
  S("user"),
  S("username"),
  F("v", "level", "v"),
  S("vmodule"),
  B("warnings-as-errors"),
  // cobra adds -h/--help to every command.
  B("help", "h"),
];

const DRY_RUN = S("dry-run", undefined, "unchanged");

const CREATE_FLAGS: FlagDef[] = [
  B("allow-missing-template-keys"),
  DRY_RUN,
  B("edit"),
  S("field-manager"),
  F("filename", "stringSlice", "f"),
  S("kustomize", "k"),
  S("output", "o"),
  S("raw"),
  B("recursive", "R"),
  B("save-config"),
  S("selector", "l"),
  B("show-managed-fields"),
  S("template"),
  S("validate", undefined, "strict"),
  B("windows-line-endings"),
];

const CREATE_DEPLOYMENT_FLAGS: FlagDef[] = [
  B("allow-missing-template-keys"),
  DRY_RUN,
  S("field-manager"),
  F("image", "stringSlice"),
  S("output", "o"),
  F("port", "int32"),
  F("replicas", "int32", "r"),
  B("save-config"),
  B("show-managed-fields"),
  S("template"),
  S("validate", undefined, "strict"),
];

const SCALE_FLAGS: FlagDef[] = [
  B("all"),
  B("allow-missing-template-keys"),
  F("current-replicas", "int"),
  DRY_RUN,
  F("filename", "stringSlice", "f"),
  S("kustomize", "k"),
  S("output", "o"),
  B("recursive", "R"),
  F("replicas", "int"),
  S("resource-version"),
  S("selector", "l"),
  B("show-managed-fields"),
  S("template"),
  F("timeout", "duration"),
];

const DELETE_FLAGS: FlagDef[] = [
  B("all"),
  B("all-namespaces", "A"),
  S("cascade", undefined, "background"),
  DRY_RUN,
  S("field-selector"),
  F("filename", "stringSlice", "f"),
  B("force"),
  F("grace-period", "int"),
  B("ignore-not-found"),
  B("interactive", "i"),
  S("kustomize", "k"),
  B("now"),
  S("output", "o"),
  S("raw"),
  B("recursive", "R"),
  S("selector", "l"),
  F("timeout", "duration"),
  B("wait"),
];

const CORDON_FLAGS: FlagDef[] = [DRY_RUN, S("selector", "l")];

/** `kubectl expose --help` (v1.32). */
const EXPOSE_FLAGS: FlagDef[] = [
  B("allow-missing-template-keys"),
  S("cluster-ip"),
  DRY_RUN,
  S("external-ip"),
  S("field-manager"),
  F("filename", "stringSlice", "f"),
  S("kustomize", "k"),
  S("labels", "l"),
  S("load-balancer-ip"),
  S("name"),
  S("output", "o"),
  S("override-type"),
  S("overrides"),
  S("port"),
  S("protocol"),
  B("recursive", "R"),
  B("save-config"),
  S("selector"),
  S("session-affinity"),
  B("show-managed-fields"),
  S("target-port"),
  S("template"),
  S("type"),
];

const GET_FLAGS: FlagDef[] = [
  B("all-namespaces", "A"),
  B("allow-missing-template-keys"),
  F("chunk-size", "int64"),
  S("field-selector"),
  F("filename", "stringSlice", "f"),
  B("ignore-not-found"),
  S("kustomize", "k"),
  F("label-columns", "stringSlice", "L"),
  B("no-headers"),
  S("output", "o"),
  B("output-watch-events"),
  S("raw"),
  B("recursive", "R"),
  S("selector", "l"),
  B("server-print"),
  B("show-kind"),
  B("show-labels"),
  B("show-managed-fields"),
  S("sort-by"),
  S("subresource"),
  S("template"),
  B("use-openapi-print-columns"),
  B("watch", "w"),
  B("watch-only"),
];

/** kubectl v1.32's top-level commands (`kubectl --help`). */
const KUBECTL_COMMANDS = [
  "create", "expose", "run", "set", "explain", "get", "edit", "delete", "rollout", "scale", "autoscale",
  "certificate", "cluster-info", "top", "cordon", "uncordon", "drain", "taint", "describe", "logs", "attach",
  "exec", "port-forward", "proxy", "cp", "auth", "debug", "events", "diff", "apply", "patch", "replace", "wait",
  "kustomize", "label", "annotate", "completion", "api-resources", "api-versions", "config", "plugin", "version",
  "alpha", "options", "help",
];

/** `kubectl create` subcommands other than deployment. */
const CREATE_SUBCOMMANDS = [
  "clusterrole", "clusterrolebinding", "configmap", "cm", "cronjob", "cj", "ingress", "ing", "job", "namespace", "ns",
  "poddisruptionbudget", "pdb", "priorityclass", "pc", "quota", "resourcequota", "role", "rolebinding", "secret",
  "service", "svc", "serviceaccount", "sa", "token",
];

const SUPPORTED = "ClusterScope supports: kubectl create deployment, expose, scale, delete, cordon, uncordon, get";

function hasNoOptDefVal(name: string, defs: FlagDef[]): boolean {
  const d = defs.find((f) => f.name === normalize(name));
  return !!d && noOptOf(d) !== undefined;
}

function shortHasNoOptDefVal(c: string, defs: FlagDef[]): boolean {
  const d = defs.find((f) => f.short === c);
  return !!d && noOptOf(d) !== undefined;
}

/** cobra's stripFlags: the non-flag words, skipping the values of flags that take one. */
function stripFlags(args: string[], defs: FlagDef[]): string[] {
  const commands: string[] = [];
  const a = [...args];
  while (a.length > 0) {
    const s = a.shift()!;
    if (s === "--") break;
    const longWithValue = s.startsWith("--") && !s.includes("=") && !hasNoOptDefVal(s.slice(2), defs);
    const shortWithValue = s.startsWith("-") && !s.includes("=") && s.length === 2 && !shortHasNoOptDefVal(s.slice(1), defs);
    if (longWithValue || shortWithValue) {
      if (a.length <= 1) break;
      a.shift();
      continue;
    }
    if (s !== "" && !s.startsWith("-")) commands.push(s);
  }
  return commands;
}

/** cobra's argsMinusFirstX: args without the first non-flag occurrence of x. */
function argsMinusFirstX(args: string[], x: string, defs: FlagDef[]): string[] {
  for (let pos = 0; pos < args.length; pos++) {
    const s = args[pos];
    if (s === "--") break;
    const longWithValue = s.startsWith("--") && !s.includes("=") && !hasNoOptDefVal(s.slice(2), defs);
    const shortWithValue = s.startsWith("-") && !s.includes("=") && s.length === 2 && !shortHasNoOptDefVal(s.slice(1), defs);
    if (longWithValue || shortWithValue) {
      pos++;
      continue;
    }
    if (!s.startsWith("-") && s === x) return [...args.slice(0, pos), ...args.slice(pos + 1)];
  }
  return args;
}

type Result = { action: Action; typedResource?: string } | ParseError;

function err(msg: string): ParseError {
  return { error: `error: ${msg}` };
}

function parseKubectl(argv: string[], line: string): Result {
  const commands = stripFlags(argv, GLOBAL_FLAGS);
  if (commands.length === 0) {
    const p = parseFlags(argv, GLOBAL_FLAGS);
    if ("error" in p) return err(p.error);
    return err(`no kubectl command given; ${SUPPORTED}`);
  }
  const cmd = commands[0];
  if (!KUBECTL_COMMANDS.includes(cmd)) {
    // kubectl looks for a plugin first (k8s.io/kubectl pkg/cmd/cmd.go HandlePluginCommand).
    if (argv[0].startsWith("-")) return { error: `Error: flags cannot be placed before plugin name: ${argv[0]}` };
    return err(`unknown command ${goQuote(cmd)} for "kubectl"`);
  }
  const rest = argsMinusFirstX(argv, cmd, GLOBAL_FLAGS);
  switch (cmd) {
    case "create":
      return parseCreate(rest, line);
    case "scale":
      return parseScale(rest, line);
    case "delete":
      return parseDelete(rest, line);
    case "cordon":
    case "uncordon":
      return parseCordon(cmd, rest, line);
    case "expose":
      return parseExpose(rest, line);
    case "get":
      return parseGet(rest, line);
    default:
      return err(`"kubectl ${cmd}" is not supported by ClusterScope; ${SUPPORTED}`);
  }
}

/** Rejects flags that kubectl knows but ClusterScope does not simulate. */
function unsupportedFlags(p: ParsedFlags, defs: FlagDef[], supported: string[], command: string): ParseError | undefined {
  for (const name of p.changed) {
    if (name === "namespace" || supported.includes(name)) continue;
    const def = defs.find((d) => d.name === name)!;
    const flag = def.short ? `-${def.short}, --${def.name}` : `--${def.name}`;
    return err(`ClusterScope does not support the ${goQuote(flag)} flag of "kubectl ${command}"`);
  }
  return undefined;
}

function namespaceOf(p: ParsedFlags): string {
  const ns = p.values.get("namespace");
  return typeof ns === "string" && ns !== "" ? ns : "default";
}

function parseCreate(argv: string[], line: string): Result {
  const createDefs = [...CREATE_FLAGS, ...GLOBAL_FLAGS];
  const words = stripFlags(argv, createDefs);
  const sub = words[0];
  if (sub === "deployment" || sub === "deploy") {
    return parseCreateDeployment(argsMinusFirstX(argv, sub, createDefs), line);
  }
  const p = parseFlags(argv, createDefs);
  if ("error" in p) return err(p.error);
  if (sub !== undefined && CREATE_SUBCOMMANDS.includes(sub)) {
    return err(`"kubectl create ${sub}" is not supported by ClusterScope; it supports kubectl create deployment`);
  }
  // k8s.io/kubectl pkg/cmd/create/create.go RunCreate
  if (p.args.length > 0) return err(`Unexpected args: [${p.args.join(" ")}]`);
  return err("must specify one of -f and -k");
}

function parseCreateDeployment(argv: string[], line: string): Result {
  const defs = [...CREATE_DEPLOYMENT_FLAGS, ...GLOBAL_FLAGS];
  const p = parseFlags(argv, defs);
  if ("error" in p) return err(p.error);
  // cobra ValidateRequiredFlags (create_deployment.go marks --image required)
  if (!p.changed.includes("image")) return err(`required flag(s) "image" not set`);
  // create_deployment.go Complete: cmdutil.NameFromCommandArgs
  if (p.args.length !== 1) return err(`exactly one NAME is required, got ${p.args.length}`);
  const bad = unsupportedFlags(p, defs, ["image", "replicas", "port"], "create deployment");
  if (bad) return bad;
  const images = (p.values.get("image") as string[]) ?? [];
  if (images.length > 1) return err("ClusterScope supports one --image per deployment");
  const replicas = p.values.has("replicas") ? (p.values.get("replicas") as number) : 1;
  const port = p.values.has("port") ? (p.values.get("port") as number) : -1;
  const action: Action = {
    type: "create-deployment",
    line,
    namespace: namespaceOf(p),
    name: p.args[0],
    image: images[0] ?? "",
    replicas,
  };
  // create_deployment.go: `if o.Port >= 0` adds a containerPort.
  if (port >= 0) action.port = port;
  return { action };
}

// ---------------------------------------------------------------------------------------------
// Resource arguments (k8s.io/cli-runtime pkg/resource/builder.go ResourceTypeOrNameArgs)

interface ResourceArgs {
  /** The type as typed, e.g. `deploy`, or `pods,svc`. */
  typed: string;
  names: string[];
}

const NO_RESOURCES = "You must provide one or more resources by argument or filename.";

function splitResourceArgument(arg: string): string[] {
  return arg.split(",").filter((s) => s !== "");
}

/** The shape checks the resource builder does before it asks the server anything. */
function resourceArgs(args: string[]): ResourceArgs | ParseError | undefined {
  const slashed = args.filter((a) => a.includes("/")).length;
  if (slashed > 0 && slashed !== args.length) {
    return err(
      "there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'",
    );
  }
  if (slashed > 0) {
    const tuples: { type: string; name: string }[] = [];
    for (const a of args) {
      const seg = a.split("/");
      if (seg.length !== 2) return err("arguments in resource/name form may not have more than one slash");
      const [type, name] = seg;
      if (type === "" || name === "" || splitResourceArgument(type).length !== 1) {
        return err("arguments in resource/name form must have a single resource and name");
      }
      tuples.push({ type, name });
    }
    if (tuples.some((t) => t.type !== tuples[0].type)) return { typed: tuples.map((t) => t.type).join(","), names: tuples.map((t) => t.name) };
    return { typed: tuples[0].type, names: tuples.map((t) => t.name) };
  }
  if (args.length === 0) return undefined;
  return { typed: args[0], names: args.slice(1) };
}

/** Resource arguments for a command that acts on named objects (scale, delete, expose): at least one name. */
function namedResourceArgs(args: string[]): ResourceArgs | ParseError {
  const ra = resourceArgs(args);
  if (ra && "error" in ra) return ra;
  if (!ra) return err(NO_RESOURCES);
  if (ra.names.length === 0) return err("resource(s) were provided, but no name was specified");
  return ra;
}

/**
 * The REST mapping of a typed resource: plural, singular, short name or kind, any case, optionally
 * qualified as `deployments.apps` or `deployments.v1.apps`. Unknown types get the error kubectl
 * prints when the API server's discovery has no such resource (k8s.io/cli-runtime builder.go
 * mappingFor: "the server doesn't have a resource type %q"); that answer comes from the server in
 * reality, and ClusterScope's API server serves exactly the resources in api/resources.ts.
 */
export function resolveResourceType(typed: string): ResourceInfo | ParseError {
  const dot = typed.indexOf(".");
  const base = dot < 0 ? typed : typed.slice(0, dot);
  const rest = dot < 0 ? undefined : typed.slice(dot + 1);
  const b = base.toLowerCase();
  const info = RESOURCES.find((r) => r.resource === b || r.aliases.includes(b) || r.kind.toLowerCase() === b);
  const unknown = err(`the server doesn't have a resource type ${goQuote(base)}`);
  if (!info) return unknown;
  if (rest !== undefined && info.resource === "events" && /^(v1\.)?events\.k8s\.io$/i.test(rest)) {
    return err("ClusterScope serves events through core/v1 only; use kubectl get events");
  }
  if (rest !== undefined) {
    const [group, version] = info.apiVersion.includes("/") ? info.apiVersion.split("/") : ["", info.apiVersion];
    const r = rest.toLowerCase();
    if (group === "" || (r !== group && r !== `${version}.${group}`)) return unknown;
  }
  return info;
}

function parseScale(argv: string[], line: string): Result {
  const defs = [...SCALE_FLAGS, ...GLOBAL_FLAGS];
  const p = parseFlags(argv, defs);
  if ("error" in p) return err(p.error);
  if (!p.changed.includes("replicas")) return err(`required flag(s) "replicas" not set`);
  const replicas = p.values.get("replicas") as number;
  // k8s.io/kubectl pkg/cmd/scale/scale.go Validate
  if (replicas < 0) return err("The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0");
  const ra = namedResourceArgs(p.args);
  if ("error" in ra) return ra;
  const bad = unsupportedFlags(p, defs, ["replicas"], "scale");
  if (bad) return bad;
  const info = resolveSingleType(ra.typed);
  if ("error" in info) return info;
  if (info.resource !== "deployments" && info.resource !== "replicasets") {
    return err(`ClusterScope can scale deployments and replicasets, not ${info.resource}`);
  }
  if (ra.names.length > 1) return err("ClusterScope scales one object per action");
  return {
    action: { type: "scale", line, namespace: namespaceOf(p), resource: info.resource, name: ra.names[0], replicas },
    typedResource: ra.typed,
  };
}

/** Resolves every comma-separated type; ClusterScope handles one type per action. */
function resolveSingleType(typed: string): ResourceInfo | ParseError {
  const types = splitResourceArgument(typed);
  const infos: ResourceInfo[] = [];
  for (const t of types) {
    if (t.toLowerCase() === "all") return err(`ClusterScope does not support the "all" resource category; name one resource type`);
    const info = resolveResourceType(t);
    if ("error" in info) return info;
    infos.push(info);
  }
  if (infos.length === 0) return err(NO_RESOURCES);
  if (infos.length > 1) return err("ClusterScope handles one resource type per action");
  return infos[0];
}

const DELETABLE = ["pods", "deployments", "replicasets", "services", "nodes"] as const;

function parseDelete(argv: string[], line: string): Result {
  const defs = [...DELETE_FLAGS, ...GLOBAL_FLAGS];
  const p = parseFlags(argv, defs);
  if ("error" in p) return err(p.error);
  const ra = namedResourceArgs(p.args);
  if ("error" in ra) return ra;
  const bad = unsupportedFlags(p, defs, [], "delete");
  if (bad) return bad;
  const info = resolveSingleType(ra.typed);
  if ("error" in info) return info;
  const resource = DELETABLE.find((r) => r === info.resource);
  if (!resource) return err(`ClusterScope can delete ${DELETABLE.join(", ")}, not ${info.resource}`);
  if (ra.names.length > 1) return err("ClusterScope deletes one object per action");
  return { action: { type: "delete", line, namespace: namespaceOf(p), resource, name: ra.names[0] }, typedResource: ra.typed };
}

function parseCordon(cmd: "cordon" | "uncordon", argv: string[], line: string): Result {
  const defs = [...CORDON_FLAGS, ...GLOBAL_FLAGS];
  const p = parseFlags(argv, defs);
  if ("error" in p) return err(p.error);
  // k8s.io/kubectl pkg/cmd/drain/drain.go (cordon/uncordon Complete)
  if (p.args.length === 0 && !p.changed.includes("selector")) return err(`USAGE: ${cmd} NODE [flags]`);
  const bad = unsupportedFlags(p, defs, [], cmd);
  if (bad) return bad;
  if (p.args.length > 1) return err(`ClusterScope ${cmd}s one node per action`);
  let node = p.args[0];
  if (node.includes("/")) {
    const [type, name] = node.split("/", 2);
    const info = resolveResourceType(type);
    if ("error" in info) return info;
    if (info.resource !== "nodes") return err(`ClusterScope can only ${cmd} nodes, not ${info.resource}`);
    node = name;
  }
  return { action: { type: cmd, line, node } };
}

const EXPOSABLE = ["pods", "deployments", "replicasets", "services"] as const;
const SERVICE_TYPES = ["ClusterIP", "NodePort", "LoadBalancer", "ExternalName"];

/**
 * kubectl expose (k8s.io/kubectl pkg/cmd/expose/expose.go): the resource builder's checks, then
 * CanBeExposed ("cannot expose a Node"), then --type. Reading the object (its selector, labels and
 * container ports) and "couldn't find port via --port flag or introspection" happen when it runs.
 */
function parseExpose(argv: string[], line: string): Result {
  const defs = [...EXPOSE_FLAGS, ...GLOBAL_FLAGS];
  const p = parseFlags(argv, defs);
  if ("error" in p) return err(p.error);
  const ra = namedResourceArgs(p.args);
  if ("error" in ra) return ra;
  const info = resolveSingleType(ra.typed);
  if ("error" in info) return info;
  const resource = EXPOSABLE.find((r) => r === info.resource);
  if (!resource) return err(`cannot expose a ${info.kind}`);
  const bad = unsupportedFlags(p, defs, ["port", "target-port", "name", "protocol", "type"], "expose");
  if (bad) return bad;
  if (ra.names.length > 1) return err("ClusterScope exposes one object per action");
  const str = (name: string) => (p.values.get(name) as string | undefined) ?? "";
  const serviceType = str("type");
  if (serviceType !== "" && !SERVICE_TYPES.includes(serviceType)) {
    return err(`invalid service type ${goQuote(serviceType)}: must be one of ${SERVICE_TYPES.join(", ")}`);
  }
  if (serviceType !== "" && serviceType !== "ClusterIP") return err(`ClusterScope simulates ClusterIP Services only, not --type=${serviceType}`);
  return {
    action: {
      type: "expose",
      line,
      namespace: namespaceOf(p),
      resource,
      name: ra.names[0],
      port: str("port"),
      targetPort: str("target-port"),
      serviceName: str("name"),
      protocol: str("protocol"),
      serviceType,
    },
    typedResource: ra.typed,
  };
}

const GETTABLE = ["pods", "nodes", "deployments", "replicasets", "events", "leases", "services", "endpointslices"] as const;

/** `-o` values (k8s.io/cli-runtime pkg/genericclioptions/print_flags.go AllowedFormats). */
const ALLOWED_FORMATS =
  "custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml";
const TEMPLATE_FORMATS = ["custom-columns", "custom-columns-file", "go-template", "go-template-file", "jsonpath", "jsonpath-as-json", "jsonpath-file", "template", "templatefile"];

function parseGet(argv: string[], line: string): Result {
  const defs = [...GET_FLAGS, ...GLOBAL_FLAGS];
  const p = parseFlags(argv, defs);
  if ("error" in p) return err(p.error);
  if (p.args.length === 0) {
    // k8s.io/kubectl pkg/cmd/get/get.go Complete prints this line first, then
    // "error: Required resource not specified."
    return { error: 'You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.' };
  }
  const ra = resourceArgs(p.args)!;
  if ("error" in ra) return ra;
  const bad = unsupportedFlags(p, defs, ["output", "all-namespaces"], "get");
  if (bad) return bad;
  const info = resolveSingleType(ra.typed);
  if ("error" in info) return info;
  const allNamespaces = p.values.get("all-namespaces") === true;
  if (allNamespaces && ra.names.length > 0) return err("a resource cannot be retrieved by name across all namespaces");
  const output = outputFormat((p.values.get("output") as string | undefined) ?? "");
  if (typeof output === "object") return output;
  const resource = GETTABLE.find((r) => r === info.resource);
  if (!resource) return err(`ClusterScope can get ${GETTABLE.join(", ")}, not ${info.resource}`);
  if (ra.names.length > 1) return err("ClusterScope gets one object, or all objects of a type, per action");
  const action: Get = { type: "get", line, namespace: namespaceOf(p), allNamespaces, resource, output };
  if (ra.names.length === 1) action.name = ra.names[0];
  return { action, typedResource: ra.typed };
}

/** kubectl matches json, yaml and name case-insensitively and wide exactly (print_flags.go ToPrinter). */
function outputFormat(o: string): Get["output"] | ParseError {
  if (o === "" || o === "wide") return o;
  const l = o.toLowerCase();
  if (l === "json" || l === "yaml" || l === "name") return l;
  const [format, template] = [o.split("=")[0], o.includes("=") ? o.slice(o.indexOf("=") + 1) : ""];
  if (TEMPLATE_FORMATS.includes(format)) {
    if (template === "") return err("template format specified but no template given");
    return err(`ClusterScope does not support -o ${format}; it supports -o wide, yaml, json and name`);
  }
  return err(`unable to match a printer suitable for the output format ${goQuote(o)}, allowed formats are: ${ALLOWED_FORMATS}`);
}

// ---------------------------------------------------------------------------------------------
// stop/start

function parseMachineAction(verb: "stop" | "start", args: string[], line: string): Result {
  const usage = `"${verb} node NAME" or "${verb} COMPONENT@NODE"`;
  if (args.length === 0) return err(`${verb} needs a target: ${usage}`);
  const [target, ...more] = args;
  if (target === "node") {
    if (more.length === 0) return err(`${verb} node needs a node NAME`);
    if (more.length > 1) return err(`unexpected argument ${goQuote(more[1])} after "${verb} node ${more[0]}"`);
    return { action: { type: verb === "stop" ? "stop-node" : "start-node", line, node: more[0] } };
  }
  if (more.length > 0) return err(`unexpected argument ${goQuote(more[0])} after "${verb} ${target}"`);
  const at = target.indexOf("@");
  if (at < 0) return err(`unknown ${verb} target ${goQuote(target)}: expected ${usage}`);
  const component = target.slice(0, at);
  const node = target.slice(at + 1);
  if (!(COMPONENTS as readonly string[]).includes(component)) {
    return err(`unknown component ${goQuote(component)}: expected one of ${COMPONENTS.join(", ")}`);
  }
  if (node === "" || node.includes("@")) return err(`${goQuote(target)} needs a node name after "@", e.g. ${component}@worker-1`);
  return { action: { type: verb === "stop" ? "stop-component" : "start-component", line, component, node } };
}

// ---------------------------------------------------------------------------------------------
// partition/heal

/** `partition NODE` / `heal NODE`: one machine name (any machine: control planes, workers, load-balancer, ...). */
function parseNetworkAction(verb: "partition" | "heal", args: string[], line: string): Result {
  if (args.length === 0) return err(`${verb} needs a machine: "${verb} NODE"`);
  const node = args[0];
  if (node === "node") return err(`${verb} takes the machine's name alone: "${verb} NODE", e.g. "${verb} worker-1"`);
  if (node.includes("@")) return err(`${verb} cuts a whole machine's network, not one component: "${verb} ${node.slice(node.indexOf("@") + 1) || "NODE"}"`);
  if (args.length > 1) return err(`unexpected argument ${goQuote(args[1])} after "${verb} ${args[0]}"`);
  return { action: { type: verb, line, node } };
}
