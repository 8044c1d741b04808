// chujing.js in Node: every way of handing it the module, the hash check,
// the ABI calls, the generated SRI file and the TypeScript declarations.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { before, describe, test } from "node:test";
import { load } from "../site/chujing.js";
import * as hash from "../site/module-hash.js";
import { indexWithIntegrity, moduleHashSource } from "../tools/module-hash.mjs";
import { siteDir } from "./helpers.js";

const wasm = readFileSync(join(siteDir, "chujing.wasm"));
const request = { as_of: "2026-06-01", processor: { ciio: "no" }, transfers: [{ id: "t1", important_data: "none", personal_information: { individuals: 150000 } }] };

describe("chujing.js", () => {
  let cj;
  before(async () => {
    cj = await load(wasm);
  });

  test("loads from bytes, a Response, a promise of one, and a compiled Module; all agree", async () => {
    const want = cj.evaluateJSON(JSON.stringify(request));
    const fromResponse = await load(new Response(wasm, { headers: { "content-type": "application/wasm" } }));
    const fromPromise = await load(Promise.resolve(new Response(wasm)));
    const fromModule = await load(await WebAssembly.compile(wasm));
    const fromBuffer = await load(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.length));
    for (const other of [fromResponse, fromPromise, fromModule, fromBuffer]) {
      assert.equal(other.evaluateJSON(JSON.stringify(request)), want);
    }
    assert.equal(cj.abi.major, 1);
    assert.deepEqual(cj.abi, cj.info().abi);
  });

  test("checks the SHA-256 when asked", async () => {
    await load(wasm, { sha256: hash.wasmSHA256 });
    await assert.rejects(load(wasm, { sha256: "00".repeat(32) }), /SHA-256/);
  });

  test("refuses what is not a module", async () => {
    await assert.rejects(load({}), TypeError);
    await assert.rejects(load(new Response("nope", { status: 404 })), /404/);
  });

  test("evaluate, validate, schema, info", () => {
    const d = cj.evaluate(request);
    assert.equal(d.kind, "decision");
    assert.equal(d.route, "standard_contract_or_certification");
    assert.deepEqual(cj.evaluate(JSON.stringify(request)), d);
    assert.deepEqual(cj.validate(request), { kind: "valid" });
    const bad = cj.validate('{"as_of":"x"}');
    assert.equal(bad.kind, "error");
    assert.ok(bad.errors.some((e) => e.pointer === "/as_of"));
    assert.equal(cj.schema("request").$id, "https://chujing.dev/schemas/request/v1.json");
    assert.equal(cj.schema("nope").errors[0].code, "unknown_reference");
    const info = cj.info();
    assert.equal(info.kind, "info");
    assert.ok(info.schemas.includes("decision"));
  });

  test("bad input gives error documents, never a trap", () => {
    for (const input of ["", "{", "null", "[]", '{"as_of":"2026-06-01"}', "\u0000", "x".repeat(2 << 20)]) {
      const out = cj.evaluate(input);
      assert.equal(out.kind, "error", JSON.stringify(input.slice(0, 20)));
    }
    // Over 16 MiB the loader answers too_large itself, as the module would.
    assert.equal(cj.evaluate("x".repeat(17 << 20)).errors[0].code, "too_large");
    assert.equal(cj.evaluate(request).kind, "decision");
  });
});

describe("module-hash.js and index.html", () => {
  test("module-hash.js is up to date with chujing.wasm (npm run hash)", () => {
    assert.equal(readFileSync(join(siteDir, "module-hash.js"), "utf8"), moduleHashSource());
    assert.equal(hash.wasmSHA256, createHash("sha256").update(wasm).digest("hex"));
    assert.equal(hash.wasmSize, wasm.length);
  });
  test("the preload's integrity in index.html matches (npm run hash)", () => {
    assert.equal(readFileSync(join(siteDir, "index.html"), "utf8"), indexWithIntegrity());
    assert.ok(readFileSync(join(siteDir, "index.html"), "utf8").includes(`integrity="${hash.wasmIntegrity}"`));
  });
});

describe("chujing.d.ts follows the schemas", () => {
  const dts = readFileSync(join(siteDir, "chujing.d.ts"), "utf8");
  const names = (node, out = { props: new Set(), enums: new Set() }) => {
    if (Array.isArray(node)) node.forEach((n) => names(n, out));
    else if (node && typeof node === "object") {
      for (const k of Object.keys(node.properties || {})) out.props.add(k);
      for (const v of node.enum || []) if (typeof v === "string") out.enums.add(v);
      if (typeof node.const === "string") out.enums.add(node.const);
      for (const [k, v] of Object.entries(node)) if (k !== "x-enum-labels" && k !== "x-zh") names(v, out);
    }
    return out;
  };
  for (const name of ["request", "decision", "error"]) {
    test(`${name}: every property and enumerated value is declared`, () => {
      const schema = JSON.parse(readFileSync(join(siteDir, "..", "..", "schemas", `${name}.schema.json`), "utf8"));
      const { props, enums } = names(schema);
      const missingProps = [...props].filter((p) => !new RegExp(`\\b${p}\\??:`).test(dts));
      const missingEnums = [...enums].filter((v) => !dts.includes(`"${v}"`));
      assert.deepEqual(missingProps, []);
      assert.deepEqual(missingEnums, []);
    });
  }
});
