/**
 * Resource quantities (k8s.io/apimachinery/pkg/api/resource) as far as the kubelet needs them:
 * parsing to a number, in millis for cpu and in bytes (or units) for everything else.
 */

const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL: Record<string, number> = { n: 1e-9, u: 1e-6, m: 1e-3, "": 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };

/** The value of a quantity string (`500m` → 0.5, `128Mi` → 134217728), or NaN if malformed. */
export function parseQuantity(q: string | undefined): number {
  if (q === undefined) return 0;
  let v = parsed.get(q);
  if (v === undefined) {
    v = parse(q);
    // Specs repeat a handful of quantities ("100m", "128Mi"); do not let odd input grow the memo forever.
    if (parsed.size >= PARSED_MAX) parsed.clear();
    parsed.set(q, v);
  }
  return v;
}

const parsed = new Map<string, number>();
const PARSED_MAX = 1024;

function parse(q: string): number {
  const m = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:(Ki|Mi|Gi|Ti|Pi|Ei)|([eE][+-]?\d+)|(n|u|m|k|M|G|T|P|E)?)$/.exec(q.trim());
  if (!m) return NaN;
  const n = Number(m[1]);
  if (m[2]) return n * BINARY[m[2]];
  if (m[3]) return n * 10 ** Number(m[3].slice(1));
  return n * DECIMAL[m[4] ?? ""];
}

/** A cpu quantity in millicores, rounded up as Quantity.MilliValue does. */
export function milliCPU(q: string | undefined): number {
  return Math.ceil(parseQuantity(q) * 1000 - 1e-9);
}

/** A quantity in whole units (bytes for memory and storage), rounded up as Quantity.Value does. */
export function units(q: string | undefined): number {
  return Math.ceil(parseQuantity(q) - 1e-9);
}
