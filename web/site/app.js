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
  // Zones, the Greater Bay Area, deadlines (issues 6 and 7).
  ftzNone: { en: "— not in a free trade zone list area —", zh: "— 不在自贸试验区清单适用区域 —" },
  cityHelpList: { en: "Pick from the list or type the city's id in lower case (e.g. shenzhen).", zh: "从列表中选择，或输入城市的小写拼音编号（如 shenzhen）。" },
  gbaCity: { en: "Greater Bay Area", zh: "粤港澳大湾区" },
  zoneListBlock: { en: "Zone list (optional)", zh: "自贸试验区清单（选填）" },
  zoneListHelp: { en: "If the processor's free trade zone (or city) has a data export list, say how it describes this data. Only editions for the zone or city chosen above are offered.", zh: "如处理者所在自贸试验区（或城市）有数据出境清单，请说明清单如何描述该数据。仅列出适用于上方所选区域或城市的版本。" },
  listHelp: { en: "The edition of the list the processor applies (in-force date; editions chujing holds only in part say so).", zh: "处理者适用的清单版本（含施行日期；本工具仅部分收录的版本会注明）。" },
  sectorHelp: { en: "The list's sector, by its printed number (一 = 1, 二 = 2, …).", zh: "清单中的领域，按印制序号（一 = 1，二 = 2，……）。" },
  scenarioHelp: { en: "The list's scenario as printed.", zh: "清单中印制的场景名称。" },
  zoneListNone: { en: "— no list —", zh: "— 不适用清单 —" },
  zoneListNoneAvailable: { en: "No list edition covers the zone or city chosen above.", zh: "没有适用于上方所选区域或城市的清单版本。" },
  inForceFrom: { en: "in force from", zh: "施行日期" },
  replacedBy: { en: "replaced by", zh: "已被替代：" },
  partlyEncoded: { en: "partly encoded", zh: "仅部分编码" },
  partlyEncodedHelp: { en: "This list is only partly encoded in chujing: ", zh: "该清单在本工具中仅部分编码：" },
  sectorUnknown: { en: "— not given —", zh: "— 未提供 —" },
  sectorUnnumbered: { en: "unnumbered", zh: "无序号" },
  scenarioNone: { en: "— not given —", zh: "— 未提供 —" },
  itemsLegend: { en: "Items of the list that describe this data", zh: "描述该数据的清单条目" },
  itemsHelp: { en: "Tick every item whose data description covers this data, whatever its volume condition. Leave all unticked if you do not know.", zh: "勾选数据描述涵盖该数据的每一个条目（不论数量条件）。不清楚请全部不勾选。" },
  itemsFilter: { en: "Find items (description or example field)", zh: "查找条目（描述或示例字段）" },
  itemsNoneOfThese: { en: "None of these", zh: "均不涉及" },
  itemsNoMatch: { en: "No item matches.", zh: "没有匹配的条目。" },
  itemsUnnumbered: { en: "items without a printed number (not selectable)", zh: "条目无印制序号（不可选择）" },
  row: { en: "Row", zh: "第" },
  rowSuffix: { en: "", zh: "项" },
  examples: { en: "e.g.", zh: "示例：" },
  filingNone: { en: "— none —", zh: "— 无 —" },
  declaredLegend: { en: "Declaration in progress (security assessment)", zh: "申报进展（安全评估）" },
  listEntryHelp: { en: "Separate several with commas. Leave blank if none.", zh: "多项请用逗号或顿号分隔。没有请留空。" },
  scopeLegend: { en: "Scope filed or approved (optional)", zh: "备案或批准范围（选填）" },
  transferScopeLegend: { en: "Compared with the scope of the filing relied on (optional)", zh: "与所依据备案或批准范围比较的事实（选填）" },
  downloadIcs: { en: "Download calendar (.ics)", zh: "下载日历（.ics）" },
  icsFailed: { en: "The calendar could not be made: ", zh: "无法生成日历：" },
  icsDone: { en: "Calendar downloaded.", zh: "日历已下载。" },
  optionalQuestions: { en: "Optional questions: the route does not depend on these, but an alternative offered does:", zh: "可选问题：路径不取决于这些问题，但可选路径取决于它们：" },
  zonePartialBanner: { en: "Partly encoded list: chujing holds only part of this list's items, so the result relies on what you state about it.", zh: "清单仅部分编码：本工具只收录了该清单的部分条目，结论依赖您对清单的陈述。" },
  zoneMatch: { en: "Zone list match per transfer", zh: "各项出境活动的清单匹配" },
  outcome: {
    on_list: { en: "on the list", zh: "在清单内" },
    off_list: { en: "off the list", zh: "不在清单内" },
    undecidable: { en: "cannot be decided", zh: "无法判断" },
    not_governed: { en: "not governed by the list", zh: "不受该清单约束" },
    on_positive_list: { en: "on the positive list", zh: "在正面清单内" },
    not_on_positive_list: { en: "not on the positive list", zh: "不在正面清单内" },
  },
  listRoute: { en: "route the list gives", zh: "清单给出的路径" },
  holds: { en: "holds", zh: "成立" },
  doesNotHold: { en: "does not hold", zh: "不成立" },
  gbaTitle: { en: "Greater Bay Area standard contract", zh: "粤港澳大湾区标准合同" },
  gbaText: { en: "may use the Greater Bay Area standard contract instead of the route above.", zh: "可改用粤港澳大湾区标准合同，代替上述路径。" },
  checklist: { en: "Checklist", zh: "核对清单" },
  settle: { en: "What would settle it", zh: "如何确定" },
  scopeAction: {
    redeclare: { en: "declare again", zh: "重新申报" },
    refile: { en: "file again", zh: "重新备案" },
    new_contract: { en: "new contract", zh: "重新订立合同" },
    recertify: { en: "certify again", zh: "重新认证" },
  },
};

