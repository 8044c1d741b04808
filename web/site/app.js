// The checker page. The questionnaire is generated from the request schema
// the module carries (titles, help, enumerations and their labels,
// defaults, "I don't know"); the result is the module's decision. Nothing
// leaves the browser: the request lives in this page, in localStorage
// (the language only) and in the URL fragment, which is never sent.
import { load } from "./chujing.js";
import { wasmIntegrity, wasmPath } from "./module-hash.js";

// ---------------------------------------------------------------------------
// UI strings. Everything the schemas do not say.
const UI = {
  title: { en: "chujing — outbound data transfer checker", zh: "chujing — 数据出境合规检查" },
  skip: { en: "Skip to the questionnaire", zh: "跳到问卷" },
  loading: { en: "Loading the rules module…", zh: "正在加载规则模块……" },
  loadFailed: { en: "The rules module could not be loaded: ", zh: "无法加载规则模块：" },
  ready: { en: "Ready. Everything runs in this browser: nothing you enter is sent anywhere.", zh: "已就绪。全部在本浏览器中运行：您填写的内容不会发送到任何地方。" },
  tools: { en: "Tools", zh: "工具" },
  langToggle: { en: "中文", zh: "English" },
  langToggleLabel: { en: "显示中文 (switch to Chinese)", zh: "Switch to English（切换到英文）" },
  questionnaire: { en: "Questionnaire", zh: "问卷" },
  intro: {
    en: "Answer what you know. Where you do not know a fact, say so: the result then assumes the strict answer and asks you for it.",
    zh: "请填写您所知道的情况。不清楚的事实请如实选择“不清楚”：结论将按从严方式假定并提示您补充。",
  },
  general: { en: "The assessment", zh: "评估" },
  transfer: { en: "Transfer", zh: "出境活动" },
  addTransfer: { en: "Add a transfer", zh: "添加出境活动" },
  removeTransfer: { en: "Remove transfer", zh: "删除出境活动" },
  filing: { en: "Filing", zh: "备案或批准" },
  addFiling: { en: "Add a filing or approval", zh: "添加备案或批准" },
  removeFiling: { en: "Remove filing", zh: "删除备案或批准" },
  noFilings: { en: "None yet.", zh: "暂无。" },
  noTransfers: { en: "No transfers yet.", zh: "暂无出境活动。" },
  notGiven: { en: "— not given —", zh: "— 未提供 —" },
  blankUnknown: { en: "Leave blank if you don't know.", zh: "不清楚请留空。" },
  blankNone: { en: "Leave blank if none.", zh: "没有请留空。" },
  optional: { en: "optional", zh: "选填" },
  required: { en: "required", zh: "必填" },
  exportBtn: { en: "Export request (JSON)", zh: "导出请求（JSON）" },
  importBtn: { en: "Import request (JSON)", zh: "导入请求（JSON）" },
  importFailed: { en: "The file is not a JSON request: ", zh: "该文件不是 JSON 格式的请求：" },
  imported: { en: "Request imported.", zh: "已导入请求。" },
  shareBtn: { en: "Copy shareable link", zh: "复制分享链接" },
  shareLabel: { en: "Shareable link (the request is in the part after #, which browsers never send to a server)", zh: "分享链接（请求保存在 # 之后的部分，浏览器不会将其发送到服务器）" },
  copied: { en: "Link copied.", zh: "链接已复制。" },
  printBtn: { en: "Print report", zh: "打印报告" },
  resetBtn: { en: "Start over", zh: "重新开始" },
  extraFields: { en: "The request also holds fields this form does not show; they are kept and evaluated: ", zh: "该请求还包含本表单未显示的字段，这些字段会被保留并参与评估：" },
  result: { en: "Result", zh: "结论" },
  overall: { en: "Overall route", zh: "总体路径" },
  errorsTitle: { en: "The request has problems; fix them to get a result:", zh: "请求存在问题，修正后才能得出结论：" },
  provisionalTitle: { en: "Provisional: the result assumes the strict answer to facts you have not given. Answer these to settle it:", zh: "暂定结论：对于您未提供的事实，结论按从严方式假定。回答以下问题以确定结论：" },
  assumed: { en: "assumed", zh: "假定为" },
  perTransfer: { en: "Route per transfer", zh: "各项出境活动的路径" },
  colTransfer: { en: "Transfer", zh: "出境活动" },
  colRoute: { en: "Route", zh: "路径" },
  colBasis: { en: "Basis", zh: "依据" },
  alternatives: { en: "may instead use", zh: "也可改用" },
  gba_contract: { en: "Greater Bay Area standard contract", zh: "粤港澳大湾区标准合同" },
  counted: { en: "Individuals counted toward the thresholds", zh: "计入阈值的个人数量" },
  unknownCount: { en: "unknown", zh: "不清楚" },
  reasons: { en: "Why", zh: "理由" },
  forTransfers: { en: "Transfers", zh: "出境活动" },
  wholeProcessor: { en: "the processor as a whole", zh: "整个处理者" },
  leadsTo: { en: "leads to", zh: "导致" },
  source: { en: "official text", zh: "官方文本" },
  obligations: { en: "Obligations checklist", zh: "义务清单" },
  obligationsHelp: { en: "These apply whatever the route. Tick them off as you go; the ticks are not saved.", zh: "无论何种路径均须履行。可逐项勾选，勾选不会保存。" },
  notes: { en: "Notes", zh: "说明" },
  deadlines: { en: "Deadlines", zh: "期限" },
  noDeadline: { en: "Deadlines that cannot be computed", zh: "无法计算的期限" },
  scopeChanges: { en: "Outside the scope of a filing", zh: "超出备案或批准范围" },
  zones: { en: "Zone lists considered", zh: "考虑的自贸试验区清单" },
  applies: { en: "applies", zh: "适用" },
  doesNotApply: { en: "does not apply", zh: "不适用" },
  ruleSet: { en: "Rules applied", zh: "适用规则" },
  dateApplied: { en: "Date applied", zh: "适用日期" },
  moduleVersion: { en: "Module", zh: "模块" },
  reportDate: { en: "Report produced on", zh: "报告生成日期" },
  reportTitle: { en: "Outbound data transfer assessment", zh: "数据出境评估报告" },
  facts: { en: "Facts entered", zh: "填写的事实" },
  disclaimer: {
    en: "This report applies the rules as encoded in chujing to the facts entered. It is not legal advice.",
    zh: "本报告将 chujing 所编码的规则适用于所填写的事实，不构成法律意见。",
  },
  privacy: { en: "Runs entirely in your browser. No data is sent to any server.", zh: "完全在您的浏览器中运行，不会向任何服务器发送数据。" },
  transfersGiven: { en: "transfers", zh: "项出境活动" },
  deadlineKind: {
    filing_due: { en: "Filing due", zh: "备案期限" },
    valid_until: { en: "Valid until", zh: "有效期至" },
    extension_window_opens: { en: "Extension window opens", zh: "延期申请窗口开启" },
    recertify_by: { en: "Apply again by", zh: "重新认证申请期限" },
    completeness_check_due: { en: "Completeness check due", zh: "完备性查验期限" },
    acceptance_due: { en: "Acceptance due", zh: "受理期限" },
    assessment_due: { en: "Assessment due", zh: "评估完成期限" },
    records_until: { en: "Keep records until", zh: "记录保存至" },
  },
  status: {
    filed: { en: "filed", zh: "已备案" },
    filed_late: { en: "filed late", zh: "逾期备案" },
    pending: { en: "pending", zh: "待办" },
    overdue: { en: "overdue", zh: "已逾期" },
    in_force: { en: "in force", zh: "有效" },
    expired: { en: "expired", zh: "已失效" },
    not_open: { en: "not open yet", zh: "尚未开启" },
    open: { en: "open", zh: "已开启" },
    closed: { en: "closed", zh: "已关闭" },
    done: { en: "done", zh: "已完成" },
  },
  colDate: { en: "Date", zh: "日期" },
  colStatus: { en: "Status", zh: "状态" },
  colWhat: { en: "What", zh: "事项" },
  colFiling: { en: "Filing", zh: "备案或批准" },
  none: { en: "None.", zh: "无。" },
};

