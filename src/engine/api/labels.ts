import type { LabelSelector } from "./types";

/** metav1.LabelSelectorAsSelector semantics: every matchLabels pair and every expression must hold. */
export function selectorMatches(selector: LabelSelector | undefined, labels: Record<string, string> | undefined): boolean {
  if (!selector) return false;
  const l = labels ?? {};
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (l[k] !== v) return false;
  for (const e of selector.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(l, e.key);
    switch (e.operator) {
      case "In":
        if (!has || !(e.values ?? []).includes(l[e.key])) return false;
        break;
      case "NotIn":
        if (has && (e.values ?? []).includes(l[e.key])) return false;
        break;
      case "Exists":
        if (!has) return false;
        break;
      case "DoesNotExist":
        if (has) return false;
        break;
    }
  }
  return true;
}

/** labels.SelectorFromSet for a Service's selector map: an empty map selects nothing here (as Services do). */
export function mapSelectorMatches(selector: Record<string, string> | undefined, labels: Record<string, string> | undefined): boolean {
  if (!selector || Object.keys(selector).length === 0) return false;
  const l = labels ?? {};
  for (const [k, v] of Object.entries(selector)) if (l[k] !== v) return false;
  return true;
}

/** `app=web,tier=front` as kubectl prints a selector. */
export function formatSelector(selector: LabelSelector | undefined): string {
  if (!selector) return "<none>";
  const parts = Object.entries(selector.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const e of selector.matchExpressions ?? []) {
    if (e.operator === "Exists") parts.push(e.key);
    else if (e.operator === "DoesNotExist") parts.push(`!${e.key}`);
    else parts.push(`${e.key} ${e.operator.toLowerCase()} (${(e.values ?? []).join(",")})`);
  }
  return parts.length ? parts.join(",") : "<none>";
}

/** Parses `a=b,c!=d,e` (the subset of label-selector syntax kubectl -l takes that we support). */
export function parseSelector(text: string): LabelSelector | undefined {
  const matchLabels: Record<string, string> = {};
  const matchExpressions: LabelSelector["matchExpressions"] = [];
  for (const raw of text.split(",")) {
    const part = raw.trim();
    if (!part) return undefined;
    let m: RegExpExecArray | null;
    if ((m = /^([\w./-]+)\s*!=\s*([\w.-]*)$/.exec(part))) matchExpressions.push({ key: m[1], operator: "NotIn", values: [m[2]] });
    else if ((m = /^([\w./-]+)\s*==?\s*([\w.-]*)$/.exec(part))) matchLabels[m[1]] = m[2];
    else if ((m = /^!([\w./-]+)$/.exec(part))) matchExpressions.push({ key: m[1], operator: "DoesNotExist" });
    else if ((m = /^([\w./-]+)$/.exec(part))) matchExpressions.push({ key: m[1], operator: "Exists" });
    else return undefined;
  }
  return { matchLabels, matchExpressions };
}