// Free trade zone list areas (processor.ftz) and the cities the module's
// lists and the Greater Bay Area contracts name (processor.city). The ids
// are the module's (info().zones[].area, policy/ftz/gba/gba.json); an id
// not here is shown as it is.
const PLACES = {
  beijing: { en: "Beijing", zh: "北京" },
  chongqing: { en: "Chongqing", zh: "重庆" },
  fujian: { en: "Fujian", zh: "福建" },
  guangxi: { en: "Guangxi", zh: "广西" },
  hainan: { en: "Hainan", zh: "海南" },
  jiangsu: { en: "Jiangsu", zh: "江苏" },
  lingang: { en: "Lin-gang Special Area (Shanghai)", zh: "临港新片区（上海）" },
  shanghai: { en: "Shanghai", zh: "上海" },
  tianjin: { en: "Tianjin", zh: "天津" },
  zhejiang: { en: "Zhejiang", zh: "浙江" },
  hangzhou: { en: "Hangzhou", zh: "杭州" },
};
// The nine Guangdong cities of the Greater Bay Area, filled from the
// module's info (info().gba[].cities) when it arrives.
const GBA_CITIES = {};
const colon = () => (lang === "zh" ? "：" : ": ");
const placeName = (id) => (PLACES[id] || GBA_CITIES[id] ? t(PLACES[id] || GBA_CITIES[id]) : id);

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
    ftzField(),
    cityField(),
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
      zoneListBlock(i),
      filingRefField(i),
      tr?.filing || tr?.recipient?.name || tr?.data_categories?.length || tr?.purpose ? group([...T, "recipient"], t("transferScopeLegend"), [
        field([...T, "recipient", "name"]),
        listField([...T, "data_categories"]),
        field([...T, "purpose"]),
      ], { class: "group sub scope", desc: "" }) : null,
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
      f && f.kind === "security_assessment" ? group([...F, "declared"], t("declaredLegend"), [
        h("div", { class: "row" },
          field([...F, "declared", "submitted"]),
          field([...F, "declared", "accepted"])),
      ], { class: "group sub" }) : null,
      group([...F, "scope"], t("scopeLegend"), [
        listField([...F, "scope", "recipients"]),
        listField([...F, "scope", "data_categories"]),
        h("div", { class: "row" },
          field([...F, "scope", "individuals"]),
          field([...F, "scope", "sensitive_individuals"])),
        field([...F, "scope", "purpose"]),
      ], { class: "group sub scope" }),
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

