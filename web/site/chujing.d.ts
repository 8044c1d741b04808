// TypeScript declarations for chujing.js and the documents the module
// exchanges. They follow schemas/request.schema.json,
// schemas/decision.schema.json and schemas/error.schema.json (version 1);
// the schemas are the source of truth.

/** The ABI major version this loader speaks. */
export declare const ABI_MAJOR: 1;

export interface LoadOptions {
  /** Hex SHA-256 the module's bytes must have (not with a precompiled Module). */
  sha256?: string;
  /** Where the Go runtime's stdout (1) and stderr (2) lines go; console.error by default. */
  log?: (fd: 1 | 2, line: string) => void;
}

/** Bytes, a Response (streamed when served as application/wasm), or a compiled Module. */
export type ModuleSource =
  | ArrayBuffer
  | ArrayBufferView
  | Response
  | PromiseLike<Response>
  | WebAssembly.Module;

export declare function load(source: ModuleSource, options?: LoadOptions): Promise<Chujing>;

export declare class Chujing {
  readonly abi: { major: number; minor: number };
  /** Evaluate a request (object or JSON text): a decision or an error document. */
  evaluate(request: Request | string): Decision | ErrorDocument;
  /** Evaluate request JSON; the module's JSON exactly as it wrote it. */
  evaluateJSON(request: string): string;
  /** Evaluate request bytes; the module's result bytes. */
  evaluateBytes(request: Uint8Array): Uint8Array;
  validate(request: Request | string): { kind: "valid" } | ErrorDocument;
  schema(name: "request" | "decision" | "error" | "negative-list" | string): Record<string, unknown> | ErrorDocument;
  info(): Info;
  /**
   * The decision's deadlines as iCalendar text (RFC 5545, "BEGIN:VCALENDAR…"),
   * from the module's `ics` export (ABI 1.1). Throws ChujingError for an
   * error document.
   */
  ics(request: Request | string): string;
}

/** Thrown by Chujing.ics when the module answers an error document. */
export declare class ChujingError extends Error {
  readonly name: "ChujingError";
  readonly document: ErrorDocument;
  readonly errors: Problem[];
}

// ---------------------------------------------------------------------------
// Shared.

/** The same text in Chinese and English. */
export interface Text {
  zh: string;
  en: string;
}

/** YYYY-MM-DD */
export type DateString = string;

/** "INSTRUMENT art.N", "INSTRUMENT art.N(M)", e.g. "provisions-2024 art.5(4)". */
export type Citation = string;

// ---------------------------------------------------------------------------
// The request (schemas/request.schema.json).

export type Tristate = "yes" | "no" | "unknown";
/** A count of natural persons; null if unknown. */
export type Count = number | null;

export interface Request {
  version?: "1";
  as_of: DateString;
  processor: Processor;
  transfers: Transfer[];
}

export interface Processor {
  name?: string;
  /** default "unknown" */
  ciio?: Tristate;
  ftz?: string | null;
  city?: string | null;
  handles_individuals?: Count;
  exported_this_year?: {
    individuals?: Count;
    sensitive_individuals?: Count;
  };
  filings?: Filing[];
  other_lists?: string[];
}

export type Scenario =
  | "contract_performance"
  | "hr_management"
  | "emergency"
  | "statutory_duty"
  | "international_trade"
  | "cross_border_transport"
  | "academic_cooperation"
  | "transnational_manufacturing_marketing"
  | "other"
  | "unknown";

export interface Transfer {
  id: string;
  name?: string;
  /** default "other" */
  scenario?: Scenario;
  /** default "unknown" */
  important_data?: "none" | "notified" | "unknown";
  personal_information?: {
    individuals?: Count;
    sensitive_individuals?: Count;
  };
  /** default "no" */
  collected_abroad?: Tristate;
  recipient?: Recipient;
  data_categories?: string[];
  purpose?: string;
  zone_list?: ZoneList | null;
  filing?: string | null;
}

export interface Recipient {
  name?: string;
  region?: "hong_kong" | "macao" | "other" | "unknown" | null;
  /** ISO 3166-1 alpha-2 */
  country?: string;
  type?: "affiliate" | "third_party" | "service_provider" | "individual" | "government";
}

export interface ZoneList {
  /** <zone>-<year>, e.g. shanghai-2024 */
  list: string;
  sector?: number | null;
  scenario?: string | null;
  /** [] = none; null = unknown */
  rows?: number[] | null;
  fields?: string[];
  stated_route?: "off_list" | "standard_contract_or_certification" | "security_assessment" | "unknown" | null;
}

