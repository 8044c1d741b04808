// Test helpers: build the Go host once, start `chujing serve` on a free
// port, and run `chujing check --json`.
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const webDir = fileURLToPath(new URL("..", import.meta.url));
export const repoDir = fileURLToPath(new URL("../..", import.meta.url));
export const siteDir = join(webDir, "site");

let built;

/** Build host/cmd/chujing into a temporary folder (go's cache keeps it quick). */
export function buildChujing() {
  if (built) return built;
  const dir = join(tmpdir(), `chujing-web-test-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  built = join(dir, "chujing");
  execFileSync("go", ["build", "-o", built, "./host/cmd/chujing"], { cwd: repoDir, stdio: "inherit" });
  return built;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.unref();
    s.on("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** Start `chujing serve` (it serves web/site as embedded at build time). */
export async function startServer() {
  const bin = buildChujing();
  const port = await freePort();
  const proc = spawn(bin, ["serve", "--addr", `127.0.0.1:${port}`], { stdio: ["ignore", "pipe", "inherit"] });
  const url = `http://127.0.0.1:${port}`;
  await new Promise((resolve, reject) => {
    proc.on("exit", (code) => reject(new Error(`chujing serve exited with ${code}`)));
    proc.stdout.on("data", (d) => {
      if (String(d).includes("serving")) resolve();
    });
  });
  proc.removeAllListeners("exit");
  return {
    url,
    async evaluate(body) {
      const r = await fetch(`${url}/v1/evaluate`, { method: "POST", body });
      return r.text();
    },
    close() {
      proc.kill("SIGTERM");
    },
  };
}

/** `chujing check --json` on request text: the Go host's decision, without the trailing newline. */
export function checkJSON(requestText) {
  const bin = buildChujing();
  let out;
  try {
    out = execFileSync(bin, ["check", "--json", "-"], { input: requestText });
  } catch (e) {
    if (e.status === 1) out = e.stdout; // an error document
    else throw e;
  }
  return String(out).replace(/\n$/, "");
}

/** Folders holding the case corpus: the shared one, testdata, and $CHUJING_CASES. */
export function corpusDirs() {
  const dirs = [join(repoDir, "..", "shared", "cases"), join(repoDir, "testdata")];
  if (process.env.CHUJING_CASES) dirs.push(...process.env.CHUJING_CASES.split(":"));
  return [...new Set(dirs)];
}
