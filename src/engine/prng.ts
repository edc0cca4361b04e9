/**
 * The one source of randomness in the engine: a seeded PRNG (sfc32, seeded through splitmix32).
 * Same seed, same sequence, on every JavaScript engine. Never use Math.random in src/engine.
 */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    let s = seed >>> 0;
    const next = (): number => {
      s = (s + 0x9e3779b9) | 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    for (let i = 0; i < 12; i++) this.uint32();
  }

  /** A uniformly distributed unsigned 32-bit integer. */
  uint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    return this.uint32() / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** An integer in [lo, hi], both inclusive. */
  between(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }

  /**
   * client-go's wait.Jitter: duration + random in [0, maxFactor * duration).
   * (k8s.io/apimachinery/pkg/util/wait/backoff.go `Jitter`)
   */
  jitter(duration: number, maxFactor: number): number {
    return duration + Math.floor(this.next() * maxFactor * duration);
  }

  /**
   * k8s.io/apimachinery/pkg/util/rand `String(n)`: the alphabet has no vowels and no confusable
   * characters ("bcdfghjklmnpqrstvwxz2456789"), used for generateName suffixes like `web-7d9c-x2x4q`.
   */
  string(n: number): string {
    let out = "";
    for (let i = 0; i < n; i++) out += ALPHANUMS[this.int(ALPHANUMS.length)];
    return out;
  }

  /** A random RFC 4122 version-4 UUID, for metadata.uid. */
  uuid(): string {
    const a = this.uint32();
    const b = this.uint32();
    const c = this.uint32();
    const d = this.uint32();
    // Array.join builds one flat string; `+` would keep a rope of nine pieces alive in every object.
    return [hex(a, 8), hex(b >>> 16, 4), hex(0x4000 | (b & 0x0fff), 4), hex(0x8000 | (c >>> 18), 4), hex(c & 0xffff, 4) + hex(d, 8)].join("-");
  }
}

function hex(v: number, len: number): string {
  return v.toString(16).padStart(len, "0");
}

export const ALPHANUMS = "bcdfghjklmnpqrstvwxz2456789";

/**
 * k8s.io/apimachinery/pkg/util/rand `SafeEncodeString`: maps each byte onto ALPHANUMS so that a
 * hash printed in decimal becomes a name-safe string (used for pod-template-hash).
 */
export function safeEncodeString(s: string): string {
  let out = "";
  for (let i = 0; i < s.length; i++) out += ALPHANUMS[s.charCodeAt(i) % ALPHANUMS.length];
  return out;
}

/** 32-bit FNV-1a, as hash/fnv New32a, over the UTF-16 code units (ASCII in practice). */
export function fnv32a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i) & 0xff;
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
