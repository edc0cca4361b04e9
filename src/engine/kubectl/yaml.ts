/**
 * `kubectl get -o yaml`'s YAML, byte for byte.
 *
 * kubectl prints YAML by marshalling the object to JSON and converting that with sigs.k8s.io/yaml
 * JSONToYAML (k8s.io/cli-runtime pkg/printers/yaml.go), which decodes the JSON with go-yaml v2 and
 * encodes it again with go-yaml v2 (vendored as sigs.k8s.io/yaml/goyaml.v2). So the output follows
 * go-yaml v2's encoder (encode.go: which strings must be quoted, resolve.go) and its libyaml-derived
 * emitter (emitterc.go: block style, 2-space indent, sequences not indented inside mappings, scalar
 * style selection, and folding of long scalars at 80 columns). Map keys are sorted with go-yaml's
 * keyList order (sorter.go), which is alphabetical with digit runs compared as numbers.
 *
 * This is a port of the parts of that pipeline that JSON-shaped values reach: block mappings and
 * sequences, `{}` / `[]` for empty ones, and plain, single-quoted, double-quoted and literal scalars.
 */

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** YAML for a JSON-compatible value (undefined fields are dropped, as encoding/json would). */
export function toYaml(value: unknown): string {
  const v = decodeAsYaml(JSON.parse(JSON.stringify(value ?? null)) as Json);
  const e = new Emitter();
  e.node(v, { root: true, sequence: false, mapping: false, simpleKey: false });
  e.writeIndent(); // document end
  return e.out;
}

/**
 * The error JSONToYAML gives when the JSON holds characters go-yaml's reader refuses (readerc.go):
 * encoding/json writes DEL and the C1 controls raw, and go-yaml rejects them. kubectl prints
 * "error: yaml: control characters are not allowed".
 */
export function yamlInputError(value: unknown): string | undefined {
  return /[\u007f-\u0084\u0086-\u009f]/.test(JSON.stringify(value ?? null)) ? "error: yaml: control characters are not allowed" : undefined;
}

/**
 * JSONToYAML first reads the JSON as YAML. encoding/json leaves U+0085 (NEL) unescaped, and YAML
 * treats a raw NEL inside a double-quoted scalar as a line break: it folds into a space (a run of n
 * breaks into n-1 newlines) and takes the blanks around it along.
 */
function decodeAsYaml(v: Json): Json {
  const fold = (s: string) =>
    s.includes("\u0085") ? s.replace(/[ \t]*\u0085(?:[ \t]*\u0085)*[ \t]*/g, (m) => ((m.match(/\u0085/g) ?? []).length === 1 ? " " : "\n".repeat(m.split("\u0085").length - 2))) : s;
  if (typeof v === "string") return fold(v);
  if (Array.isArray(v)) return v.map(decodeAsYaml);
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [fold(k), decodeAsYaml(x)]));
  return v;
}

/** go-yaml v2 keyList.Less for two string keys. */
export function yamlKeyLess(a: string, b: string): boolean {
  const ar = [...a];
  const br = [...b];
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) continue;
    const al = isLetter(ar[i]);
    const bl = isLetter(br[i]);
    if (al && bl) return ar[i].codePointAt(0)! < br[i].codePointAt(0)!;
    if (al || bl) return bl;
    let ai: number;
    let bi: number;
    let an = 0;
    let bn = 0;
    if (ar[i] === "0" || br[i] === "0") {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]); j--) {
        if (ar[j] !== "0") {
          an = 1;
          bn = 1;
          break;
        }
      }
    }
    for (ai = i; ai < ar.length && isDigit(ar[ai]); ai++) an = an * 10 + (ar[ai].codePointAt(0)! - 48);
    for (bi = i; bi < br.length && isDigit(br[bi]); bi++) bn = bn * 10 + (br[bi].codePointAt(0)! - 48);
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return ar[i].codePointAt(0)! < br[i].codePointAt(0)!;
  }
  return ar.length < br.length;
}

export function yamlKeyCompare(a: string, b: string): number {
  return yamlKeyLess(a, b) ? -1 : yamlKeyLess(b, a) ? 1 : 0;
}

const isLetter = (c: string) => /\p{L}/u.test(c);
const isDigit = (c: string) => /\p{Nd}/u.test(c);

// ---------------------------------------------------------------------------------------------
// encode.go + resolve.go: which strings can be written plain

