/**
 * A link's own picture of its moment (`pic=`): the facts of the first picture (./prepaint.ts,
 * `pictureFacts`), compressed, that "Copy link to this moment" adds to the link it copies.
 *
 * Why: a first visit to a moment of its own (a `t=` or `do=` link) has no shipped picture and no kept
 * one, so the page could draw nothing until the worker had started and replayed the whole moment (half
 * a second five minutes in with one control plane, more with three). The link already knows what the
 * moment looks like: whoever copied it was looking at it. The page draws the link's picture at once,
 * as it draws a shipped one, and the live canvas replaces it when the simulation has replayed the moment.
 *
 * The picture belongs to its moment: it carries a hash of the link's moment (lesson, step, seed,
 * topology, action log, time), and a link edited since (another `t=`) draws nothing from it. Like every
 * part of a link, it is read as untrusted input: a picture that does not decode, is too long or does not
 * have exactly the facts' shape is ignored (and named in the console), and its texts are escaped when drawn.
 *
 *     pic=1.<8 hex digits: the moment's hash>.<base64url of the deflate-raw'ed facts JSON>
 */
import { fnv1a } from "../bridge/momentCache";
import { MAX_PICTURE_CHARS, PICTURE_FORMAT, PICTURE_PATTERN, parseUrlMoment, type UrlMoment } from "../store/url";
import { LEADER_LEASES } from "./views";
import { MAX_MASTERS } from "../engine/topology";
import { pictureFacts, type PictureFacts, type PrepaintState } from "./prepaint";
import type { LoggedAction } from "../bridge/protocol";
import type { Topology } from "../engine/topology";

/** The most a picture may inflate to (chars of JSON): a picture that says more is not read. */
const MAX_FACTS_CHARS = 250_000;

/** The moment a link opens, as a short hash: what its picture must have been made for. */
export function pictureKey(m: Pick<UrlMoment, "lesson" | "step" | "seed" | "topology" | "actions" | "time">): string {
  return fnv1a(JSON.stringify([m.lesson ?? null, m.step ?? null, m.seed ?? null, m.topology ?? null, m.actions ?? null, m.time ?? null]));
}

