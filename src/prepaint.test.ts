import { describe, expect, it } from "vitest";
import { canvasInsets } from "./prepaint";

const page = { embed: false, controls: true, lesson: false, largeText: false };

describe("canvasInsets: where the live canvas will be, before the page's chrome exists", () => {
  // Each row was measured on the built page (the live .cluster-canvas's insets from the window's edges).
  it.each([
    ["the full page at 1280", { ...page, width: 1280 }, [0, 60.391, 48, 105]],
    ["with a lesson's panel", { ...page, lesson: true, width: 1280 }, [0, 60.391, 340, 105]],
    ["large text", { ...page, largeText: true, width: 1280 }, [0, 122.422, 48, 170.109]],
    ["large text with a lesson", { ...page, largeText: true, lesson: true, width: 1280 }, [0, 122.422, 400, 170.109]],
    ["at 1024 the bars wrap", { ...page, width: 1024 }, [0, 102.391, 48, 143]],
    ["at 1920 the events panel is open", { ...page, width: 1920 }, [0, 60.391, 420, 105]],
    ["large text at 1920: the dock keeps one row", { ...page, largeText: true, width: 1920 }, [0, 72.047, 420, 124.531]],
    ["at 800 the page is cut off on the right", { ...page, width: 800 }, [0, 102.391, -176, 143]],
    ["a lesson at 800", { ...page, lesson: true, width: 800 }, [0, 102.391, 116, 143]],
    ["an embed", { ...page, embed: true, width: 1280 }, [0, 0, 0, 50]],
    ["an embed without controls", { ...page, embed: true, controls: false, width: 800 }, [0, 0, 0, 0]],
    // Reduced motion: the strip saying what moved, under the picture.
    ["reduced motion", { ...page, reduced: true, width: 1280 }, [0, 60.391, 48, 163]],
    ["reduced motion, a lesson", { ...page, reduced: true, lesson: true, width: 1280 }, [0, 60.391, 340, 163]],
    ["reduced motion, large text, a lesson", { ...page, reduced: true, largeText: true, lesson: true, width: 1280 }, [0, 122.422, 400, 170.109 + 58 * 1.2]],
    ["reduced motion, an embed", { ...page, reduced: true, embed: true, width: 1280 }, [0, 0, 0, 108]],
  ] as const)("%s", (_, shape, [left, top, right, bottom]) => {
    expect(canvasInsets(shape)).toEqual({ left, top, right, bottom });
  });
});
