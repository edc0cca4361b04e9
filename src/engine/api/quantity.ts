/**
 * resource.Quantity parsing (k8s.io/apimachinery/pkg/api/resource/quantity.go) for what the scheduler and the kubelet
 * read: CPU as millicores (`Quantity.MilliValue()`), memory and counts as integers (`Quantity.Value()`).
 *
 * Accepted forms, as upstream: a signed decimal number ("2", "0.5", ".5", "1.") followed by nothing,
 * a binary SI suffix (Ki Mi Gi Ti Pi Ei), a decimal SI suffix (n u m "" k M G T P E) or a decimal
 * exponent (e3, E-2). Like `Value()`/`MilliValue()`, a result that is not a whole number is rounded up
 * (away from zero for negatives: `1.5m` of CPU is 2 millicores, `0.1` bytes is 1).
 *
 * The scheduler parses the same few strings ("100m", "128Mi", "4") over and over: results are memoized.
 * Malformed strings parse as 0 (the API server rejects them before they get here).
 */

const BINARY: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL: Record<string, number> = { n: -9, u: -6, m: -3, "": 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };

const QUANTITY_RE = /^([+-]?)(\d*)(?:\.(\d*))?(?:(Ki|Mi|Gi|Ti|Pi|Ei)|[eE]([+-]?\d+)|([numkMGTPE]?))$/;

const milliMemo = new Map<string, number>();
const valueMemo = new Map<string, number>();

/** `Quantity.MilliValue()`: "100m" → 100, "2" → 2000, "0.25" → 250. */
export function parseMilli(q: string | undefined): number {
  if (q === undefined) return 0;
  let v = milliMemo.get(q);
  if (v === undefined) {
    v = scaled(q, 3);
    milliMemo.set(q, v);
  }
  return v;
}

/** `Quantity.Value()`: "128Mi" → 134217728, "1G" → 1000000000, "110" → 110. */
export function parseValue(q: string | undefined): number {
  if (q === undefined) return 0;
  let v = valueMemo.get(q);
  if (v === undefined) {
    v = scaled(q, 0);
    valueMemo.set(q, v);
  }
  return v;
}

/** CPU quantity in millicores. */
export const parseCpu = parseMilli;
/** Memory (or ephemeral-storage) quantity in bytes. */
export const parseMemory = parseValue;

/** value × 10^shift, rounded up away from zero, computed exactly with BigInt (only on a memo miss). */
function scaled(text: string, shift: number): number {
  const m = QUANTITY_RE.exec(text.trim());
  if (!m) return 0;
  const [, sign, intPart, fracPart = "", binSuffix, exponent, decSuffix] = m;
  if (intPart === "" && fracPart === "") return 0;
  let num = BigInt((intPart || "0") + fracPart);
  let den = 10n ** BigInt(fracPart.length);
  let dec = shift;
  if (binSuffix) num *= 2n ** BigInt(BINARY[binSuffix]);
  else if (exponent !== undefined) dec += Number(exponent);
  else dec += DECIMAL[decSuffix ?? ""];
  if (dec >= 0) num *= 10n ** BigInt(dec);
  else den *= 10n ** BigInt(-dec);
  let q = num / den;
  if (num % den !== 0n) q += 1n;
  const out = Number(q);
  return sign === "-" ? -out : out;
}