function toBase64Url(bytes: Uint8Array): string {
  let bin = "";
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(text: string): Uint8Array<ArrayBuffer> {
  const bin = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** Reads a stream to its end, giving up (null) past `max` bytes. */
async function readAll(stream: ReadableStream<Uint8Array>, max: number): Promise<Uint8Array | null> {
  const reader = stream.getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > max) {
      await reader.cancel();
      return null;
    }
    parts.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * `pic=`'s value for `facts`, the picture of the moment `key` names (`pictureKey`); null where the
 * browser cannot compress (no CompressionStream) or the picture would be longer than MAX_PICTURE_CHARS.
 */
export async function encodeLinkPicture(facts: PictureFacts, key: string): Promise<string | null> {
  if (typeof CompressionStream === "undefined") return null;
  const json = new TextEncoder().encode(JSON.stringify(facts));
  const packed = await readAll(new Blob([json]).stream().pipeThrough(new CompressionStream("deflate-raw")), MAX_PICTURE_CHARS);
  if (!packed) return null;
  const text = `${PICTURE_FORMAT}.${key}.${toBase64Url(packed)}`;
  return text.length <= MAX_PICTURE_CHARS ? text : null;
}

/**
 * What the page holds of a moment (the store's state, src/store/types.ts), with the sim time of its
 * records (the last frame's, whole ms: the clock runs on from it between frames).
 */
export interface HeldMoment extends PrepaintState {
  hydrated: boolean;
  error: string | null;
  seed: number;
  topology: Topology;
  actions: readonly LoggedAction[];
}

/**
 * `pic=` for the link `query` (what Copy link writes for this page, without `pic=`), or null when what the
 * page holds is not exactly that link's moment: not in yet, failed, another time than its records' (the
 * clock between two frames), or a part of the link that does not read back as the page has it (a time
 * past what a link may ask, a seed, topology or action log that differs).
 */
export async function momentPicture(query: string, held: HeldMoment): Promise<string | null> {
  if (!held.hydrated || held.error) return null;
  const m = parseUrlMoment(query);
  if (m.ignored.length || m.time !== held.time || m.seed !== held.seed) return null;
  if (JSON.stringify(m.topology) !== JSON.stringify(held.topology) || JSON.stringify(m.actions ?? null) !== JSON.stringify(held.actions)) return null;
  const facts = pictureFacts(held);
  return facts ? encodeLinkPicture(facts, pictureKey(m)) : null;
}

/** Why a picture was not read, or its facts. */
export type DecodedPicture = { facts: PictureFacts } | { error: string };

/** Reads `pic=`'s value for the moment `key` names; never throws. */
export async function decodeLinkPicture(text: string, key: string): Promise<DecodedPicture> {
  if (!PICTURE_PATTERN.test(text)) return { error: "not a picture" };
  const [, made, data] = text.split(".");
  if (made !== key) return { error: "made for another moment (the link was edited since)" };
  if (typeof DecompressionStream === "undefined") return { error: "this browser cannot decompress it" };
  let json: string;
  try {
    const bytes = await readAll(new Blob([fromBase64Url(data)]).stream().pipeThrough(new DecompressionStream("deflate-raw")), MAX_FACTS_CHARS);
    if (!bytes) return { error: "too large" };
    json = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return { error: "does not decompress" };
  }
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return { error: "not JSON" };
  }
  const facts = checkFacts(value);
  return facts ? { facts } : { error: "not a picture's facts" };
}

// ---- the facts' shape -----------------------------------------------------------------------------

/** A machine's name (a Kubernetes node name, or a box outside the cluster). */
const NAME = /^[a-z0-9]([a-z0-9.-]{0,61}[a-z0-9])?$/;
/** A record id: `pods/default/web-…`, `kube-proxy@worker-2`. */
const ID = /^[A-Za-z0-9][A-Za-z0-9./@_-]{0,299}$/;
/** A pod's name (a DNS subdomain), kubectl's STATUS and READY for it, and its countdown (src/canvas/timers.ts `evictionText`). */
const POD_NAME = /^[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?$/;
const POD_STATUS = /^[A-Za-z0-9:/._-]{1,80}$/;
const READY = /^\d{1,3}\/\d{1,3}$/;
const COUNTDOWN = /^(evicted in [0-9hms]{1,12}|eviction due)?$/;
/** kubectl's STATUS for a node ("Ready,SchedulingDisabled"), or "Registering". */
const NODE_STATUS = /^[A-Za-z,]{1,60}$/;
const MAX_TEXT = 400;
/**
 * The most a picture may draw. A link's 8,000 characters hold the facts of at most a few hundred pods
 * and machines; these bounds keep a crafted one (a few repeated names compress to almost nothing) from
 * drawing a picture too large for the page.
 */
const MAX_WORKERS = 500;
const MAX_PODS = 2000;
const HEARTBEAT = /^(none|(fresh|late|overdue)\|\d+(\.\d+)?(e-?\d+)?\|[^|]*)$/;
const TAINTS = /^(noexecute|noschedule|prefer|none)\|\d+\|/;
const ETCD_LINE = /^(ok|bad)\t/;
const LEASE_LINE = /^(ok|stale)\t/;

type Json = Record<string, unknown>;
const isObj = (x: unknown): x is Json => typeof x === "object" && x !== null && !Array.isArray(x);
const isText = (x: unknown): x is string => typeof x === "string" && x.length <= MAX_TEXT;
const isName = (x: unknown): x is string => typeof x === "string" && NAME.test(x);
const isId = (x: unknown): x is string => typeof x === "string" && ID.test(x);
const hasKeys = (o: Json, keys: readonly string[]) => Object.keys(o).length === keys.length && keys.every((k) => Object.hasOwn(o, k));

/** A map with only own, checked keys and values, copied onto an object with no prototype (a key such as `constructor` is only a key). */
function mapOf<T>(x: unknown, key: (k: string) => boolean, value: (v: unknown) => v is T, max: number): Record<string, T> | null {
  if (!isObj(x)) return null;
  const keys = Object.keys(x);
  if (keys.length > max) return null;
  const out = Object.create(null) as Record<string, T>;
  for (const k of keys) {
    const v = x[k];
    if (!key(k) || !value(v)) return null;
    out[k] = v;
  }
  return out;
}

function listOf(x: unknown, item: (v: unknown) => boolean, max: number): x is string[] {
  return Array.isArray(x) && x.length <= max && x.every(item);
}

/** `x` if it has exactly the shape of PictureFacts (see there), with every text short and every class name one of the known ones; else null. */
export function checkFacts(x: unknown): PictureFacts | null {
  if (!isObj(x) || !hasKeys(x, ["placement", "machines", "nodes", "components", "pods", "banner"])) return null;
  const p = x.placement;
  if (!isObj(p) || !hasKeys(p, ["controlPlanes", "workers", "pods", "pending"])) return null;
  if (!listOf(p.controlPlanes, isName, MAX_MASTERS) || !listOf(p.workers, isName, MAX_WORKERS) || !listOf(p.pending, isId, MAX_PODS)) return null;
  const drawn = new Set([...p.controlPlanes, ...p.workers]);
  if (drawn.size !== p.controlPlanes.length + p.workers.length) return null;
  const placed = mapOf(p.pods, (k) => drawn.has(k), (v): v is string[] => listOf(v, isId, MAX_PODS), drawn.size);
  // Every drawn machine has its pods and its node's words, as pictureFacts makes them.
  if (!placed || Object.keys(placed).length !== drawn.size) return null;
  const machines = mapOf(x.machines, (k) => NAME.test(k), (v): v is [boolean, boolean] => Array.isArray(v) && v.length === 2 && v.every((b) => typeof b === "boolean"), drawn.size + 8);
  const nodes = mapOf(
    x.nodes,
    (k) => drawn.has(k),
    (v): v is PictureFacts["nodes"][string] =>
      isObj(v) && hasKeys(v, ["status", "heartbeat", "taints"]) && isText(v.status) && NODE_STATUS.test(v.status) && isText(v.heartbeat) && HEARTBEAT.test(v.heartbeat) && isText(v.taints) && TAINTS.test(v.taints),
    drawn.size,
  );
  const components = mapOf(x.components, (k) => ID.test(k), isText, drawn.size * 8 + 8);
  const pods = mapOf(
    x.pods,
    (k) => ID.test(k),
    (v): v is PictureFacts["pods"][string] =>
      isObj(v) &&
      hasKeys(v, ["name", "status", "ready", "notReady", "countdown"]) &&
      typeof v.name === "string" &&
      POD_NAME.test(v.name) &&
      typeof v.status === "string" &&
      POD_STATUS.test(v.status) &&
      typeof v.ready === "string" &&
      READY.test(v.ready) &&
      typeof v.notReady === "boolean" &&
      typeof v.countdown === "string" &&
      COUNTDOWN.test(v.countdown),
    MAX_PODS,
  );
  if (!machines || !nodes || !components || !pods || Object.keys(nodes).length !== drawn.size) return null;
  // Each pod drawn once, and only pods whose words are there: at most MAX_PODS chips in all.
  const ids = [...Object.values(placed).flat(), ...p.pending];
  if (ids.length > MAX_PODS || new Set(ids).size !== ids.length || !ids.every((id) => Object.hasOwn(pods, id))) return null;
  let banner: PictureFacts["banner"] = null;
  if (x.banner !== null) {
    const b = x.banner;
    if (!isObj(b) || !hasKeys(b, ["etcd", "leases"]) || !isText(b.etcd) || !ETCD_LINE.test(b.etcd)) return null;
    if (!listOf(b.leases, (l) => isText(l) && LEASE_LINE.test(l), LEADER_LEASES.length) || b.leases.length !== LEADER_LEASES.length) return null;
    banner = { etcd: b.etcd, leases: [...b.leases] };
  }
  return {
    placement: { controlPlanes: [...p.controlPlanes], workers: [...p.workers], pods: placed, pending: [...p.pending] },
    machines,
    nodes,
    components,
    pods,
    banner,
  };
}
