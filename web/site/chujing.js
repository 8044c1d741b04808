// chujing.js — load the chujing WebAssembly module (a WASI preview 1
// reactor, see wasm/ABI.md) in browsers, Node 20+ and edge runtimes, and
// call its ABI. No dependencies and no build step: this file is served as
// it is.
//
//   import { load } from "./chujing.js";
//   const cj = await load(fetch("chujing.wasm"));   // or bytes, or a WebAssembly.Module
//   cj.evaluate({ as_of: "2026-06-01", processor: { ciio: "no" }, transfers: [] });
//
// Every call is synchronous once the module is loaded and returns the
// module's own JSON document (a decision, an error, a schema, info).

/** The ABI major version this loader speaks (wasm/ABI.md). */
export const ABI_MAJOR = 1;

// alloc refuses more than this (wasm/main.go maxAlloc); the module itself
// answers too_large over 1 MiB (policy.MaxRequestBytes).
const MAX_ALLOC = 16 << 20;
const MAX_REQUEST = 1 << 20;

// WASI errno values used here.
const ESUCCESS = 0;
const EBADF = 8;
const EINVAL = 28;
const ENOSYS = 52;

/** Thrown by proc_exit: the Go runtime gave up (it never does on input). */
class WasiExit extends Error {
  constructor(code) {
    super(`chujing: the module exited with code ${code}`);
    this.code = code;
  }
}

/**
 * The wasi_snapshot_preview1 functions the Go runtime imports (list them
 * with WebAssembly.Module.imports). No files, no sockets, no environment,
 * no arguments; clocks and random numbers from the platform; fd_write to
 * stdout/stderr goes to the console (the Go runtime writes there only
 * when it crashes). Everything else answers ENOSYS or EBADF.
 */
function wasiImports(getMemory, log) {
  const view = () => new DataView(getMemory().buffer);
  const bytes = () => new Uint8Array(getMemory().buffer);
  const t0 = typeof performance !== "undefined" ? performance.now() : 0;
  const monotonic = () =>
    typeof performance !== "undefined"
      ? BigInt(Math.round((performance.now() - t0) * 1e6))
      : BigInt(Date.now()) * 1000000n;
  const pending = { 1: "", 2: "" };
  const decoder = new TextDecoder();

  return {
    args_sizes_get(argc, bufSize) {
      const v = view();
      v.setUint32(argc, 0, true);
      v.setUint32(bufSize, 0, true);
      return ESUCCESS;
    },
    args_get: () => ESUCCESS,
    environ_sizes_get(count, bufSize) {
      const v = view();
      v.setUint32(count, 0, true);
      v.setUint32(bufSize, 0, true);
      return ESUCCESS;
    },
    environ_get: () => ESUCCESS,
    clock_time_get(id, _precision, out) {
      // 0 realtime, 1 monotonic. The module's results never depend on
      // either: as_of in the request is the only date it uses.
      let ns;
      if (id === 0) ns = BigInt(Date.now()) * 1000000n;
      else if (id === 1) ns = monotonic();
      else return EINVAL;
      view().setBigUint64(out, ns, true);
      return ESUCCESS;
    },
    random_get(buf, len) {
      // getRandomValues fills at most 65536 bytes per call.
      const b = bytes();
      for (let off = 0; off < len; off += 65536) {
        crypto.getRandomValues(b.subarray(buf + off, buf + Math.min(len, off + 65536)));
      }
      return ESUCCESS;
    },
    sched_yield: () => ESUCCESS,
    poll_oneoff(inPtr, outPtr, nsubs, neventsPtr) {
      // Go calls this to sleep when every goroutine waits on a timer. A
      // reactor has nothing to wait for: report each clock subscription as
      // due at once, and fd subscriptions as bad descriptors.
      const v = view();
      let n = 0;
      for (let i = 0; i < nsubs; i++) {
        const sub = inPtr + i * 48;
        const userdata = v.getBigUint64(sub, true);
        const tag = v.getUint8(sub + 8);
        const ev = outPtr + n * 32;
        v.setBigUint64(ev, userdata, true);
        v.setUint16(ev + 8, tag === 0 ? ESUCCESS : EBADF, true);
        v.setUint8(ev + 10, tag);
        v.setBigUint64(ev + 16, 0n, true);
        v.setUint16(ev + 24, 0, true);
        n++;
      }
      v.setUint32(neventsPtr, n, true);
      return ESUCCESS;
    },
    fd_write(fd, iovs, iovsLen, nwritten) {
      if (fd !== 1 && fd !== 2) return EBADF;
      const v = view();
      const b = bytes();
      let total = 0;
      for (let i = 0; i < iovsLen; i++) {
        const ptr = v.getUint32(iovs + i * 8, true);
        const len = v.getUint32(iovs + i * 8 + 4, true);
        pending[fd] += decoder.decode(b.subarray(ptr, ptr + len), { stream: true });
        total += len;
      }
      let nl;
      while ((nl = pending[fd].indexOf("\n")) >= 0) {
        log(fd, pending[fd].slice(0, nl));
        pending[fd] = pending[fd].slice(nl + 1);
      }
      v.setUint32(nwritten, total, true);
      return ESUCCESS;
    },
    fd_fdstat_get(fd, out) {
      // stdin, stdout and stderr are character devices; there are no others.
      if (fd > 2) return EBADF;
      const v = view();
      v.setUint8(out, 2); // filetype: character_device
      v.setUint16(out + 2, 0, true); // flags
      v.setBigUint64(out + 8, 0n, true); // rights_base
      v.setBigUint64(out + 16, 0n, true); // rights_inheriting
      return ESUCCESS;
    },
    fd_fdstat_set_flags: () => ENOSYS,
    fd_prestat_get: () => EBADF, // no preopened directories
    fd_prestat_dir_name: () => EBADF,
    fd_close: () => EBADF,
    fd_read: () => EBADF,
    fd_readdir: () => EBADF,
    fd_filestat_get: () => EBADF,
    path_open: () => ENOSYS,
    path_filestat_get: () => ENOSYS,
    proc_exit(code) {
      throw new WasiExit(code);
    },
  };
}

