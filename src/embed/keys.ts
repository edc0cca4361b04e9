/**
 * Where a clicker key pressed inside the embed goes (pure: src/embed/embed.ts asks it). In embed mode
 * PageUp, PageDown, `.` and `b` belong to the host page (src/ui/keyboard.ts says "forward"): they are
 * posted to the parent, which moves its slides. When no parent can hear them (the page is opened
 * top-level with `embed=1`, or its parent's origin is not one the page posts to) the page acts on
 * them itself, as the full page does: PageDown the next step, PageUp back, `.` and `b` pause. Passed on,
 * `.` and `b` also pause the cluster here (and the next press plays it again): {@link blankKeyToggle}.
 */
import { presenterAction } from "../ui/keyboard";

export { isBlankKey } from "../ui/keyboard";

export interface ParentInfo {
  /** The page is in a frame. */
  embedded: boolean;
  /**
   * The parent's origin as far as the page can tell (`location.ancestorOrigins[0]`, else the referrer's
   * origin; "null" for an opaque one); null when it cannot tell.
   */
  origin: string | null;
}

/**
 * Whether messages posted to the parent reach it: the page posts to each allowed origin (and to "*"
 * when the null origin is allowed: src/embed/messages.ts `targetOrigins`). When the parent's origin is
 * unknown, it is assumed to hear them (as the page always did).
 */
export function parentHears(parent: ParentInfo, allowed: readonly string[]): boolean {
  if (!parent.embedded || allowed.length === 0) return false;
  if (allowed.includes("null")) return true;
  if (parent.origin === null) return true;
  return allowed.includes(parent.origin);
}

/** What the page does itself with a forwarded key when no parent hears it (the full page's action), or null. */
export type LocalKeyAction = "next" | "prev" | "pause";

export function localKeyAction(
  e: { key: string; ctrlKey: boolean; metaKey: boolean; altKey: boolean; target: EventTarget | null },
  ctx: { singleKeys: boolean; inLesson: boolean },
): LocalKeyAction | null {
  const action = presenterAction(e, { embed: false, singleKeys: ctx.singleKeys, inLesson: ctx.inLesson });
  return action === "next" || action === "prev" || action === "pause" ? action : null;
}

/**
 * What a blank key passed on to the host does here too. The host blacks its screen; the frame cannot see
 * that (it is still "in view"), so the cluster would run on behind the black screen. The first press
 * pauses it, as the full page's `.` and `b` do; the next one plays it again if that press paused it and
 * it is still paused, as the host's screen comes back. `blankPaused` is what the last press left.
 */
export function blankKeyToggle(playing: boolean, blankPaused: boolean): { action: "pause" | "play" | null; blankPaused: boolean } {
  if (playing) return { action: "pause", blankPaused: true };
  if (blankPaused) return { action: "play", blankPaused: false };
  return { action: null, blankPaused: false };
}

/** A referrer's origin ("" or unreadable: null). */
export function referrerOrigin(referrer: string): string | null {
  if (!referrer) return null;
  try {
    return new URL(referrer).origin;
  } catch {
    return null;
  }
}