// A field of our own making, shaped as field() makes them (label, help,
// control, error line), so errors and missing facts find it by pointer.
function customField(path, control, help, extra = null) {
  const s = schemaAt(path);
  const pointer = pointerOf(path);
  const id = idOf(pointer);
  control.id = id;
  control.name = pointer;
  control.dataset.pointer = pointer;
  control.setAttribute("aria-describedby", `${id}-help ${id}-err`);
  return h("div", { class: "field", dataset: { pointer } },
    h("div", { class: "label-line" }, h("label", { for: id }, titleOf(s))),
    h("p", { class: "help", id: id + "-help" }, help ?? descOf(s)),
    control, extra,
    h("p", { class: "err", id: id + "-err", hidden: true }));
}

function option(value, text, selected) {
  const o = h("option", { value, text });
  if (selected) o.selected = true;
  return o;
}

/** Zone ids from every list edition's area, in the order of the module's info. */
function zoneIds() {
  return [...new Set(info.zones.flatMap((z) => z.area?.zones || []))];
}

function ftzField() {
  const path = ["processor", "ftz"];
  const value = getAt(state, path);
  const ids = zoneIds();
  const control = h("select", {},
    option("", t("ftzNone"), value == null),
    ids.map((z) => option(z, `${placeName(z)} (${z})`, value === z)));
  if (value != null && !ids.includes(value)) control.append(option(String(value), String(value), true));
  control.addEventListener("change", () => {
    setAt(state, path, control.value === "" ? undefined : control.value);
    renderQuestionnaire();
    evaluateNow();
  });
  return customField(path, control);
}

function cityField() {
  const path = ["processor", "city"];
  const value = getAt(state, path);
  const listCities = [...new Set(info.zones.flatMap((z) => z.area?.cities || []))];
  const list = h("datalist", { id: "city-list" },
    listCities.map((c) => h("option", { value: c }, placeName(c))),
    Object.keys(GBA_CITIES).filter((c) => !listCities.includes(c))
      .map((c) => h("option", { value: c }, `${placeName(c)} · ${t("gbaCity")}`)));
  const control = h("input", { type: "text", list: "city-list", autocomplete: "off", spellcheck: "false", autocapitalize: "none" });
  control.value = value == null ? "" : String(value);
  control.addEventListener("input", () => update(path, control.value.trim() === "" ? undefined : control.value.trim().toLowerCase()));
  // The lists a city may use change with it: rebuild once the person is done.
  control.addEventListener("change", () => renderQuestionnaire());
  return customField(path, control, `${descOf(schemaAt(path))} ${t("cityHelpList")}`, list);
}

/** The list editions whose area includes the processor's zone or city. */
function eligibleLists() {
  const ftz = state.processor?.ftz;
  const city = state.processor?.city;
  return info.zones.filter((z) => (ftz && z.area?.zones?.includes(ftz)) || (city && z.area?.cities?.includes(city)));
}

const zoneInfo = (key) => info.zones.find((z) => z.key === key || `ftz-${z.key}` === key);
const itemFilters = new Map(); // transfer index → the item search text (not part of the request)