const LANG_KEY = "chujing.lang";
let lang = initialLang();

function initialLang() {
  try {
    const saved = localStorage.getItem(LANG_KEY);
    if (saved === "zh" || saved === "en") return saved;
  } catch {
    // storage may be unavailable (private mode, file://): fall through
  }
  return (navigator.language || "").toLowerCase().startsWith("zh") ? "zh" : "en";
}

/** A UI string, or any {en, zh} object, in the current language. */
function t(x) {
  if (typeof x === "string") x = UI[x];
  if (!x) return "";
  return x[lang] ?? x.en ?? "";
}

// ---------------------------------------------------------------------------
// DOM helpers.
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v == null || v === false) continue;
    if (k === "class") el.className = v;
    else if (k === "text") el.textContent = v;
    else if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else if (k === "dataset") Object.assign(el.dataset, v);
    else el.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat(Infinity)) {
    if (c == null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

const $ = (sel) => document.querySelector(sel);

// ---------------------------------------------------------------------------
// Schema access: resolve $ref, merging the referring node's own keys
// (title, description, x-zh, default) over the target's.
let requestSchema, decisionSchema, info, cj;

function resolve(node) {
  if (!node || !node.$ref) return node || {};
  const name = node.$ref.replace("#/$defs/", "");
  const target = resolve(requestSchema.$defs[name]);
  const { $ref, ...own } = node;
  return { ...target, ...own };
}

/** The resolved schema of a path like ["processor", "ciio"] (array indexes skipped). */
function schemaAt(path) {
  let node = requestSchema;
  for (const seg of path) {
    node = resolve(node);
    if (typeof seg === "number") node = node.items;
    else node = node.properties?.[seg];
    if (!node) return {};
  }
  return resolve(node);
}

const titleOf = (s) => (lang === "zh" ? s["x-zh"]?.title : null) || s.title || "";
const descOf = (s) => (lang === "zh" ? s["x-zh"]?.description : null) || s.description || "";
const types = (s) => (Array.isArray(s.type) ? s.type : s.type ? [s.type] : []);

function enumLabel(s, value) {
  const l = s["x-enum-labels"]?.[value];
  return l ? t(l) : String(value);
}

// ---------------------------------------------------------------------------
// The request being edited.
const defaults = () => ({
  as_of: today(),
  processor: {
    ciio: schemaAt(["processor", "ciio"]).default ?? "unknown",
    exported_this_year: {
      individuals: schemaAt(["processor", "exported_this_year", "individuals"]).default ?? 0,
      sensitive_individuals: schemaAt(["processor", "exported_this_year", "sensitive_individuals"]).default ?? 0,
    },
  },
  transfers: [newTransfer(1)],
});

function newTransfer(n) {
  const d = (k) => schemaAt(["transfers", 0, ...k]).default;
  const tr = {
    id: `t${n}`,
    scenario: d(["scenario"]) ?? "other",
    important_data: d(["important_data"]) ?? "unknown",
    personal_information: {
      individuals: d(["personal_information", "individuals"]) ?? 0,
      sensitive_individuals: d(["personal_information", "sensitive_individuals"]) ?? 0,
    },
    collected_abroad: d(["collected_abroad"]) ?? "no",
  };
  return tr;
}

function newFiling(n) {
  const kind = schemaAt(["processor", "filings", 0, "kind"]).enum?.[0] ?? "standard_contract";
  return { id: `f${n}`, kind, date: state.as_of || today() };
}

function today() {
  const d = new Date();
  const p = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

let state;

function getAt(obj, path) {
  let v = obj;
  for (const seg of path) {
    if (v == null || typeof v !== "object") return undefined;
    v = v[seg];
  }
  return v;
}

function setAt(obj, path, value) {
  let v = obj;
  for (let i = 0; i < path.length - 1; i++) {
    const seg = path[i];
    if (v[seg] == null || typeof v[seg] !== "object") v[seg] = typeof path[i + 1] === "number" ? [] : {};
    v = v[seg];
  }
  const last = path[path.length - 1];
  if (value !== undefined) {
    v[last] = value;
    return;
  }
  delete v[last];
  // Drop optional containers left empty (a recipient without a region).
  for (let i = path.length - 1; i > 0; i--) {
    const key = path[i - 1];
    if (!EMPTY_DROPPABLE.has(key)) break;
    const parent = getAt(obj, path.slice(0, i - 1));
    const child = parent?.[key];
    if (!child || typeof child !== "object" || Array.isArray(child) || Object.keys(child).length > 0) break;
    delete parent[key];
  }
}
const EMPTY_DROPPABLE = new Set(["recipient", "declared", "scope"]);

const pointerOf = (path) => "/" + path.map((s) => String(s).replace(/~/g, "~0").replace(/\//g, "~1")).join("/");
const idOf = (pointer) => "f" + pointer.replace(/[^A-Za-z0-9_]/g, "-");

// ---------------------------------------------------------------------------
// Fields. Each field is generated from its schema: enum → select (with
// the x-enum-labels, "not given" where null is allowed); integer → a text
// box with a numeric keyboard, blank = null where null is allowed;
// date → a date input; other strings → a text box.
function field(path, opts = {}) {
  const s = schemaAt(path);
  const pointer = pointerOf(path);
  const id = idOf(pointer);
  const helpId = id + "-help";
  const errId = id + "-err";
  const ty = types(s);
  const nullable = ty.includes("null") || (s.enum || []).includes(null);
  const value = getAt(state, path);
  const isRequired = opts.required ?? false;
  let help = descOf(s);
  let control;

  if (s.enum) {
    control = h("select", { id, name: pointer, "aria-describedby": `${helpId} ${errId}` });
    const values = s.enum.filter((v) => v !== null);
    if (nullable || value === undefined && s.default === undefined) {
      control.append(h("option", { value: "", text: t("notGiven") }));
    }
    for (const v of values) control.append(h("option", { value: v, text: enumLabel(s, v) }));
    control.value = value == null ? "" : String(value);
    if (value != null && !values.includes(value)) {
      // An imported value the schema does not list: show it so the error reads right.
      control.append(h("option", { value: String(value), text: String(value) }));
      control.value = String(value);
    }
    control.addEventListener("change", () => update(path, control.value === "" ? undefined : control.value));
  } else if (ty.includes("integer")) {
    control = h("input", {
      id, name: pointer, type: "text", inputmode: "numeric", autocomplete: "off",
      "aria-describedby": `${helpId} ${errId}`,
    });
    control.value = value == null ? "" : String(value);
    control.addEventListener("input", () => update(path, parseCount(control.value, nullable)));
    if (nullable) help = `${help} ${t("blankUnknown")}`;
  } else if (s.format === "date") {
    control = h("input", { id, name: pointer, type: "date", "aria-describedby": `${helpId} ${errId}` });
    control.value = value == null ? "" : String(value);
    control.addEventListener("input", () => update(path, control.value === "" ? (isRequired ? "" : undefined) : control.value));
    if (!isRequired) help = `${help} ${t("blankNone")}`;
  } else {
    control = h("input", {
      id, name: pointer, type: "text", autocomplete: "off", spellcheck: "false",
      "aria-describedby": `${helpId} ${errId}`,
    });
    control.value = value == null ? "" : String(value);
    control.addEventListener("input", () => update(path, control.value === "" ? (isRequired ? "" : undefined) : control.value));
  }
  if (isRequired) control.setAttribute("aria-required", "true");
  control.dataset.pointer = pointer;

  return h("div", { class: "field", dataset: { pointer } },
    h("div", { class: "label-line" },
      h("label", { for: id }, titleOf(s)),
      isRequired ? h("span", { class: "req", "aria-hidden": "true", text: "*" }) : null),
    h("p", { class: "help", id: helpId }, help),
    control,
    h("p", { class: "err", id: errId, hidden: true }),
  );
}

/** A count as typed: blank = null (unknown) where allowed; digits = a number; anything else is passed on for the module to reject at the field. */
function parseCount(text, nullable) {
  const s = text.trim().replace(/[,_\s]/g, "");
  if (s === "") return nullable ? null : undefined;
  if (/^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(s)) {
    const n = Number(s);
    if (Number.isSafeInteger(n) || !Number.isInteger(n)) return n;
  }
  return text;
}

function group(path, legend, children, attrs = {}) {
  const pointer = path.length ? pointerOf(path) : "";
  const s = path.length ? schemaAt(path) : {};
  const descId = idOf(pointer || "/root") + "-desc";
  const desc = attrs.desc ?? descOf(s);
  return h("fieldset", { class: attrs.class || "group", id: path.length ? idOf(pointer) : null, dataset: { pointer }, "aria-describedby": desc ? descId : null },
    h("legend", {}, legend ?? titleOf(s)),
    desc ? h("p", { class: "help", id: descId }, desc) : null,
    h("p", { class: "err", id: idOf(pointer || "/root") + "-err", hidden: true }),
    children,
  );
}

// ---------------------------------------------------------------------------
// The questionnaire.
function renderQuestionnaire() {
  const q = $("#questionnaire");
  const focusedId = document.activeElement?.id;
  q.replaceChildren();
  q.append(
    h("h1", { id: "q-heading" }, t("questionnaire")),
    h("p", { class: "intro" }, t("intro")),
  );
  const form = h("form", { id: "form", novalidate: true, onsubmit: (e) => e.preventDefault() });

  form.append(group([], t("general"), [field(["as_of"], { required: true })], { desc: descOf(requestSchema) }));

  const P = ["processor"];
  form.append(group(P, null, [
    field([...P, "name"]),
    field([...P, "ciio"]),
    field([...P, "ftz"]),
    field([...P, "city"]),
    field([...P, "handles_individuals"]),
    group([...P, "exported_this_year"], null, [
      field([...P, "exported_this_year", "individuals"]),
      field([...P, "exported_this_year", "sensitive_individuals"]),
    ], { class: "group sub" }),
  ]));

  // Transfers.
  const transfers = Array.isArray(state.transfers) ? state.transfers : [];
  const tlist = transfers.map((tr, i) => {
    const T = ["transfers", i];
    const legend = `${t("transfer")} ${i + 1}`;
    return group(T, legend, [
      h("div", { class: "row" },
        field([...T, "id"], { required: true }),
        field([...T, "name"])),
      field([...T, "scenario"]),
      field([...T, "important_data"]),
      group([...T, "personal_information"], null, [
        field([...T, "personal_information", "individuals"]),
        field([...T, "personal_information", "sensitive_individuals"]),
      ], { class: "group sub" }),
      field([...T, "collected_abroad"]),
      field([...T, "recipient", "region"]),
      h("button", {
        type: "button", class: "remove",
        "aria-label": `${t("removeTransfer")} ${i + 1}${tr && tr.id ? ` (${tr.id})` : ""}`,
        onclick: () => removeItem(["transfers"], i),
      }, t("removeTransfer")),
    ], { class: "group item", desc: "" });
  });
  form.append(group(["transfers"], null, [
    tlist.length ? tlist : h("p", { class: "empty" }, t("noTransfers")),
    h("button", { type: "button", class: "add", id: "add-transfer", onclick: addTransfer }, t("addTransfer")),
  ]));

  // Filings.
  const filings = Array.isArray(state.processor?.filings) ? state.processor.filings : [];
  const flist = filings.map((f, i) => {
    const F = ["processor", "filings", i];
    return group(F, `${t("filing")} ${i + 1}`, [
      h("div", { class: "row" },
        field([...F, "id"], { required: true }),
        field([...F, "kind"])),
      h("div", { class: "row" },
        field([...F, "date"], { required: true }),
        field([...F, "filed"]),
        field([...F, "valid_until"])),
      h("button", {
        type: "button", class: "remove",
        "aria-label": `${t("removeFiling")} ${i + 1}${f && f.id ? ` (${f.id})` : ""}`,
        onclick: () => removeItem(["processor", "filings"], i),
      }, t("removeFiling")),
    ], { class: "group item", desc: "" });
  });
  form.append(group(["processor", "filings"], null, [
    flist.length ? flist : h("p", { class: "empty" }, t("noFilings")),
    h("button", { type: "button", class: "add", id: "add-filing", onclick: addFiling }, t("addFiling")),
  ]));

  const extra = extraFields(state);
  if (extra.length) form.append(h("p", { class: "note", id: "extra-fields" }, t("extraFields"), extra.join(", ")));

  q.append(form);
  if (focusedId) document.getElementById(focusedId)?.focus();
}

// Fields of an imported request the form has no question for.
const SHOWN = new Set([
  "/as_of", "/processor", "/processor/name", "/processor/ciio", "/processor/ftz", "/processor/city",
  "/processor/handles_individuals", "/processor/exported_this_year", "/processor/exported_this_year/individuals",
  "/processor/exported_this_year/sensitive_individuals", "/processor/filings", "/transfers",
  "/transfers/*", "/transfers/*/id", "/transfers/*/name", "/transfers/*/scenario", "/transfers/*/important_data",
  "/transfers/*/personal_information", "/transfers/*/personal_information/individuals",
  "/transfers/*/personal_information/sensitive_individuals", "/transfers/*/collected_abroad",
  "/transfers/*/recipient", "/transfers/*/recipient/region",
  "/processor/filings/*", "/processor/filings/*/id", "/processor/filings/*/kind", "/processor/filings/*/date",
  "/processor/filings/*/filed", "/processor/filings/*/valid_until",
]);

function extraFields(obj, prefix = "") {
  const out = [];
  if (obj == null || typeof obj !== "object") return out;
  for (const [k, v] of Object.entries(obj)) {
    const p = `${prefix}/${Array.isArray(obj) ? "*" : k}`;
    if (!SHOWN.has(p)) {
      out.push(p.replace(/^\//, "").replace(/\/\*/g, "[]").replace(/\//g, "."));
      continue;
    }
    if (v && typeof v === "object") out.push(...extraFields(v, p));
  }
  return [...new Set(out)];
}

function update(path, value) {
  setAt(state, path, value);
  evaluateNow();
}

function addTransfer() {
  if (!Array.isArray(state.transfers)) state.transfers = [];
  const ids = new Set(state.transfers.map((x) => x?.id));
  let n = state.transfers.length + 1;
  while (ids.has(`t${n}`)) n++;
  state.transfers.push(newTransfer(n));
  renderQuestionnaire();
  evaluateNow();
  document.getElementById(idOf(pointerOf(["transfers", state.transfers.length - 1, "id"])))?.focus();
}

function addFiling() {
  state.processor ??= {};
  if (!Array.isArray(state.processor.filings)) state.processor.filings = [];
  const ids = new Set(state.processor.filings.map((x) => x?.id));
  let n = state.processor.filings.length + 1;
  while (ids.has(`f${n}`)) n++;
  state.processor.filings.push(newFiling(n));
  renderQuestionnaire();
  evaluateNow();
  document.getElementById(idOf(pointerOf(["processor", "filings", state.processor.filings.length - 1, "id"])))?.focus();
}

function removeItem(path, i) {
  const arr = getAt(state, path);
  arr.splice(i, 1);
  if (path[path.length - 1] === "filings" && arr.length === 0) delete state.processor.filings;
  renderQuestionnaire();
  evaluateNow();
  const add = path[0] === "transfers" ? "#add-transfer" : "#add-filing";
  $(add)?.focus();
}

// ---------------------------------------------------------------------------
// Evaluation.
let decision = null;
let seq = 0;

function evaluateNow() {
  decision = cj.evaluate(state);
  seq++;
  saveFragment();
  renderResult();
  markErrors();
}

/** The element a JSON pointer of the request is about: its field, or the nearest enclosing group. */
function elementFor(pointer) {
  let p = pointer;
  for (;;) {
    const el = document.querySelector(`[data-pointer="${CSS.escape(p)}"]`);
    if (el) return el;
    if (p === "") return null;
    p = p.slice(0, p.lastIndexOf("/"));
  }
}

function focusPointer(pointer) {
  const el = elementFor(pointer);
  if (!el) return;
  const control = el.matches("input,select,textarea") ? el : el.querySelector("input,select,textarea") || el;
  control.scrollIntoView({ block: "center" });
  control.focus();
}

function markErrors() {
  for (const el of document.querySelectorAll(".err")) {
    el.hidden = true;
    el.textContent = "";
  }
  for (const el of document.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
  for (const el of document.querySelectorAll(".field.invalid,.group.invalid")) el.classList.remove("invalid");
  if (!decision || decision.kind !== "error") return;
  for (const e of decision.errors) {
    const holder = elementFor(e.pointer);
    if (!holder) continue;
    const err = holder.querySelector(":scope > .err");
    if (!err) continue;
    err.hidden = false;
    err.append(h("span", { class: "msg" }, t(e.message)));
    holder.classList.add("invalid");
    holder.querySelector(":scope > input, :scope > select")?.setAttribute("aria-invalid", "true");
  }
}

// ---------------------------------------------------------------------------
// The result.
function routeLabel(route) {
  return enumLabel(decisionSchema.$defs.route, route);
}

/** A citation key, "provisions-2024 art.5(4)", with the instrument's title. */
function citation(key) {
  const [inst, ...rest] = key.split(" ");
  const instrument = info.instruments.find((i) => i.key === inst);
  const where = rest.join(" ");
  let text;
  if (!instrument) text = key;
  else if (lang === "zh") text = `《${instrument.title.zh}》${zhArticle(where)}`;
  else text = `${instrument.title.en}${where ? ", " + where : ""}`;
  return h("span", { class: "cite" }, text, " ", h("code", { lang: "en" }, key));
}

function zhArticle(where) {
  if (!where) return "";
  const m = /^(art|q)\.(\d+)(?:\((\d+)\))?(?: para\.(\d+))?$/.exec(where);
  if (!m) return where;
  let s = m[1] === "q" ? `第${m[2]}问` : `第${m[2]}条`;
  if (m[4]) s += `第${m[4]}款`;
  if (m[3]) s += `第（${m[3]}）项`;
  return s;
}

function list(items, render, cls) {
  return items.length ? h("ul", { class: cls }, items.map((x) => h("li", {}, render(x)))) : h("p", { class: "empty" }, t("none"));
}

function section(id, title, ...children) {
  return h("section", { class: "block", id, "aria-labelledby": id + "-h" }, h("h3", { id: id + "-h" }, title), ...children);
}

function transfersText(ids) {
  return ids.length ? `${t("forTransfers")}: ${ids.join(", ")}` : t("wholeProcessor");
}

function renderResult() {
  const r = $("#result");
  r.replaceChildren();
  r.dataset.seq = String(seq);
  r.append(
    h("p", { class: "print-only report-title" }, t("reportTitle")),
    h("h2", { id: "r-heading" }, t("result")),
  );
  const d = decision;
  if (!d) return;
  if (d.kind === "error") {
    r.dataset.kind = "error";
    r.append(h("div", { class: "banner error", id: "errors", role: "alert" },
      h("p", {}, t("errorsTitle")),
      h("ul", {}, d.errors.map((e) => h("li", {},
        e.pointer && elementFor(e.pointer)
          ? h("a", { href: "#" + (elementFor(e.pointer).querySelector("input,select")?.id || elementFor(e.pointer).id), dataset: { pointer: e.pointer }, onclick: (ev) => { ev.preventDefault(); focusPointer(e.pointer); } }, t(e.message))
          : t(e.message),
        " ", h("code", { lang: "en" }, e.pointer || "/"))))));
    $("#live").textContent = t("errorsTitle");
    return;
  }
  r.dataset.kind = "decision";
  r.dataset.route = d.route;
  r.dataset.provisional = String(d.provisional);

  r.append(h("div", { class: `verdict route-${d.route}`, id: "verdict" },
    h("p", { class: "label" }, t("overall")),
    h("p", { class: "route", id: "route", dataset: { route: d.route } }, routeLabel(d.route)),
    h("p", { class: "why" }, descOf(decisionSchema.properties.route))));
  $("#live").textContent = `${t("overall")}: ${routeLabel(d.route)}${d.provisional ? " — " + titleOf(decisionSchema.properties.provisional) : ""}`;

  if (d.missing.length) {
    r.append(h("div", { class: "banner provisional", id: "missing", role: "note" },
      h("p", {}, t("provisionalTitle")),
      h("ul", {}, d.missing.map((m) => h("li", {},
        h("a", {
          href: "#" + (idOf(m.pointer)),
          dataset: { pointer: m.pointer },
          onclick: (ev) => { ev.preventDefault(); focusPointer(m.pointer); },
        }, t(m.question)),
        " ", h("span", { class: "assumed" }, `(${t("assumed")}: ${assumedText(m)})`))))));
  }

  // Route per transfer.
  r.append(section("per-transfer", t("perTransfer"),
    d.transfers.length ? h("div", { class: "scroll" }, h("table", {},
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, t("colTransfer")), h("th", { scope: "col" }, t("colRoute")), h("th", { scope: "col" }, t("colBasis")))),
      h("tbody", {}, d.transfers.map((tr) => h("tr", { dataset: { transfer: tr.id, route: tr.route } },
        h("th", { scope: "row" }, tr.id, transferName(tr.id)),
        h("td", { class: `route-${tr.route}` }, routeLabel(tr.route),
          tr.alternatives?.length ? h("span", { class: "alt" }, ` (${t("alternatives")}: ${tr.alternatives.map((a) => t(a)).join(", ")})`) : null),
        h("td", {}, tr.basis.map((b) => h("div", {}, citation(b))))))))) : h("p", { class: "empty" }, t("none"))));

  r.append(section("counted", t("counted"), h("dl", { class: "counts" },
    ["individuals", "sensitive_individuals"].map((k) => [
      h("dt", {}, titleOf(decisionSchema.properties.counted.properties[k])),
      h("dd", {}, d.counted[k] == null ? t("unknownCount") : d.counted[k].toLocaleString(lang === "zh" ? "zh-CN" : "en")),
    ]))));

  r.append(section("reasons", t("reasons"), list(d.reasons, (x) => [
    h("p", { class: "reason-head" }, citation(x.citation),
      x.effect ? h("span", { class: `effect route-${x.effect}` }, ` → ${routeLabel(x.effect)}`) : null),
    h("p", { lang: lang === "zh" ? "zh-CN" : "en" }, t(x.summary)),
    h("p", { class: "meta" }, transfersText(x.transfers), " · ", h("code", {}, x.rule),
      x.source ? [" · ", h("a", { href: x.source, rel: "noreferrer noopener", target: "_blank" }, t("source"))] : null),
  ], "reasons")));

  r.append(section("obligations", t("obligations"),
    h("p", { class: "help" }, t("obligationsHelp")),
    d.obligations.length ? h("ul", { class: "checklist" }, d.obligations.map((o, i) => {
      const id = `ob-${i}`;
      return h("li", {},
        h("input", { type: "checkbox", id, "aria-describedby": id + "-d" }),
        h("label", { for: id }, enumLabel(decisionSchema.$defs.obligation.properties.id, o.id)),
        h("div", { id: id + "-d", class: "ob-detail" },
          h("p", {}, t(o.summary)),
          h("p", { class: "meta" }, o.citations.map((c, j) => [j ? "; " : "", citation(c)]), " · ", transfersText(o.transfers))));
    })) : h("p", { class: "empty" }, t("none"))));

  if (d.notes.length) {
    r.append(section("notes", t("notes"), list(d.notes, (n) => [
      h("p", {}, t(n.text)),
      h("p", { class: "meta" }, n.citations.map((c, j) => [j ? "; " : "", citation(c)]), n.transfers.length ? [" · ", transfersText(n.transfers)] : null),
    ])));
  }

  if (d.deadlines.length) {
    r.append(section("deadlines", t("deadlines"), h("div", { class: "scroll" }, h("table", {},
      h("thead", {}, h("tr", {}, ["colFiling", "colWhat", "colDate", "colStatus"].map((c) => h("th", { scope: "col" }, t(c))))),
      h("tbody", {}, d.deadlines.map((x) => h("tr", { class: `status-${x.status}` },
        h("th", { scope: "row" }, x.filing),
        h("td", {}, h("strong", {}, t(UI.deadlineKind[x.kind] || { en: x.kind, zh: x.kind })), h("p", {}, t(x.text)),
          x.checklist?.length ? h("ul", {}, x.checklist.map((c) => h("li", {}, t(c)))) : null,
          h("p", { class: "meta" }, citation(x.citation))),
        h("td", {}, h("time", { datetime: x.date }, x.date)),
        h("td", {}, t(UI.status[x.status] || { en: x.status, zh: x.status })))))))));
  }
  if (d.no_deadline.length) {
    r.append(section("no-deadline", t("noDeadline"), list(d.no_deadline, (x) => [
      h("p", {}, h("strong", {}, `${x.filing}: ${t(UI.deadlineKind[x.kind] || { en: x.kind, zh: x.kind })}`), " — ", t(x.reason)),
      h("p", { class: "meta" }, t(x.settle)),
    ])));
  }
  if (d.scope_changes.length) {
    r.append(section("scope-changes", t("scopeChanges"), list(d.scope_changes, (x) => [
      h("p", {}, h("strong", {}, `${x.transfer} / ${x.filing}`), " — ", t(x.text)),
      h("p", { class: "meta" }, citation(x.citation)),
    ])));
  }
  if (d.zones.length) {
    r.append(section("zones", t("zones"), list(d.zones, (z) => [
      h("p", {}, h("code", {}, z.key), " — ", t(z.applies ? "applies" : "doesNotApply")),
      h("p", {}, t(z.text)),
    ])));
  }

  const rs = d.rule_set;
  r.append(h("dl", { class: "applied", id: "applied" },
    h("dt", {}, t("ruleSet")), h("dd", { id: "rule-set" }, t(rs.title), " ", h("code", {}, rs.id)),
    h("dt", {}, t("dateApplied")), h("dd", { id: "as-of" }, h("time", { datetime: d.as_of }, d.as_of)),
    h("dt", {}, t("moduleVersion")), h("dd", {}, `chujing ${info.version} (ABI ${info.abi.major}.${info.abi.minor})`),
    h("dt", { class: "print-only" }, t("reportDate")), h("dd", { class: "print-only" }, h("time", { datetime: today() }, today())),
  ));
  r.append(factsForPrint());
  r.append(h("p", { class: "disclaimer" }, t("disclaimer")));
}

function transferName(id) {
  const tr = (state.transfers || []).find((x) => x && x.id === id);
  return tr?.name ? h("span", { class: "tname" }, ` — ${tr.name}`) : null;
}

function assumedText(m) {
  const s = schemaAt(m.pointer.split("/").slice(1).map((x) => (/^\d+$/.test(x) ? Number(x) : x)));
  if (s.enum && m.assumed != null) return enumLabel(s, m.assumed);
  return m.assumed == null ? t("unknownCount") : String(m.assumed);
}

// The facts as entered, for the printed report: every form field with a value.
function factsForPrint() {
  const rows = [];
  for (const el of document.querySelectorAll("#form .field")) {
    const control = el.querySelector("input,select");
    if (!control) continue;
    let v = control.tagName === "SELECT" ? (control.value === "" ? "" : control.selectedOptions[0]?.textContent) : control.value;
    if (!v) continue;
    const where = [...ancestors(el)].map((g) => g.querySelector(":scope > legend")?.textContent).filter(Boolean);
    rows.push(h("tr", {}, h("th", { scope: "row" }, [...where.slice(1), el.querySelector("label").textContent].join(" › ")), h("td", {}, v)));
  }
  return h("section", { class: "block print-only", id: "facts", "aria-labelledby": "facts-h" },
    h("h3", { id: "facts-h" }, t("facts")), h("table", {}, h("tbody", {}, rows)));
}

function* ancestors(el) {
  const out = [];
  for (let p = el.parentElement; p && p.id !== "form"; p = p.parentElement) if (p.tagName === "FIELDSET") out.unshift(p);
  yield* out;
}

// ---------------------------------------------------------------------------
// Sharing: the request in the URL fragment, base64url of its UTF-8 JSON.
function encodeState(obj) {
  const bytes = new TextEncoder().encode(JSON.stringify(obj));
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function decodeState(s) {
  const bin = atob(s.replace(/-/g, "+").replace(/_/g, "/"));
  return JSON.parse(new TextDecoder().decode(Uint8Array.from(bin, (c) => c.charCodeAt(0))));
}

function saveFragment() {
  const frag = "#r=" + encodeState(state);
  if (location.hash !== frag) history.replaceState(null, "", frag);
}

function stateFromFragment() {
  const m = /^#r=([A-Za-z0-9_-]+)$/.exec(location.hash);
  if (!m) return null;
  try {
    const obj = decodeState(m[1]);
    return obj && typeof obj === "object" && !Array.isArray(obj) ? obj : null;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------
// Tools: language, export, import, share, print, start over.
function renderChrome() {
  document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
  document.title = `${t("title")}`;
  $("#app-title").textContent = t("title");
  $("#skip-link").textContent = t("skip");
  const tools = $("#tools");
  tools.setAttribute("aria-label", t("tools"));
  const file = h("input", { type: "file", id: "import-file", accept: "application/json,.json", class: "visually-hidden", tabindex: "-1", "aria-hidden": "true", onchange: importFile });
  tools.replaceChildren(
    h("button", { type: "button", id: "lang", lang: lang === "zh" ? "en" : "zh-CN", "aria-label": t("langToggleLabel"), onclick: toggleLang }, t("langToggle")),
    h("button", { type: "button", id: "export", onclick: exportRequest }, t("exportBtn")),
    h("button", { type: "button", id: "import", onclick: () => file.click() }, t("importBtn")),
    file,
    h("button", { type: "button", id: "share", onclick: share }, t("shareBtn")),
    h("button", { type: "button", id: "print", onclick: () => window.print() }, t("printBtn")),
    h("button", { type: "button", id: "reset", onclick: reset }, t("resetBtn")),
  );
  const share0 = $("#share-box");
  if (share0) share0.remove();
  $("#foot").replaceChildren(
    h("p", {}, t("privacy")),
    h("p", { class: "meta" }, info ? `chujing ${info.version} · ABI ${info.abi.major}.${info.abi.minor} · ${info.rule_sets.map((r) => r.id).join(", ")}` : ""),
  );
}

function toggleLang() {
  lang = lang === "zh" ? "en" : "zh";
  try {
    localStorage.setItem(LANG_KEY, lang);
  } catch {
    // not remembered; still switched
  }
  renderAll();
  $("#lang").focus();
}

function renderAll() {
  renderChrome();
  $("#status").textContent = t("ready");
  renderQuestionnaire();
  renderResult();
  markErrors();
}

function exportRequest() {
  const blob = new Blob([JSON.stringify(state, null, 2) + "\n"], { type: "application/json" });
  const url = URL.createObjectURL(blob);
  const a = h("a", { href: url, download: `chujing-request-${state.as_of || today()}.json` });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

async function importFile(ev) {
  const f = ev.target.files?.[0];
  ev.target.value = "";
  if (!f) return;
  let obj;
  try {
    obj = JSON.parse(await f.text());
    if (!obj || typeof obj !== "object" || Array.isArray(obj)) throw new Error("not an object");
  } catch (e) {
    $("#status").textContent = t("importFailed") + e.message;
    return;
  }
  state = obj;
  renderQuestionnaire();
  evaluateNow();
  $("#status").textContent = t("imported");
  $("#import").focus();
}

async function share() {
  saveFragment();
  const url = location.href;
  let box = $("#share-box");
  if (!box) {
    box = h("div", { id: "share-box", class: "share" },
      h("label", { for: "share-url" }, t("shareLabel")),
      h("input", { id: "share-url", type: "text", readonly: true }));
    $("#tools").after(box);
  }
  const input = $("#share-url");
  input.value = url;
  input.focus();
  input.select();
  try {
    await navigator.clipboard.writeText(url);
    $("#status").textContent = t("copied");
  } catch {
    // Clipboard refused (permissions): the link is selected in the box.
  }
}

function reset() {
  state = defaults();
  renderQuestionnaire();
  evaluateNow();
  $("#status").textContent = t("ready");
}

// ---------------------------------------------------------------------------
// Start: fetch the module with its integrity hash, build the page.
async function main() {
  renderChrome();
  $("#status").textContent = t("loading");
  try {
    cj = await load(fetch(wasmPath, { integrity: wasmIntegrity }));
  } catch (e) {
    $("#status").textContent = t("loadFailed") + (e && e.message ? e.message : e);
    $("#status").classList.add("failed");
    return;
  }
  requestSchema = cj.schema("request");
  decisionSchema = cj.schema("decision");
  info = cj.info();
  state = stateFromFragment() || defaults();

  const live = h("p", { id: "live", class: "visually-hidden", "aria-live": "polite" });
  document.body.append(live);
  $("#questionnaire").hidden = false;
  $("#result").hidden = false;
  renderAll();
  document.body.dataset.formReady = "true";
  performance.mark("chujing-form-ready");
  // The first evaluation is the slowest (the engine compiles its code on
  // first use): let the form paint first.
  await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  evaluateNow();
  window.addEventListener("hashchange", () => {
    const s = stateFromFragment();
    if (s && JSON.stringify(s) !== JSON.stringify(state)) {
      state = s;
      renderQuestionnaire();
      evaluateNow();
    }
  });
  document.body.dataset.ready = "true";
  performance.mark("chujing-ready");
}

main();
