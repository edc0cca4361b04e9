import { create } from "zustand";

/**
 * What the page could not do as its link asked (an unknown lesson, a step past the end, a parameter it
 * ignored), in words on the screen as well as on the console: a presenter looking at the projector, or a
 * teacher with a mistyped bookmark, never sees the console. src/ui/LinkNotice.tsx shows them.
 */
export const useLinkNotices = create<{ notices: string[]; dismiss(): void }>()((set) => ({
  notices: [],
  dismiss: () => set({ notices: [] }),
}));

/** Tells the console and the screen; `text` without the console's "ClusterScope: " (it is added, or kept off the screen). */
export function linkNotice(text: string): void {
  const words = text.replace(/^ClusterScope: /, "");
  console.warn(`ClusterScope: ${words}`);
  useLinkNotices.setState((s) => (s.notices.includes(words) ? s : { notices: [...s.notices, words] }));
}
