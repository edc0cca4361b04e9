import type { LabelSelector } from "../api/types";
import { selectorMatches } from "../api/labels";

/**
 * A label selector compiled once for matching many pods (metav1.LabelSelectorAsSelector is also built
 * once per sync upstream). Same semantics as api/labels selectorMatches.
 */
export function compileSelector(selector: LabelSelector | undefined): (labels: Record<string, string> | undefined) => boolean {
  if (!selector) return () => false;
  const pairs = Object.entries(selector.matchLabels ?? {});
  if (selector.matchExpressions?.length) return (labels) => selectorMatches(selector, labels);
  return (labels) => {
    if (!labels) return pairs.length === 0;
    for (const [k, v] of pairs) if (labels[k] !== v) return false;
    return true;
  };
}
