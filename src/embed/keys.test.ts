import { describe, expect, it } from "vitest";
import { blankKeyToggle, isBlankKey, localKeyAction, parentHears, referrerOrigin } from "./keys";

const HOST = "https://slides.example.com";
const key = (k: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean }> = {}) => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  target: null,
  ...mods,
});

describe("a clicker key pressed inside the embed", () => {
  it("goes to a parent that hears it: in a frame, the parent's origin allowed (or unknown), or the null origin listed", () => {
    expect(parentHears({ embedded: true, origin: HOST }, [HOST])).toBe(true);
    expect(parentHears({ embedded: true, origin: HOST }, ["https://other.example", HOST])).toBe(true);
    expect(parentHears({ embedded: true, origin: null }, [HOST])).toBe(true);
    // origins=null: posted to "*", so any parent hears it.
    expect(parentHears({ embedded: true, origin: "https://anyone.example" }, ["null"])).toBe(true);
  });

  it("is the page's own when no parent hears it: top-level, a foreign parent, an opaque one not listed, nothing allowed", () => {
    expect(parentHears({ embedded: false, origin: null }, [HOST])).toBe(false);
    expect(parentHears({ embedded: true, origin: "https://evil.example" }, [HOST])).toBe(false);
    expect(parentHears({ embedded: true, origin: "null" }, [HOST])).toBe(false);
    expect(parentHears({ embedded: true, origin: "file://" }, [HOST])).toBe(false);
    expect(parentHears({ embedded: true, origin: null }, [])).toBe(false);
  });

  it("does then what the full page does: PageDown next, PageUp back, . and b pause (single keys on)", () => {
    const ctx = { singleKeys: true, inLesson: false };
    expect(localKeyAction(key("PageDown"), ctx)).toBe("next");
    expect(localKeyAction(key("PageUp"), ctx)).toBe("prev");
    expect(localKeyAction(key("."), ctx)).toBe("pause");
    expect(localKeyAction(key("b"), ctx)).toBe("pause");
    expect(localKeyAction(key("B"), ctx)).toBe("pause");
    expect(localKeyAction(key("PageDown"), { singleKeys: true, inLesson: true })).toBe("next");
    // Single-key shortcuts off: . and b do nothing, PageUp/PageDown still work; never with a modifier.
    expect(localKeyAction(key("."), { singleKeys: false, inLesson: false })).toBeNull();
    expect(localKeyAction(key("PageDown"), { singleKeys: false, inLesson: false })).toBe("next");
    expect(localKeyAction(key("PageDown", { ctrlKey: true }), ctx)).toBeNull();
    // Only the clicker's keys are the embed's to act on here (R, ?, Space are the page's own handler's).
    expect(localKeyAction(key("r"), ctx)).toBeNull();
  });

  it("reads the parent's origin from the referrer when it must", () => {
    expect(referrerOrigin("https://slides.example.com/deck.html#/3")).toBe(HOST);
    expect(referrerOrigin("")).toBeNull();
    expect(referrerOrigin("not a url")).toBeNull();
  });
});

describe("a blank key passed on to the host", () => {
  it("pauses the cluster behind the host's black screen, and plays it again on the next press", () => {
    expect(["."," b".trim(), "B"].every(isBlankKey)).toBe(true);
    expect(isBlankKey("PageDown")).toBe(false);
    // Playing: pause, and remember it.
    let s = blankKeyToggle(true, false);
    expect(s).toEqual({ action: "pause", blankPaused: true });
    // Still paused at the next press: play again.
    s = blankKeyToggle(false, s.blankPaused);
    expect(s).toEqual({ action: "play", blankPaused: false });
    // Paused by the presenter, not by a blank key: the screen's toggling leaves it paused.
    expect(blankKeyToggle(false, false)).toEqual({ action: null, blankPaused: false });
    // Played again by hand since the press that paused it: the next press pauses.
    expect(blankKeyToggle(true, true)).toEqual({ action: "pause", blankPaused: true });
  });
});
