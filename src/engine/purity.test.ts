import { describe, expect, it } from "vitest";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

/**
 * shared/ARCHITECTURE.md: the engine imports no React, no DOM, no Date, no timers, no Math.random.
 * It must run the same in Node, in a worker and in tests, and be deterministic.
 */
const ROOT = join(__dirname);
const FORBIDDEN: [RegExp, string][] = [
  [/from\s+["'](react|react-dom|@xyflow\/react|motion|motion\/react|zustand)["']/, "UI library import"],
  [/from\s+["']\.\.\/\.\.\/(bridge|store|canvas|ui|lessons|cli)\//, "import from a layer above the engine"],
  [/\bDate\.now\s*\(/, "wall clock (Date.now)"],
  [/\bnew Date\s*\(/, "wall clock (new Date)"],
  [/\bMath\.random\s*\(/, "unseeded randomness (Math.random)"],
  [/\b(setTimeout|setInterval|setImmediate|requestAnimationFrame)\s*\(/, "real timers"],
  [/\bperformance\.now\s*\(/, "wall clock (performance.now)"],
  [/\b(window|document|localStorage)\./, "DOM access"],
  [/from\s+["']node:/, "Node-only module"],
];

function engineSources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...engineSources(p));
    else if (/\.tsx?$/.test(name) && !/\.(test|bench)\.tsx?$/.test(name)) out.push(p);
  }
  return out;
}

describe("engine purity", () => {
  it("finds engine sources to check", () => {
    expect(engineSources(ROOT).length).toBeGreaterThan(10);
  });

  it("uses no UI library, wall clock, real timer, DOM or unseeded randomness", () => {
    const problems: string[] = [];
    for (const file of engineSources(ROOT)) {
      const lines = readFileSync(file, "utf8").split("\n");
      lines.forEach((line, i) => {
        if (/^\s*(\/\/|\*)/.test(line)) return;
        for (const [re, what] of FORBIDDEN) if (re.test(line)) problems.push(`${relative(ROOT, file)}:${i + 1}: ${what}: ${line.trim()}`);
      });
    }
    expect(problems).toEqual([]);
  });
});