/** go-yaml v2 resolve(""): does this plain scalar read back as something other than a string? */
export function resolvesToNonString(s: string): boolean {
  if (s === "") return true; // null
  const c = s[0];
  const hint = "+-".includes(c) ? "S" : c >= "0" && c <= "9" ? "D" : "yYnNtTfFoO~".includes(c) ? "M" : c === "." ? "." : "";
  if (hint === "") return false;
  if (RESOLVE_MAP.has(s)) return true;
  if (hint === ".") return /^\.[0-9]+([eE][-+]?[0-9]+)?$/.test(s);
  if (hint === "D" || hint === "S") {
    if (isTimestamp(s)) return true;
    const plain = s.replaceAll("_", "");
    if (/^[-+]?(0[bB][01]+|0[oO][0-7]+|0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/.test(plain)) return true; // ParseInt/ParseUint base 0
    if (/^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/.test(plain)) return true; // yamlStyleFloat
    if (/^-?0b[01]+$/.test(plain)) return true;
  }
  return false;
}

const RESOLVE_MAP = new Set([
  "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON",
  "n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF",
  "~", "null", "Null", "NULL",
  ".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF",
]);

/** resolve.go parseTimestamp: the layouts go-yaml v2 tries (RFC 3339 with short fields, `date time`, date). */
function isTimestamp(s: string): boolean {
  const m =
    /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[Tt](\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})|\s(\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.\d+)?)?$/.exec(
      s,
    );
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1];
  if (d > days) return false;
  const hh = Number(m[4] ?? m[7] ?? 0);
  const mm = Number(m[5] ?? m[8] ?? 0);
  const ss = Number(m[6] ?? m[9] ?? 0);
  return hh < 24 && mm < 60 && ss < 60;
}

function isBase60Float(s: string): boolean {
  if (s === "") return false;
  const c = s[0];
  if (!(c === "+" || c === "-" || (c >= "0" && c <= "9")) || !s.includes(":")) return false;
  return /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/.test(s);
}

// ---------------------------------------------------------------------------------------------
// emitterc.go

type Style = "plain" | "single" | "double" | "literal";

interface Ctx {
  root: boolean;
  sequence: boolean;
  mapping: boolean;
  simpleKey: boolean;
}

interface Analysis {
  multiline: boolean;
  blockPlainAllowed: boolean;
  singleQuotedAllowed: boolean;
  blockAllowed: boolean;
}

const BEST_INDENT = 2;
const BEST_WIDTH = 80;

const isBreak = (c: string | undefined) => c === "\r" || c === "\n" || c === "\u0085" || c === "\u2028" || c === "\u2029";
const isSpace = (c: string | undefined) => c === " ";
const isBlank = (c: string | undefined) => c === " " || c === "\t";
const isBlankz = (c: string | undefined) => c === undefined || c === "\0" || isBlank(c) || isBreak(c);

/** yamlprivateh.go is_printable, for a code point. */
function isPrintable(c: string): boolean {
  const cp = c.codePointAt(0)!;
  return cp === 0x0a || (cp >= 0x20 && cp <= 0x7e) || (cp >= 0xa0 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd && cp !== 0xfeff);
}

function utf8Len(s: string): number {
  let n = 0;
  for (const c of s) {
    const cp = c.codePointAt(0)!;
    n += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }
  return n;
}

