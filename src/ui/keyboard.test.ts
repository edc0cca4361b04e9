import { describe, expect, it } from "vitest";
import { ownsArrowKeys, ownsKeys, ownsPageKeys, presenterAction, scrubStep, scrubTarget } from "./keyboard";

describe("timeline keys", () => {
  it("seek one second with the arrows and ten with Shift", () => {
    expect(scrubStep("ArrowRight", false)).toBe(1000);
    expect(scrubStep("ArrowLeft", false)).toBe(-1000);
    expect(scrubStep("ArrowRight", true)).toBe(10_000);
    expect(scrubStep("ArrowLeft", true)).toBe(-10_000);
    expect(scrubStep("a", false)).toBeNull();
  });

  it("land within [0, horizon], with Home and End at the ends", () => {
    expect(scrubTarget("ArrowRight", false, 5_000, 60_000)).toBe(6_000);
    expect(scrubTarget("ArrowLeft", true, 5_000, 60_000)).toBe(0);
    expect(scrubTarget("ArrowRight", true, 55_000, 60_000)).toBe(60_000);
    expect(scrubTarget("Home", false, 5_000, 60_000)).toBe(0);
    expect(scrubTarget("End", false, 5_000, 60_000)).toBe(60_000);
    expect(scrubTarget("x", false, 5_000, 60_000)).toBeNull();
  });
});

describe("ownsKeys", () => {
  /** A stand-in element: `closest` answers for the selectors the element itself matches. */
  const el = (tag: string, editable = false) => ({
    isContentEditable: editable,
    closest: (selector: string) => (selector.split(",").some((s) => s.trim() === tag) ? {} : null),
  });

  it("leaves Space to fields and controls, takes it elsewhere", () => {
    expect(ownsKeys(el("input") as unknown as EventTarget)).toBe(true);
    expect(ownsKeys(el("button") as unknown as EventTarget)).toBe(true);
    expect(ownsKeys(el("div", true) as unknown as EventTarget)).toBe(true);
    expect(ownsKeys(el("div") as unknown as EventTarget)).toBe(false);
    expect(ownsKeys(null)).toBe(false);
  });
});