function zoneListBlock(i) {
  const T = ["transfers", i];
  const Z = [...T, "zone_list"];
  const zl = getAt(state, Z);
  const lists = eligibleLists();
  const current = zl?.list ? zoneInfo(zl.list) : null;
  // No edition for the zone or city chosen, and none named: nothing to ask.
  if (!lists.length && !zl?.list) return null;
  const change = (mutate) => {
    mutate();
    renderQuestionnaire();
    evaluateNow();
  };

  // The edition.
  const listSel = h("select", {},
    option("", t("zoneListNone"), !zl?.list),
    lists.map((z) => option(z.key,
      `${t(z.title)} — ${t("inForceFrom")} ${z.in_force}${z.replaced_by ? `, ${t("replacedBy")} ${z.replaced_by}` : ""}${z.coverage?.status === "partial" ? ` (${t("partlyEncoded")})` : ""}`,
      zl?.list === z.key)));
  if (zl?.list && !lists.some((z) => z.key === zl.list)) listSel.append(option(zl.list, current ? t(current.title) : zl.list, true));
  listSel.addEventListener("change", () => change(() => {
    if (listSel.value === "") setAt(state, Z, undefined);
    else setAt(state, Z, { list: listSel.value, sector: null, scenario: null, rows: null });
    itemFilters.delete(i);
  }));
  const parts = [customField([...Z, "list"], listSel, lists.length ? t("listHelp") : t("zoneListNoneAvailable"))];

  if (current) {
    if (current.coverage?.status === "partial") {
      parts.push(h("p", { class: "note partial-note", role: "note" }, h("strong", {}, t("partlyEncodedHelp")),
        (current.coverage.missing || []).map((m) => t(m)).join(" ")));
    }
    // The sector, by its printed number.
    const sectors = current.sectors || [];
    const sector = sectors.find((x) => x.number != null && x.number === zl.sector);
    const secSel = h("select", {},
      option("", t("sectorUnknown"), zl.sector == null),
      sectors.filter((x) => x.number != null).map((x) => option(String(x.number), `${x.number} — ${t(x.name)}`, zl.sector === x.number)));
    secSel.addEventListener("change", () => change(() => {
      setAt(state, [...Z, "sector"], secSel.value === "" ? null : Number(secSel.value));
      setAt(state, [...Z, "scenario"], null);
      setAt(state, [...Z, "rows"], null);
      itemFilters.delete(i);
    }));
    parts.push(customField([...Z, "sector"], secSel, t("sectorHelp")));

    if (sector) {
      if (sector.scenarios?.length) {
        const scSel = h("select", {},
          option("", t("scenarioNone"), zl.scenario == null),
          sector.scenarios.map((x) => option(x, x, zl.scenario === x)));
        scSel.addEventListener("change", () => update([...Z, "scenario"], scSel.value === "" ? null : scSel.value));
        parts.push(customField([...Z, "scenario"], scSel, t("scenarioHelp")));
      }
      parts.push(itemPicker(i, sector, zl));
    }
    if (current.coverage?.status === "partial") parts.push(field([...Z, "stated_route"]));
  }

  return group(Z, t("zoneListBlock"), parts, { class: "group sub zone-list", desc: t("zoneListHelp") });
}

// Items of a sector as checkboxes, filtered by what is typed: their
// description in both languages and their example fields. Ticked items
// give zone_list.rows their printed numbers; "none of these" gives [];
// nothing ticked leaves rows null (not answered).
function itemPicker(i, sector, zl) {
  const R = ["transfers", i, "zone_list", "rows"];
  const pointer = pointerOf(R);
  const base = idOf(pointer);
  const rows = Array.isArray(zl.rows) ? zl.rows : null;
  const numbered = sector.items.filter((it) => it.row != null);
  const unnumbered = sector.items.length - numbered.length;
  const filterText = itemFilters.get(i) || "";
  const haystack = (it) => [it.description?.zh, it.description?.en, ...(it.example_fields || []), String(it.row)].join(" ").toLowerCase();

  const noneBox = h("input", { type: "checkbox", id: base + "-none", class: "none-of-these" });
  noneBox.checked = rows != null && rows.length === 0;
  const boxes = numbered.map((it) => {
    const id = `${base}-r${it.row}`;
    const box = h("input", { type: "checkbox", id, value: String(it.row), dataset: { row: String(it.row) } });
    box.checked = rows != null && rows.includes(it.row);
    return { it, box, li: h("li", { class: "item", dataset: { row: String(it.row) } }, box,
      h("label", { for: id },
        h("strong", {}, `${t("row")}${lang === "zh" ? "" : " "}${it.row}${t("rowSuffix")}`), " ",
        h("span", { class: "desc" }, t(it.description)),
        it.example_fields?.length ? h("span", { class: "examples" }, ` (${t("examples")} ${it.example_fields.slice(0, 6).join(lang === "zh" ? "、" : ", ")}${it.example_fields.length > 6 ? "…" : ""})`) : null,
        it.route ? h("span", { class: "meta" }, ` → ${routeLabel(it.route)}`) : null)) };
  });
  const commit = () => {
    const picked = boxes.filter((b) => b.box.checked).map((b) => b.it.row).sort((a, b) => a - b);
    update(R, picked.length ? picked : noneBox.checked ? [] : null);
  };
  for (const b of boxes) b.box.addEventListener("change", () => {
    if (b.box.checked) noneBox.checked = false;
    commit();
  });
  noneBox.addEventListener("change", () => {
    if (noneBox.checked) for (const b of boxes) b.box.checked = false;
    commit();
  });

  const empty = h("li", { class: "empty no-match", hidden: true }, t("itemsNoMatch"));
  const applyFilter = (text) => {
    const q = text.trim().toLowerCase();
    let shown = 0;
    for (const b of boxes) {
      const ok = !q || haystack(b.it).includes(q);
      b.li.hidden = !ok;
      if (ok) shown++;
    }
    empty.hidden = shown > 0;
  };
  const filter = h("input", { type: "search", id: base + "-filter", autocomplete: "off", spellcheck: "false" });
  filter.value = filterText;
  filter.addEventListener("input", () => {
    itemFilters.set(i, filter.value);
    applyFilter(filter.value);
  });
  applyFilter(filterText);

  return h("fieldset", { class: "group sub items", id: base, dataset: { pointer }, "aria-describedby": base + "-desc" },
    h("legend", {}, t("itemsLegend")),
    h("p", { class: "help", id: base + "-desc" }, t("itemsHelp"),
      unnumbered ? ` (${unnumbered} ${t("itemsUnnumbered")})` : null),
    h("p", { class: "err", id: base + "-err", hidden: true }),
    numbered.length ? [
      h("div", { class: "field filter" }, h("label", { for: filter.id }, t("itemsFilter")), filter),
      h("ul", { class: "item-list" }, boxes.map((b) => b.li), empty),
    ] : null,
    h("div", { class: "item none" }, noneBox, h("label", { for: noneBox.id }, t("itemsNoneOfThese"))));
}

