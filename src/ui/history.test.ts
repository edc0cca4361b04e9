import { describe, expect, it } from "vitest";
import { freshCursor, historyOf, moveHistory } from "./history";

describe("command history", () => {
  const lines = ["kubectl get pods", "stop node worker-2", "kubectl get nodes"];

  it("walks back with ↑ and forward with ↓, then returns to the draft", () => {
    let cursor = freshCursor();
    const up1 = moveHistory(lines, cursor, "kubectl sc", -1)!;
    expect(up1.text).toBe("kubectl get nodes");
    cursor = up1.cursor;
    const up2 = moveHistory(lines, cursor, up1.text, -1)!;
    expect(up2.text).toBe("stop node worker-2");
    const down = moveHistory(lines, up2.cursor, up2.text, 1)!;
    expect(down.text).toBe("kubectl get nodes");
    const draft = moveHistory(lines, down.cursor, down.text, 1)!;
    expect(draft.text).toBe("kubectl sc");
  });

  it("stops at the oldest line and below the draft", () => {
    const cursor = { index: 0, draft: "" };
    expect(moveHistory(lines, cursor, lines[0], -1)).toBeNull();
    expect(moveHistory(lines, freshCursor(), "", 1)).toBeNull();
    expect(moveHistory([], freshCursor(), "x", -1)).toBeNull();
  });

  it("keeps the newest line reachable when lines are added while at the draft", () => {
    const cursor = freshCursor();
    expect(moveHistory([...lines, "kubectl get events"], cursor, "", -1)!.text).toBe("kubectl get events");
  });

  it("keeps lines trimmed and skips blanks and repeats in a row", () => {
    expect(historyOf(["a", "  b ", "b", "", "   ", "a"])).toEqual(["a", "b", "a"]);
  });
});