export interface Filing {
  id: string;
  kind: "standard_contract" | "security_assessment" | "certification" | "gba_contract";
  date: DateString;
  filed?: DateString | null;
  valid_until?: DateString | null;
  declared?: { submitted?: DateString; accepted?: DateString } | null;
  scope?: {
    recipients?: string[];
    data_categories?: string[];
    individuals?: Count;
    sensitive_individuals?: Count;
    purpose?: string;
  };
}

// ---------------------------------------------------------------------------
// The decision (schemas/decision.schema.json).

export type Route = "none" | "standard_contract_or_certification" | "security_assessment";

export interface Decision {
  kind: "decision";
  version: "1";
  as_of: DateString;
  rule_set: RuleSet;
  route: Route;
  provisional: boolean;
  counted: { individuals: number | null; sensitive_individuals: number | null };
  transfers: TransferResult[];
  reasons: Reason[];
  obligations: Obligation[];
  notes: Note[];
  missing: Missing[];
  deadlines: Deadline[];
  no_deadline: NoDeadline[];
  scope_changes: ScopeChange[];
  zones: Zone[];
}

export interface RuleSet {
  id: "regime-2022" | "provisions-2024";
  in_force: DateString;
  until?: DateString | null;
  title: Text;
}

export interface TransferResult {
  id: string;
  route: Route;
  basis: Citation[];
  rules: string[];
  alternatives?: "gba_contract"[];
  zone_match?: Record<string, unknown> | null;
}

export interface Reason {
  rule: string;
  citation: Citation;
  effect?: Route | null;
  summary: Text;
  source?: string;
  /** JSON pointers into the request */
  facts: string[];
  transfers: string[];
}

export type ObligationId =
  | "notice"
  | "separate_consent"
  | "impact_assessment"
  | "records"
  | "domestic_storage"
  | "zone_filing"
  | "self_assessment"
  | "contract_filing"
  | "gba_filing";

export interface Obligation {
  id: ObligationId;
  citations: Citation[];
  summary: Text;
  transfers: string[];
}

export interface Note {
  id: string;
  citations: Citation[];
  text: Text;
  transfers: string[];
}

export interface Missing {
  /** JSON pointer into the request */
  pointer: string;
  /** the same location with transfer ids, e.g. transfers.t1.important_data */
  field: string;
  question: Text;
  assumed: unknown;
  /** route: the decision is provisional until answered; offer: it changes an alternative offered */
  changes: "route" | "offer";
}

export type DeadlineKind =
  | "filing_due"
  | "valid_until"
  | "extension_window_opens"
  | "recertify_by"
  | "completeness_check_due"
  | "acceptance_due"
  | "assessment_due"
  | "records_until";

export type DeadlineStatus =
  | "filed"
  | "filed_late"
  | "pending"
  | "overdue"
  | "in_force"
  | "expired"
  | "not_open"
  | "open"
  | "closed"
  | "done";

export interface Deadline {
  filing: string;
  kind: DeadlineKind;
  date: DateString;
  status: DeadlineStatus;
  citation: Citation;
  computed?: boolean;
  computed_from: Record<string, unknown>;
  text: Text;
  checklist?: Text[];
}

export interface NoDeadline {
  filing: string;
  kind: string;
  reason: Text;
  settle: Text;
}

export interface ScopeChange {
  transfer: string;
  filing: string;
  change: "new_recipient" | "new_data_category" | "more_individuals" | "more_sensitive_individuals" | "different_purpose" | "expired";
  action?: "redeclare" | "refile" | "new_contract" | "recertify";
  citation: Citation;
  text: Text;
  facts: string[];
}

export interface Zone {
  key: string;
  applies: boolean;
  text: Text;
  [extra: string]: unknown;
}

// ---------------------------------------------------------------------------
// The error document (schemas/error.schema.json).

export type ErrorCode =
  | "empty" | "too_large" | "invalid_utf8" | "syntax" | "too_deep" | "duplicate_key" | "number_too_large"
  | "trailing_data" | "type" | "required" | "unknown_property" | "enum" | "const" | "minimum" | "maximum"
  | "not_integer" | "pattern" | "format" | "too_long" | "too_short" | "too_many" | "too_few" | "duplicate_id"
  | "unknown_reference" | "date_out_of_range" | "invalid" | "internal";

export interface ErrorDocument {
  kind: "error";
  errors: Problem[];
}

export interface Problem {
  /** RFC 6901 JSON pointer into the request; "" is the whole request */
  pointer: string;
  code: ErrorCode;
  message: Text;
}

// ---------------------------------------------------------------------------
// info()

export interface Info {
  kind: "info";
  module: string;
  version: string;
  abi: { major: number; minor: number };
  rule_sets: (RuleSet & { source?: string })[];
  instruments: {
    key: string;
    title: Text;
    number?: string;
    in_force: DateString;
    url: string;
    note?: string;
  }[];
  schemas: string[];
}
