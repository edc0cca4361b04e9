/**
 * `npm run sim -- [options]`: the headless runner (see `--help` and src/cli/run.ts).
 */
import { readFileSync } from "node:fs";
import { runSim } from "./run";

const code = runSim(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  readFile: (path) => {
    try {
      return readFileSync(path, "utf8");
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      const why = code === "ENOENT" ? "no such file or directory" : code === "EISDIR" ? "is a directory" : code === "EACCES" ? "permission denied" : String((e as Error).message);
      return { error: `error: open ${path}: ${why}` };
    }
  },
});
process.exitCode = code;
