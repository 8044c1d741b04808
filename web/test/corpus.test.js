// The whole case corpus through web/site/chujing.js in Node, compared
// byte for byte with the Go host's output for the same requests.
import assert from "node:assert/strict";
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { load as loadModule } from "../site/chujing.js";
import * as casefile from "./casefile.js";
import { corpusDirs, siteDir, startServer } from "./helpers.js";

const dirs = corpusDirs().filter((d) => existsSync(d) && statSync(d).isDirectory());
const files = dirs.flatMap((d) => casefile.load(d));

describe("corpus: chujing.js in Node = Go host, byte for byte", () => {
  let cj, server;
  before(async () => {
    cj = await loadModule(readFileSync(join(siteDir, "chujing.wasm")));
    server = await startServer();
  });
  after(() => server?.close());

  test("the corpus is not empty", () => {
    assert.ok(files.reduce((n, f) => n + f.cases.length, 0) >= 10, `cases in ${dirs.join(", ")}`);
  });

  for (const f of files) {
    for (const c of f.cases) {
      test(`${f.path}: ${c.name}`, async () => {
        const req = casefile.requestJSON(c);
        const js = cj.evaluateJSON(req);
        const go = await server.evaluate(req);
        assert.equal(js, go);
        const d = JSON.parse(js);
        if (c.expect?.error) {
          assert.equal(d.kind, "error");
        } else {
          assert.equal(d.kind, "decision", js);
          const e = c.expect || {};
          if (e.route) assert.equal(d.route, e.route);
          for (const [id, route] of Object.entries(e.transfers || {})) {
            assert.equal(d.transfers.find((t) => t.id === id)?.route, route, `transfer ${id}`);
          }
          if (e.provisional != null) assert.equal(d.provisional, e.provisional);
          for (const m of e.missing || []) assert.ok(d.missing.some((x) => x.field === m), `missing ${m}`);
        }
      });
    }
  }
});
