import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { planLesson } from "../bridge/lessonHost";
import { lessonScript } from "./runner";
import type { Lesson } from "./types";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** The README's example lesson: the TypeScript block under "Writing a lesson". */
function readmeExample(): string {
  const readme = readFileSync(join(root, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("### Writing a lesson"));
  const m = /```ts\n([\s\S]*?)```/.exec(section);
  if (!m) throw new Error("README.md: no ```ts block under \"### Writing a lesson\"");
  return m[1];
}

describe("the README's example lesson", () => {
  it("type-checks as a lesson file, importing only types", { timeout: 60_000 }, () => {
    const code = readmeExample();
    // Where the README says to put it (its first line names the file).
    const name = /^\/\/ (src\/lessons\/[a-z-]+\.ts)\n/.exec(code)?.[1];
    expect(name, "the example names its file on its first line").toBeTruthy();
    const file = join(root, name!);
    const config = ts.parseJsonConfigFileContent(ts.readConfigFile(join(root, "tsconfig.json"), ts.sys.readFile).config, ts.sys, root);
    const host = ts.createCompilerHost(config.options);
    const getSourceFile = host.getSourceFile;
    host.getSourceFile = (f, lang, ...rest) => (f === file ? ts.createSourceFile(f, code, lang) : getSourceFile.call(host, f, lang, ...rest));
    host.fileExists = ((exists) => (f: string) => f === file || exists(f))(host.fileExists);
    const program = ts.createProgram([file], { ...config.options, noEmit: true }, host);
    const problems = ts.getPreEmitDiagnostics(program, program.getSourceFile(file)).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
    expect(problems).toEqual([]);
    for (const line of code.split("\n").filter((l) => l.startsWith("import "))) expect(line).toMatch(/^import type /);
  });

  it("runs headless to its end, every step's condition met within its max time", { timeout: 120_000 }, async () => {
    const js = ts.transpileModule(readmeExample(), { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
    const mod = (await import(`data:text/javascript,${encodeURIComponent(js)}`)) as Record<string, Lesson>;
    const lessons = Object.values(mod);
    expect(lessons).toHaveLength(1);
    const lesson = lessons[0];
    const plan = planLesson(lessonScript(lesson));
    expect(plan.failure).toBeUndefined();
    expect(plan.steps).toHaveLength(lesson.steps.length);
    plan.steps.forEach((s, i) => {
      expect({ step: i + 1, met: s.met }).toEqual({ step: i + 1, met: true });
      expect(s.end - s.start).toBeLessThanOrEqual(lesson.steps[i].maxTime);
    });
  });
});
