// The case corpus format of ../shared/cases, read as policy/casefile does:
// load every *.yaml under a folder (sorted by path) and turn each case
// into a request with the corpus defaults written out. A port of
// policy/casefile/casefile.go (Load and Case.Request); keep them in step.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import YAML from "yaml";

// The keys casefile.go knows (it decodes with KnownFields(true)).
const known = {
  file: ["section", "cases"],
  case: ["name", "as_of", "processor", "transfers", "expect"],
  processor: ["ciio", "ftz", "city", "handles_individuals", "exported_this_year", "filings", "other_lists"],
  counts: ["individuals", "sensitive_individuals"],
  transfer: ["id", "scenario", "important_data", "personal_information", "collected_abroad", "zone_list",
    "recipient_region", "recipient", "data_categories", "purpose", "filing"],
  filing: ["id", "kind", "date", "filed", "valid_until", "declared", "scope"],
};

function checkKeys(obj, kind, where) {
  if (obj == null) return;
  for (const k of Object.keys(obj)) {
    if (!known[kind].includes(k)) throw new Error(`${where}: field ${k} not found in ${kind}`);
  }
}

/** Every *.yaml file under dir, sorted by path, as {path, section, cases}. */
export function load(dir) {
  const paths = [];
  (function walk(d) {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (p.endsWith(".yaml")) paths.push(p);
    }
  })(dir);
  // Go sorts byte-wise, as does the default sort on these ASCII paths.
  paths.sort();
  return paths.map((path) => {
    const f = YAML.parse(readFileSync(path, "utf8"), { intAsBigInt: false }) || {};
    checkKeys(f, "file", path);
    for (const c of f.cases || []) {
      checkKeys(c, "case", `${path}: ${c.name}`);
      checkKeys(c.processor, "processor", `${path}: ${c.name}`);
      checkKeys(c.processor?.exported_this_year, "counts", `${path}: ${c.name}`);
      for (const fl of c.processor?.filings || []) checkKeys(fl, "filing", `${path}: ${c.name}`);
      for (const t of c.transfers || []) {
        checkKeys(t, "transfer", `${path}: ${c.name}`);
        checkKeys(t.personal_information, "counts", `${path}: ${c.name}`);
      }
    }
    return { path, section: f.section, cases: f.cases || [] };
  });
}

// YAML scalars that decode into a Go *string keep their text: the yaml
// package gives true/false/numbers for some, so turn them back.
const str = (v) => (v === undefined || v === null ? undefined : typeof v === "string" ? v : String(v));
const orDefault = (v, def) => str(v) ?? def;

function counts(c) {
  const out = { individuals: 0, sensitive_individuals: 0 };
  if (c == null) return out;
  // A count left out keeps the default 0; a count given as null stays
  // null: it is unknown (policy/casefile.Counts).
  if (c.individuals !== undefined) out.individuals = c.individuals;
  if (c.sensitive_individuals !== undefined) out.sensitive_individuals = c.sensitive_individuals;
  return out;
}

// collected_abroad: true/false, or yes/no/unknown; absent = no.
function tristate(v, id) {
  if (v === undefined) return "no";
  switch (v === null ? "" : String(v)) {
    case "true": case "yes": return "yes";
    case "false": case "no": return "no";
    case "unknown": return "unknown";
    // yaml.v3 leaves an explicit null as a node with the value "null"/"".
  }
  throw new Error(`transfer ${id}: collected_abroad: want true, false or unknown, got ${JSON.stringify(v)}`);
}

/** The request for a case, as an object (Case.Request). */
export function request(c) {
  const pr = c.processor || {};
  const p = { ciio: orDefault(pr.ciio, "no") };
  if (pr.ftz != null) p.ftz = str(pr.ftz);
  if (pr.city != null) p.city = str(pr.city);
  if (pr.handles_individuals != null) p.handles_individuals = pr.handles_individuals;
  p.exported_this_year = counts(pr.exported_this_year);
  if (pr.filings && pr.filings.length > 0) {
    p.filings = pr.filings.map((f) => {
      const m = { id: str(f.id) ?? "", kind: str(f.kind) ?? "", date: str(f.date) ?? "" };
      if (f.filed != null) m.filed = str(f.filed);
      if (f.valid_until != null) m.valid_until = str(f.valid_until);
      if (f.declared != null) m.declared = f.declared;
      if (f.scope != null) m.scope = f.scope;
      return m;
    });
  }
  if (pr.other_lists && pr.other_lists.length > 0) p.other_lists = pr.other_lists;
  const transfers = (c.transfers || []).map((t) => {
    const m = {
      id: str(t.id) ?? "",
      scenario: orDefault(t.scenario, "other"),
      important_data: orDefault(t.important_data, "none"),
      personal_information: counts(t.personal_information),
    };
    m.collected_abroad = tristate(t.collected_abroad, t.id);
    if (t.zone_list != null) m.zone_list = t.zone_list;
    const recipient = { ...(t.recipient || {}) };
    if (t.recipient_region != null) recipient.region = str(t.recipient_region);
    if (Object.keys(recipient).length > 0) m.recipient = recipient;
    if (t.data_categories && t.data_categories.length > 0) m.data_categories = t.data_categories;
    if (t.purpose != null) m.purpose = str(t.purpose);
    if (t.filing != null) m.filing = str(t.filing);
    return m;
  });
  return sortKeys({ as_of: str(c.as_of) ?? "", processor: p, transfers });
}

/** The request as JSON text, keys sorted as Go's json.Marshal sorts map keys. */
export function requestJSON(c) {
  return JSON.stringify(request(c));
}

function sortKeys(v) {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === "object") {
    return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys(v[k])]));
  }
  return v;
}