describe("presenter keys", () => {
  const key = (k: string, target: EventTarget | null = null, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean }> = {}) => ({
    key: k,
    ctrlKey: false,
    metaKey: false,
    altKey: false,
    target,
    ...mods,
  });
  const page = { embed: false, singleKeys: true, inLesson: false };

  it("step with the arrows and PageUp/PageDown, pause with . and b, reset with R, help with ?", () => {
    expect(presenterAction(key("ArrowRight"), page)).toBe("next");
    expect(presenterAction(key("PageDown"), page)).toBe("next");
    expect(presenterAction(key("ArrowLeft"), page)).toBe("prev");
    expect(presenterAction(key("PageUp"), page)).toBe("prev");
    expect(presenterAction(key("."), page)).toBe("pause");
    expect(presenterAction(key("b"), page)).toBe("pause");
    expect(presenterAction(key("R"), page)).toBe("reset");
    expect(presenterAction(key("r"), page)).toBe("reset");
    expect(presenterAction(key("?"), page)).toBe("help");
    expect(presenterAction(key("x"), page)).toBeNull();
    expect(presenterAction(key("ArrowRight", null, { ctrlKey: true }), page)).toBeNull();
    expect(presenterAction(key("r", null, { metaKey: true }), page)).toBeNull();
  });

  it("Z toggles Zoom to step in a lesson, a single key like the others, not in a field", () => {
    const lesson = { ...page, inLesson: true };
    expect(presenterAction(key("z"), lesson)).toBe("zoomStep");
    expect(presenterAction(key("Z"), lesson)).toBe("zoomStep");
    // Embedded too: it is not a clicker's key, the host page does not get it.
    expect(presenterAction(key("z"), { ...lesson, embed: true })).toBe("zoomStep");
    expect(presenterAction(key("z"), page)).toBeNull();
    expect(presenterAction(key("z"), { ...lesson, singleKeys: false })).toBeNull();
    expect(presenterAction(key("z", null, { ctrlKey: true }), lesson)).toBeNull();
    const input = { closest: () => null, isContentEditable: false, tagName: "INPUT", type: "text" } as unknown as EventTarget;
    expect(presenterAction(key("z", input), lesson)).toBeNull();
  });

  it("Space steps a lesson, and plays or pauses otherwise", () => {
    expect(presenterAction(key(" "), page)).toBe("togglePlay");
    expect(presenterAction(key(" "), { ...page, inLesson: true })).toBe("next");
  });

  it("with single-key shortcuts off, only the arrows and PageUp/PageDown act", () => {
    const off = { ...page, singleKeys: false };
    for (const k of [" ", ".", "b", "r", "R", "?", "z"]) expect(presenterAction(key(k), { ...off, inLesson: true }), k).toBeNull();
    expect(presenterAction(key("ArrowRight"), off)).toBe("next");
    expect(presenterAction(key("PageUp"), off)).toBe("prev");
  });

  it("in embed mode PageUp, PageDown, . and b go to the host page", () => {
    const embed = { ...page, embed: true };
    for (const k of ["PageUp", "PageDown", ".", "b"]) expect(presenterAction(key(k), embed), k).toBe("forward");
    expect(presenterAction(key("ArrowRight"), embed)).toBe("next");
    expect(presenterAction(key("ArrowLeft"), embed)).toBe("prev");
    // With single keys off (keys=0), `.` and `b` do nothing at all: the host does not hear them either.
    const off = { ...embed, singleKeys: false };
    for (const k of [".", "b", "B"]) expect(presenterAction(key(k), off), k).toBeNull();
    for (const k of ["PageUp", "PageDown"]) expect(presenterAction(key(k), off), k).toBe("forward");
  });

  it("never act while a field or a control has the key", () => {
    const fake = (match: (sel: string) => boolean, extra: Record<string, unknown> = {}) =>
      ({ closest: (sel: string) => (match(sel) ? {} : null), isContentEditable: false, tagName: "DIV", ...extra }) as unknown as EventTarget;
    const input = fake(() => true, { tagName: "INPUT", type: "text" });
    for (const k of ["ArrowRight", "?", "r", ".", " "]) expect(presenterAction(key(k, input), page), k).toBeNull();
    const slider = fake((sel) => sel.includes('[role="slider"]'));
    expect(presenterAction(key("ArrowRight", slider), page)).toBeNull();
    const checkbox = fake(() => false, { tagName: "INPUT", type: "checkbox" });
    expect(presenterAction(key("ArrowRight", checkbox), page)).toBe("next");
    // Space on a button presses the button.
    const button = fake((sel) => /(^|, )button(,|$)/.test(sel));
    expect(presenterAction(key(" ", button), page)).toBeNull();
    expect(presenterAction(key("ArrowRight", button), page)).toBe("next");
    expect(ownsArrowKeys(input)).toBe(true);
  });

  it("PageUp and PageDown, a clicker's keys, step from a slider, a select or a text field, not from a dialog, a menu or a multi-line field", () => {
    const el = (tag: string, attrs: Record<string, string> = {}, inside: string[] = []) =>
      ({
        tagName: tag.toUpperCase(),
        type: attrs.type ?? "",
        isContentEditable: false,
        // A stand-in for Element.closest: the element's own tag and role, and the ones it sits in.
        closest: (sel: string) =>
          sel
            .split(",")
            .map((x) => x.trim())
            .some((x) => x === tag || (attrs.role && x === `[role="${attrs.role}"]`) || inside.includes(x))
            ? {}
            : null,
      }) as unknown as EventTarget;
    const embed = { ...page, embed: true };
    const stepping = [el("input", { type: "range" }), el("div", { role: "slider" }), el("select"), el("input", { type: "text" }), el("button")];
    for (const target of stepping) {
      expect(ownsPageKeys(target)).toBe(false);
      expect(presenterAction(key("PageDown", target), page)).toBe("next");
      expect(presenterAction(key("PageUp", target), page)).toBe("prev");
      expect(presenterAction(key("PageDown", target), embed)).toBe("forward");
      // The arrows stay the control's own, but for ← and → in a select (Chromium would open the next lesson).
      const tag = (target as unknown as { tagName: string }).tagName;
      if (tag === "SELECT") {
        expect(presenterAction(key("ArrowRight", target), page)).toBe("next");
        expect(presenterAction(key("ArrowLeft", target), page)).toBe("prev");
        expect(presenterAction(key("ArrowDown", target), page)).toBeNull();
      } else if (tag !== "BUTTON") expect(presenterAction(key("ArrowRight", target), page)).toBeNull();
    }
    // A select in a dialog keeps its arrows.
    expect(presenterAction(key("ArrowRight", el("select", {}, ["dialog"])), page)).toBeNull();
    for (const target of [el("textarea"), el("button", {}, ["dialog"]), el("button", { role: "menuitem" }), el("div", { role: "option" })]) {
      expect(ownsPageKeys(target)).toBe(true);
      expect(presenterAction(key("PageDown", target), page)).toBeNull();
      expect(presenterAction(key("PageDown", target), embed)).toBeNull();
    }
  });
});