/** A list of short texts (names, categories) typed in one box, comma-separated. */
function listField(path) {
  const value = getAt(state, path);
  const control = h("input", { type: "text", autocomplete: "off", spellcheck: "false" });
  control.value = Array.isArray(value) ? value.join(", ") : "";
  control.addEventListener("input", () => {
    const items = control.value.split(/[,，、;；\n]/).map((x) => x.trim()).filter(Boolean);
    update(path, items.length ? items : undefined);
  });
  return customField(path, control, `${descOf(schemaAt(path))} ${t("listEntryHelp")}`);
}

/** The filing a transfer relies on: one of the filings entered below. */
function filingRefField(i) {
  const path = ["transfers", i, "filing"];
  const control = h("select", {});
  fillFilingOptions(control, getAt(state, path));
  control.addEventListener("change", () => {
    // The scope questions follow the choice.
    setAt(state, path, control.value === "" ? undefined : control.value);
    renderQuestionnaire();
    evaluateNow();
  });
  return customField(path, control);
}

function fillFilingOptions(control, value) {
  const filings = Array.isArray(state.processor?.filings) ? state.processor.filings.filter((f) => f && f.id) : [];
  const kindSchema = schemaAt(["processor", "filings", 0, "kind"]);
  control.replaceChildren(
    option("", t("filingNone"), value == null),
    ...filings.map((f) => option(f.id, `${f.id} — ${enumLabel(kindSchema, f.kind)}${f.date ? ` (${f.date})` : ""}`, value === f.id)));
  if (value != null && !filings.some((f) => f.id === value)) control.append(option(String(value), String(value), true));
}