/** yaml_emitter_analyze_scalar (flow-context results are not needed here). */
function analyzeScalar(value: string): Analysis {
  if (value === "") return { multiline: false, blockPlainAllowed: true, singleQuotedAllowed: true, blockAllowed: false };
  const v = [...value];
  let blockIndicators = false;
  let lineBreaks = false;
  let specialCharacters = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let previousSpace = false;
  let previousBreak = false;
  if (value.startsWith("---") || value.startsWith("...")) blockIndicators = true;
  let preceededByWhitespace = true;
  for (let i = 0; i < v.length; i++) {
    const c = v[i];
    const followedByWhitespace = i + 1 >= v.length || isBlank(v[i + 1]);
    if (i === 0) {
      if ("#,[]{}&*!|>'\"%@`".includes(c)) blockIndicators = true;
      else if ((c === "?" || c === ":") && followedByWhitespace) blockIndicators = true;
      else if (c === "-" && followedByWhitespace) blockIndicators = true;
    } else {
      if (c === ":" && followedByWhitespace) blockIndicators = true;
      else if (c === "#" && preceededByWhitespace) blockIndicators = true;
    }
    if (!isPrintable(c)) specialCharacters = true;
    if (isSpace(c)) {
      if (i === 0) leadingSpace = true;
      if (i === v.length - 1) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (isBreak(c)) {
      lineBreaks = true;
      if (i === 0) leadingBreak = true;
      if (i === v.length - 1) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
    preceededByWhitespace = isBlankz(c);
  }
  const a: Analysis = { multiline: lineBreaks, blockPlainAllowed: true, singleQuotedAllowed: true, blockAllowed: true };
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) a.blockPlainAllowed = false;
  if (trailingSpace) a.blockAllowed = false;
  if (breakSpace) {
    a.blockPlainAllowed = false;
    a.singleQuotedAllowed = false;
  }
  if (spaceBreak || specialCharacters) {
    a.blockPlainAllowed = false;
    a.singleQuotedAllowed = false;
    a.blockAllowed = false;
  }
  if (lineBreaks) a.blockPlainAllowed = false;
  if (blockIndicators) a.blockPlainAllowed = false;
  return a;
}

class Emitter {
  out = "";
  column = 0;
  indent = -1;
  private readonly indents: number[] = [];
  whitespace = true;
  indention = true;

  private put(c: string): void {
    this.out += c;
    this.column++;
  }

  private putBreak(): void {
    this.out += "\n";
    this.column = 0;
  }

  private writeBreak(c: string): void {
    if (c === "\n") this.putBreak();
    else {
      this.out += c;
      this.column = 0;
    }
  }

  writeIndent(): void {
    const indent = Math.max(this.indent, 0);
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace)) this.putBreak();
    while (this.column < indent) this.put(" ");
    this.whitespace = true;
    this.indention = true;
  }

  private writeIndicator(ind: string, needWhitespace: boolean, isWhitespace: boolean, isIndention: boolean): void {
    if (needWhitespace && !this.whitespace) this.put(" ");
    for (const c of ind) this.put(c);
    this.whitespace = isWhitespace;
    this.indention = this.indention && isIndention;
  }

  private increaseIndent(flow: boolean, indentless: boolean): void {
    this.indents.push(this.indent);
    if (this.indent < 0) this.indent = flow ? BEST_INDENT : 0;
    else if (!indentless) this.indent += BEST_INDENT;
  }

  private popIndent(): void {
    this.indent = this.indents.pop()!;
  }

  node(v: Json, ctx: Ctx): void {
    if (v === null) return this.scalar("null", "plain", ctx);
    if (typeof v === "boolean") return this.scalar(v ? "true" : "false", "plain", ctx);
    if (typeof v === "number") return this.scalar(formatNumber(v), "plain", ctx);
    if (typeof v === "string") {
      // encode.go stringv
      const style: Style = v.includes("\n") ? "literal" : !resolvesToNonString(v) && !isBase60Float(v) ? "plain" : "double";
      return this.scalar(v, style, ctx);
    }
    if (Array.isArray(v)) {
      if (v.length === 0) return this.emptyFlow("[", "]");
      this.increaseIndent(false, ctx.mapping && !this.indention);
      for (const item of v) {
        this.writeIndent();
        this.writeIndicator("-", true, false, true);
        this.node(item, { root: false, sequence: true, mapping: false, simpleKey: false });
      }
      this.popIndent();
      return;
    }
    const keys = Object.keys(v).sort(yamlKeyCompare);
    if (keys.length === 0) return this.emptyFlow("{", "}");
    this.increaseIndent(false, false);
    for (const k of keys) {
      this.writeIndent();
      const a = analyzeScalar(k);
      const keyStyle: Style = k.includes("\n") ? "literal" : !resolvesToNonString(k) && !isBase60Float(k) ? "plain" : "double";
      if (!a.multiline && utf8Len(k) <= 128) {
        // yaml_emitter_check_simple_key
        this.scalar(k, keyStyle, { root: false, sequence: false, mapping: true, simpleKey: true });
        this.writeIndicator(":", false, false, false);
      } else {
        this.writeIndicator("?", true, false, true);
        this.scalar(k, keyStyle, { root: false, sequence: false, mapping: true, simpleKey: false });
        this.writeIndent();
        this.writeIndicator(":", true, false, true);
      }
      this.node(v[k], { root: false, sequence: false, mapping: true, simpleKey: false });
    }
    this.popIndent();
  }

  private emptyFlow(open: string, close: string): void {
    this.writeIndicator(open, true, true, false);
    this.increaseIndent(true, false);
    this.popIndent();
    this.writeIndicator(close, false, false, false);
  }

  /** yaml_emitter_emit_scalar: select the style, then write it at one indent deeper. */
  private scalar(value: string, eventStyle: Style, ctx: Ctx): void {
    const a = analyzeScalar(value);
    let style = eventStyle;
    if (ctx.simpleKey && a.multiline) style = "double";
    if (style === "plain") {
      if (!a.blockPlainAllowed) style = "single";
      if (value === "" && ctx.simpleKey) style = "single";
    }
    if (style === "single" && !a.singleQuotedAllowed) style = "double";
    if (style === "literal" && (!a.blockAllowed || ctx.simpleKey)) style = "double";
    this.increaseIndent(true, false);
    const allowBreaks = !ctx.simpleKey;
    if (style === "plain") this.writePlain(value, allowBreaks);
    else if (style === "single") this.writeSingleQuoted(value, allowBreaks);
    else if (style === "double") this.writeDoubleQuoted(value, allowBreaks);
    else this.writeLiteral(value);
    this.popIndent();
  }

  private writePlain(value: string, allowBreaks: boolean): void {
    if (!this.whitespace) this.put(" ");
    const v = [...value];
    let spaces = false;
    let breaks = false;
    for (let i = 0; i < v.length; i++) {
      const c = v[i];
      if (isSpace(c)) {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && !isSpace(v[i + 1])) this.writeIndent();
        else this.put(c);
        spaces = true;
      } else if (isBreak(c)) {
        if (!breaks && c === "\n") this.putBreak();
        this.writeBreak(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        this.put(c);
        this.indention = false;
        spaces = false;
        breaks = false;
      }
    }
    this.whitespace = false;
    this.indention = false;
  }

  private writeSingleQuoted(value: string, allowBreaks: boolean): void {
    this.writeIndicator("'", true, false, false);
    const v = [...value];
    let spaces = false;
    let breaks = false;
    for (let i = 0; i < v.length; i++) {
      const c = v[i];
      if (isSpace(c)) {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && i > 0 && i < v.length - 1 && !isSpace(v[i + 1])) this.writeIndent();
        else this.put(c);
        spaces = true;
      } else if (isBreak(c)) {
        if (!breaks && c === "\n") this.putBreak();
        this.writeBreak(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        if (c === "'") this.put("'");
        this.put(c);
        this.indention = false;
        spaces = false;
        breaks = false;
      }
    }
    this.writeIndicator("'", false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private writeDoubleQuoted(value: string, allowBreaks: boolean): void {
    let spaces = false;
    this.writeIndicator('"', true, false, false);
    const v = [...value];
    for (let i = 0; i < v.length; i++) {
      const c = v[i];
      const cp = c.codePointAt(0)!;
      if (!isPrintable(c) || cp === 0xfeff || isBreak(c) || c === '"' || c === "\\") {
        this.put("\\");
        const named: Record<number, string> = {
          0x00: "0", 0x07: "a", 0x08: "b", 0x09: "t", 0x0a: "n", 0x0b: "v", 0x0c: "f", 0x0d: "r", 0x1b: "e",
          0x22: '"', 0x5c: "\\", 0x85: "N", 0xa0: "_", 0x2028: "L", 0x2029: "P",
        };
        if (named[cp] !== undefined) this.put(named[cp]);
        else {
          const [p, w] = cp <= 0xff ? ["x", 2] : cp <= 0xffff ? ["u", 4] : ["U", 8];
          this.put(p as string);
          for (const d of cp.toString(16).toUpperCase().padStart(w as number, "0")) this.put(d);
        }
        spaces = false;
      } else if (isSpace(c)) {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && i > 0 && i < v.length - 1) {
          this.writeIndent();
          if (isSpace(v[i + 1])) this.put("\\");
        } else this.put(c);
        spaces = true;
      } else {
        this.put(c);
        spaces = false;
      }
    }
    this.writeIndicator('"', false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private writeLiteral(value: string): void {
    this.writeIndicator("|", true, false, false);
    // yaml_emitter_write_block_scalar_hints
    const v = [...value];
    if (isSpace(v[0]) || isBreak(v[0])) this.writeIndicator(String(BEST_INDENT), false, false, false);
    let chomp = "";
    const last = v.length - 1;
    if (!isBreak(v[last])) chomp = "-";
    else if (last === 0) chomp = "+";
    else if (isBreak(v[last - 1])) chomp = "+";
    if (chomp) this.writeIndicator(chomp, false, false, false);
    this.putBreak();
    this.indention = true;
    this.whitespace = true;
    let breaks = true;
    for (const c of v) {
      if (isBreak(c)) {
        this.writeBreak(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        this.put(c);
        this.indention = false;
        breaks = false;
      }
    }
  }
}

/** strconv.FormatInt for integers; FormatFloat(f, 'g', -1, 64) for the rest. */
function formatNumber(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return String(n);
  const exp = Math.floor(Math.log10(Math.abs(n)));
  if (exp < -4 || exp >= 21) {
    const [m, e] = n.toExponential().split("e");
    const en = Number(e);
    return `${m}e${en < 0 ? "-" : "+"}${String(Math.abs(en)).padStart(2, "0")}`;
  }
  return String(n);
}