/**
 * Compile the module from what the host has: a WebAssembly.Module (edge
 * runtimes that forbid compiling at run time), a Response or a promise of
 * one (streamed), or the bytes.
 */
async function compile(source, sha256) {
  source = await source;
  if (source instanceof WebAssembly.Module) {
    if (sha256) throw new TypeError("chujing: sha256 cannot be checked on a precompiled module");
    return source;
  }
  const isResponse = typeof Response !== "undefined" && source instanceof Response;
  if (isResponse) {
    if (!source.ok) throw new Error(`chujing: fetching the module failed: ${source.status} ${source.url}`);
    if (!sha256 && typeof WebAssembly.compileStreaming === "function" &&
        (source.headers.get("content-type") || "").split(";")[0].trim() === "application/wasm") {
      return WebAssembly.compileStreaming(source);
    }
    source = new Uint8Array(await source.arrayBuffer());
  }
  if (source instanceof ArrayBuffer) source = new Uint8Array(source);
  if (!ArrayBuffer.isView(source)) {
    throw new TypeError("chujing: load() takes bytes, a Response or a WebAssembly.Module");
  }
  if (sha256) await checkSHA256(source, sha256);
  return WebAssembly.compile(source);
}

async function checkSHA256(bytes, want) {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  const hex = Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
  if (hex !== want.toLowerCase()) {
    throw new Error(`chujing: the module's SHA-256 is ${hex}, expected ${want}`);
  }
}

/**
 * Load the module and return its API.
 *
 * @param source bytes (ArrayBuffer, typed array), a Response or a promise
 *   of one, or a compiled WebAssembly.Module
 * @param options.sha256 hex SHA-256 the module's bytes must have
 * @param options.log (fd, line) => void for what the runtime writes to
 *   stdout/stderr; console.error by default
 */
export async function load(source, options = {}) {
  const module = await compile(source, options.sha256);
  const log = options.log || ((fd, line) => console.error(`chujing[${fd}]: ${line}`));
  let memory;
  const wasi = wasiImports(() => memory, log);
  // A system function the module imports but this shim does not know
  // (a newer Go runtime may link one more) answers ENOSYS rather than
  // making instantiation fail; the module never calls file functions.
  for (const imp of WebAssembly.Module.imports(module)) {
    if (imp.module === "wasi_snapshot_preview1" && imp.kind === "function" && !(imp.name in wasi)) {
      wasi[imp.name] = () => ENOSYS;
    }
  }
  const instance = await WebAssembly.instantiate(module, { wasi_snapshot_preview1: wasi });
  const x = instance.exports;
  memory = x.memory;
  x._initialize();
  const abi = x.abi_version() >>> 0;
  if (abi >>> 16 !== ABI_MAJOR) {
    throw new Error(`chujing: module ABI ${abi >>> 16}.${abi & 0xffff}, this loader speaks ${ABI_MAJOR}.x`);
  }
  return new Chujing(x, abi);
}