// A filing's id or date was typed: the transfers' "filing relied on"
// options follow without rebuilding the form (the caret stays put).
function refreshFilingRefs() {
  (state.transfers || []).forEach((tr, i) => {
    const el = document.getElementById(idOf(pointerOf(["transfers", i, "filing"])));
    if (el) fillFilingOptions(el, tr?.filing);
  });
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
  "/processor/filings/*/declared", "/processor/filings/*/declared/submitted", "/processor/filings/*/declared/accepted",
  "/transfers/*/filing", "/transfers/*/zone_list", "/transfers/*/zone_list/list", "/transfers/*/zone_list/sector",
  "/transfers/*/zone_list/scenario", "/transfers/*/zone_list/rows", "/transfers/*/zone_list/rows/*",
  "/transfers/*/zone_list/stated_route",
  "/transfers/*/recipient/name", "/transfers/*/data_categories", "/transfers/*/data_categories/*", "/transfers/*/purpose",
  "/processor/filings/*/scope", "/processor/filings/*/scope/recipients", "/processor/filings/*/scope/recipients/*",
  "/processor/filings/*/scope/data_categories", "/processor/filings/*/scope/data_categories/*",
  "/processor/filings/*/scope/individuals", "/processor/filings/*/scope/sensitive_individuals", "/processor/filings/*/scope/purpose",
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
  // A filing's kind decides whether its declaration dates are asked.
  if (path[1] === "filings" && path[3] === "kind") renderQuestionnaire();
  else if (path[1] === "filings") refreshFilingRefs();
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
  itemFilters.clear();
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
  const zone = instrument ? null : zoneInfo(key);
  if (zone && !where) text = t(zone.title);
  else if (!instrument) text = key;
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

  const missingLink = (m) => h("a", {
    href: "#" + (idOf(m.pointer)),
    dataset: { pointer: m.pointer },
    onclick: (ev) => { ev.preventDefault(); focusPointer(m.pointer); },
  }, t(m.question));
  const routeMissing = d.missing.filter((m) => m.changes !== "offer");
  const offerMissing = d.missing.filter((m) => m.changes === "offer");
  if (routeMissing.length) {
    r.append(h("div", { class: "banner provisional", id: "missing", role: "note" },
      h("p", {}, t("provisionalTitle")),
      h("ul", {}, routeMissing.map((m) => h("li", {},
        missingLink(m),
        " ", h("span", { class: "assumed" }, `(${t("assumed")}: ${assumedText(m)})`))))));
  }
  if (offerMissing.length) {
    r.append(h("div", { class: "banner optional", id: "optional-questions", role: "note" },
      h("p", {}, t("optionalQuestions")),
      h("ul", {}, offerMissing.map((m) => h("li", {}, missingLink(m),
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

  const gba = d.transfers.filter((tr) => tr.alternatives?.includes("gba_contract"));
  if (gba.length) {
    const gbaKeys = d.zones.filter((z) => z.key.startsWith("gba-") && z.applies);
    r.append(section("gba", t("gbaTitle"), h("ul", { class: "gba" }, gba.map((tr) => h("li", { dataset: { transfer: tr.id } },
      h("p", {}, h("strong", {}, tr.id), transferName(tr.id), " — ", h("span", { class: "alt-route" }, t("gbaText"))),
      tr.basis.filter((b) => b.startsWith("gba-")).map((b) => h("p", { class: "meta" }, citation(b))),
      gbaKeys.map((z) => h("p", { class: "meta" }, t(z.text))))))));
  }

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

  const dkind = (k) => t(UI.deadlineKind[k] || { en: k, zh: k });
  if (d.deadlines.length) {
    r.append(section("deadlines", t("deadlines"),
      h("p", { class: "no-print" }, h("button", { type: "button", id: "download-ics", onclick: downloadIcs }, t("downloadIcs"))),
      h("div", { class: "scroll" }, h("table", { class: "deadlines" },
        h("thead", {}, h("tr", {}, ["colFiling", "colWhat", "colDate", "colStatus"].map((c) => h("th", { scope: "col" }, t(c))))),
        h("tbody", {}, d.deadlines.map((x) => h("tr", { class: `status-${x.status}`, dataset: { filing: x.filing, kind: x.kind, status: x.status, date: x.date } },
          h("th", { scope: "row" }, x.filing),
          h("td", {}, h("strong", { class: "dkind" }, dkind(x.kind)), h("p", {}, t(x.text)),
            x.checklist?.length ? [h("p", { class: "meta" }, t("checklist")), h("ul", { class: "dchecklist" }, x.checklist.map((c) => h("li", {}, t(c))))] : null,
            h("p", { class: "meta" }, citation(x.citation))),
          h("td", {}, h("time", { datetime: x.date }, x.date)),
          h("td", { class: "dstatus" }, h("span", { class: `badge status-${x.status}` }, t(UI.status[x.status] || { en: x.status, zh: x.status }))))))))));
  }
  if (d.no_deadline.length) {
    r.append(section("no-deadline", t("noDeadline"), list(d.no_deadline, (x) => [
      h("p", {}, h("strong", {}, `${x.filing}: ${dkind(x.kind)}`), " — ", t(x.reason)),
      h("p", { class: "meta" }, t("settle"), colon(), t(x.settle)),
    ])));
  }
  if (d.scope_changes.length) {
    r.append(section("scope-changes", t("scopeChanges"), list(d.scope_changes, (x) => [
      h("p", {}, h("strong", {}, `${x.transfer} / ${x.filing}`),
        x.action ? ` (${t(UI.scopeAction[x.action] || { en: x.action, zh: x.action })})` : null, " — ", t(x.text)),
      h("p", { class: "meta" }, citation(x.citation)),
    ])));
  }
  if (d.zones.length) {
    const partial = d.zones.filter((z) => zoneInfo(z.key)?.coverage?.status === "partial");
    r.append(section("zones", t("zones"),
      partial.length ? h("div", { class: "banner partial", id: "zone-partial", role: "note" },
        h("p", {}, t("zonePartialBanner")),
        h("ul", {}, partial.map((z) => h("li", {}, t(zoneInfo(z.key).title), " ", h("code", {}, z.key))))) : null,
      list(d.zones, (z) => [
        h("p", {}, zoneInfo(z.key) ? [t(zoneInfo(z.key).title), " "] : null, h("code", {}, z.key), " — ",
          h("span", { class: z.applies ? "applies" : "not-applies" }, t(z.applies ? "applies" : "doesNotApply"))),
        h("p", {}, t(z.text)),
      ])));
  }
  const matched = d.transfers.filter((tr) => tr.zone_match);
  if (matched.length) {
    r.append(section("zone-match", t("zoneMatch"), h("ul", { class: "zone-match" }, matched.map((tr) => {
      const zm = tr.zone_match;
      const z = zoneInfo(zm.list);
      return h("li", { dataset: { transfer: tr.id, outcome: zm.outcome } },
        h("p", {}, h("strong", {}, tr.id), transferName(tr.id), " — ", z ? t(z.title) : zm.list, colon(),
          h("strong", { class: "outcome" }, t(UI.outcome[zm.outcome] || { en: zm.outcome, zh: zm.outcome })),
          zm.route ? [" · ", t("listRoute"), colon(), routeLabel(zm.route)] : null,
          zm.coverage === "partial" ? h("span", { class: "badge partial" }, ` ${t("partlyEncoded")}`) : null),
        zm.reason ? h("p", {}, t(zm.reason)) : null,
        zm.items?.length ? h("ul", { class: "match-items" }, zm.items.map((it) => h("li", { class: it.holds ? "holds" : "not-holds", dataset: { row: String(it.row ?? "") } },
          h("span", { class: "badge" }, t(it.holds ? "holds" : "doesNotHold")), " ", t(it.why)))) : null,
        (zm.notes || []).map((n) => h("p", { class: "meta" }, typeof n === "string" ? n : t(n.text || n))),
        zm.citation ? h("p", { class: "meta" }, citation(zm.citation)) : null);
    }))));
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

// The decision's deadlines as a calendar file, made by the module from the
// same request; a Blob URL, so nothing is sent anywhere.
function downloadIcs() {
  let text;
  try {
    text = cj.ics(state);
  } catch (e) {
    const first = e.errors?.[0];
    $("#status").textContent = t("icsFailed") + (first ? t(first.message) : e.message);
    return;
  }
  const blob = new Blob([text], { type: "text/calendar;charset=utf-8" });
  const url = URL.createObjectURL(blob);
  const a = h("a", { href: url, download: `chujing-deadlines-${state.as_of || today()}.ics` });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
  $("#status").textContent = t("icsDone");
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
  for (const el of document.querySelectorAll("#form .field:not(.filter), #form fieldset.items")) {
    if (el.matches("fieldset.items")) {
      // The zone list items ticked, by their printed row numbers.
      const ticked = [...el.querySelectorAll("li.item input:checked")].map((b) => b.parentElement.querySelector("label strong")?.textContent);
      const none = el.querySelector("input.none-of-these:checked");
      const v = ticked.length ? ticked.join(", ") : none ? t("itemsNoneOfThese") : "";
      if (!v) continue;
      const where = [...ancestors(el)].map((g) => g.querySelector(":scope > legend")?.textContent).filter(Boolean);
      rows.push(h("tr", {}, h("th", { scope: "row" }, [...where.slice(1), t("itemsLegend")].join(" › ")), h("td", {}, v)));
      continue;
    }
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
  for (const g of info.gba || []) for (const c of g.cities || []) GBA_CITIES[c.id] = { en: c.en, zh: c.zh };
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