const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8");

/** The module's API over one instance. Calls are synchronous. */
export class Chujing {
  #x;
  #broken = null;

  constructor(exports, abi) {
    this.#x = exports;
    this.abi = { major: abi >>> 16, minor: abi & 0xffff };
  }

  /** Evaluate a request (object or JSON text): a decision or an error document. */
  evaluate(request) {
    return JSON.parse(this.evaluateJSON(asText(request)));
  }

  /** Evaluate request JSON; returns the module's JSON exactly as it wrote it. */
  evaluateJSON(text) {
    return decoder.decode(this.evaluateBytes(encoder.encode(text)));
  }

  /** Evaluate request bytes; returns the module's result bytes. */
  evaluateBytes(bytes) {
    return this.#call("evaluate", bytes);
  }

  /** Validate a request: {kind: "valid"} or an error document. */
  validate(request) {
    return JSON.parse(decoder.decode(this.#call("validate", encoder.encode(asText(request)))));
  }

  /** A schema by short name (request, decision, error, negative-list), or an error document. */
  schema(name) {
    return JSON.parse(decoder.decode(this.#call("schema", encoder.encode(String(name)))));
  }

  /**
   * The decision's deadlines as an iCalendar (RFC 5545) text, from the
   * module's `ics` export (ABI 1.1). Throws a ChujingError carrying the
   * module's error document when the request is rejected.
   */
  ics(request) {
    if (this.abi.minor < 1) throw new Error(`chujing: ics needs ABI 1.1, the module has ${this.abi.major}.${this.abi.minor}`);
    const doc = JSON.parse(decoder.decode(this.#call("ics", encoder.encode(asText(request)))));
    if (doc && doc.kind === "calendar" && typeof doc.ics === "string") return doc.ics;
    throw new ChujingError(doc);
  }

  /** What the module carries: version, ABI, rule sets, instruments, schemas. */
  info() {
    return JSON.parse(decoder.decode(this.#guard(() => this.#result(this.#x.info()))));
  }

  #call(fn, input) {
    if (input.length > MAX_ALLOC) return encoder.encode(tooLarge(input.length));
    return this.#guard(() => {
      const x = this.#x;
      let ptr = 0;
      if (input.length > 0) {
        ptr = x.alloc(input.length) >>> 0;
        if (ptr === 0) return encoder.encode(tooLarge(input.length));
        new Uint8Array(x.memory.buffer, ptr, input.length).set(input);
      }
      try {
        return this.#result(x[fn](ptr, input.length));
      } finally {
        if (ptr) x.free(ptr);
      }
    });
  }

  // Unpack ptr<<32|len, copy the bytes out, free the result.
  #result(packed) {
    const p = BigInt.asUintN(64, packed);
    const ptr = Number(p >> 32n);
    const len = Number(p & 0xffffffffn);
    if (len === 0) return new Uint8Array(0);
    const out = new Uint8Array(this.#x.memory.buffer, ptr, len).slice();
    this.#x.free(ptr);
    return out;
  }

  // A trap leaves the Go runtime in an unknown state: this instance then
  // answers an internal error document; load() again for a fresh one.
  #guard(f) {
    if (this.#broken) return encoder.encode(internalError(this.#broken));
    try {
      return f();
    } catch (e) {
      this.#broken = String(e && e.message ? e.message : e);
      return encoder.encode(internalError(this.#broken));
    }
  }
}

/** Thrown by ics() for an error document: `document` is that document, `errors` its errors. */
export class ChujingError extends Error {
  constructor(document) {
    const errors = Array.isArray(document?.errors) ? document.errors : [];
    const first = errors[0];
    super(first ? `chujing: ${first.code}: ${first.message?.en ?? ""}` : "chujing: unexpected result");
    this.name = "ChujingError";
    this.document = document;
    this.errors = errors;
  }
}

function asText(request) {
  return typeof request === "string" ? request : JSON.stringify(request);
}

// The error documents a host writes itself, byte for byte as the module's
// own (policy.TooLarge, code internal).
function tooLarge(n) {
  return errorDoc("too_large",
    `请求有 ${n} 字节，超过上限 ${MAX_REQUEST} 字节。`,
    `The request has ${n} bytes, over the limit of ${MAX_REQUEST} bytes.`);
}

function internalError(msg) {
  return errorDoc("internal", `内部错误：${msg}`, `Internal error: ${msg}`);
}

function errorDoc(code, zh, en) {
  return JSON.stringify({ kind: "error", errors: [{ pointer: "", code, message: { zh, en } }] });
}
