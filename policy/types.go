package policy

import "encoding/json"

// Routes a transfer, or the processor as a whole, may need.
const (
	RouteNone               = "none"
	RouteContractOrCertify  = "standard_contract_or_certification"
	RouteSecurityAssessment = "security_assessment"
)

// Tristate answers.
const (
	Yes     = "yes"
	No      = "no"
	Unknown = "unknown"
)

// Important-data statuses.
const (
	IDNone     = "none"
	IDNotified = "notified"
)

// Scenarios of a transfer (schemas/request.schema.json).
const (
	ScenarioContract      = "contract_performance"
	ScenarioHR            = "hr_management"
	ScenarioEmergency     = "emergency"
	ScenarioStatutoryDuty = "statutory_duty"
	ScenarioTrade         = "international_trade"
	ScenarioTransport     = "cross_border_transport"
	ScenarioAcademic      = "academic_cooperation"
	ScenarioManufacturing = "transnational_manufacturing_marketing"
	ScenarioOther         = "other"
)

// Request is one data processor and its outbound transfers for a calendar
// year (schemas/request.schema.json).
type Request struct {
	Version   string     `json:"version,omitempty"`
	AsOf      string     `json:"as_of"`
	Processor Processor  `json:"processor"`
	Transfers []Transfer `json:"transfers"`
}

// Processor is the data processor that provides data abroad.
type Processor struct {
	Name               string   `json:"name,omitempty"`
	CIIO               string   `json:"ciio,omitempty"`
	FTZ                *string  `json:"ftz,omitempty"`
	City               *string  `json:"city,omitempty"`
	HandlesIndividuals *int64   `json:"handles_individuals,omitempty"`
	ExportedThisYear   *Counts  `json:"exported_this_year,omitempty"`
	Filings            []Filing `json:"filings,omitempty"`
	OtherLists         []string `json:"other_lists,omitempty"`
}

// Counts are individuals whose personal information is provided abroad;
// nil means unknown.
type Counts struct {
	Individuals          *int64 `json:"individuals,omitempty"`
	SensitiveIndividuals *int64 `json:"sensitive_individuals,omitempty"`

	// nullIndividuals and nullSensitive record a count given as null
	// (unknown), as opposed to left out (zero, the schema's default).
	nullIndividuals, nullSensitive bool
}

// UnmarshalJSON reads counts, telling a null count (unknown) from one left
// out (zero).
func (c *Counts) UnmarshalJSON(b []byte) error {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	read := func(key string, dst **int64, null *bool) error {
		v, ok := raw[key]
		if !ok {
			return nil
		}
		if string(v) == "null" {
			*null = true
			return nil
		}
		var n int64
		if err := json.Unmarshal(v, &n); err != nil {
			return err
		}
		*dst = &n
		return nil
	}
	if err := read("individuals", &c.Individuals, &c.nullIndividuals); err != nil {
		return err
	}
	return read("sensitive_individuals", &c.SensitiveIndividuals, &c.nullSensitive)
}

// NewCounts returns known counts.
func NewCounts(individuals, sensitive int64) *Counts {
	return &Counts{Individuals: &individuals, SensitiveIndividuals: &sensitive}
}

// UnknownCounts returns counts given as null: the facts are unknown.
func UnknownCounts() *Counts {
	return &Counts{nullIndividuals: true, nullSensitive: true}
}

// Transfer is one flow of data to a recipient abroad.
type Transfer struct {
	ID                  string     `json:"id"`
	Name                string     `json:"name,omitempty"`
	Scenario            string     `json:"scenario,omitempty"`
	ImportantData       string     `json:"important_data,omitempty"`
	PersonalInformation *Counts    `json:"personal_information,omitempty"`
	CollectedAbroad     string     `json:"collected_abroad,omitempty"`
	Recipient           *Recipient `json:"recipient,omitempty"`
	DataCategories      []string   `json:"data_categories,omitempty"`
	Purpose             string     `json:"purpose,omitempty"`
	ZoneList            *ZoneList  `json:"zone_list,omitempty"`
	Filing              *string    `json:"filing,omitempty"`
}

// Recipient is who receives the data abroad.
type Recipient struct {
	Name    string  `json:"name,omitempty"`
	Region  *string `json:"region,omitempty"`
	Country string  `json:"country,omitempty"`
	Type    string  `json:"type,omitempty"`
}

// ZoneList says how a free trade zone's list describes a transfer's data,
// in the list's own numbering.
type ZoneList struct {
	List        string   `json:"list"`
	Sector      *int     `json:"sector,omitempty"`
	Scenario    *string  `json:"scenario,omitempty"`
	Rows        []int    `json:"rows"`
	Fields      []string `json:"fields,omitempty"`
	StatedRoute *string  `json:"stated_route,omitempty"`
}

// Filing is a standard contract, security assessment result or
// certificate the processor holds.
type Filing struct {
	ID         string       `json:"id"`
	Kind       string       `json:"kind"`
	Date       string       `json:"date"`
	Filed      *string      `json:"filed,omitempty"`
	ValidUntil *string      `json:"valid_until,omitempty"`
	Declared   *Declaration `json:"declared,omitempty"`
	Scope      *Scope       `json:"scope,omitempty"`
}

// Declaration holds the dates of a security assessment declaration not
// yet decided.
type Declaration struct {
	Submitted string `json:"submitted,omitempty"`
	Accepted  string `json:"accepted,omitempty"`
}

// Scope is what a filing or approval covers.
type Scope struct {
	Recipients           []string `json:"recipients,omitempty"`
	DataCategories       []string `json:"data_categories,omitempty"`
	Individuals          *int64   `json:"individuals,omitempty"`
	SensitiveIndividuals *int64   `json:"sensitive_individuals,omitempty"`
	Purpose              string   `json:"purpose,omitempty"`
}

// Text is the same text in Chinese and English.
type Text struct {
	ZH string `json:"zh"`
	EN string `json:"en"`
}

// Decision is what the rules require of a request, and why
// (schemas/decision.schema.json).
type Decision struct {
	Kind         string           `json:"kind"`
	Version      string           `json:"version"`
	AsOf         string           `json:"as_of"`
	RuleSet      RuleSetRef       `json:"rule_set"`
	Route        string           `json:"route"`
	Provisional  bool             `json:"provisional"`
	Counted      CountedTotals    `json:"counted"`
	Transfers    []TransferResult `json:"transfers"`
	Reasons      []Reason         `json:"reasons"`
	Obligations  []Obligation     `json:"obligations"`
	Notes        []Note           `json:"notes"`
	Missing      []Missing        `json:"missing"`
	Deadlines    []Deadline       `json:"deadlines"`
	NoDeadline   []NoDeadline     `json:"no_deadline"`
	ScopeChanges []ScopeChange    `json:"scope_changes"`
	Zones        []ZoneConsidered `json:"zones"`
}

// RuleSetRef names the rule set applied.
type RuleSetRef struct {
	ID      string  `json:"id"`
	InForce string  `json:"in_force"`
	Until   *string `json:"until"`
	Title   Text    `json:"title"`
}

// CountedTotals are the individuals counted toward the thresholds; nil
// where a count is unknown.
type CountedTotals struct {
	Individuals          *int64 `json:"individuals"`
	SensitiveIndividuals *int64 `json:"sensitive_individuals"`
}

// TransferResult is the route of one transfer and the rules behind it.
type TransferResult struct {
	ID           string     `json:"id"`
	Route        string     `json:"route"`
	Basis        []string   `json:"basis"`
	Rules        []string   `json:"rules"`
	Alternatives []string   `json:"alternatives,omitempty"`
	ZoneMatch    *ZoneMatch `json:"zone_match,omitempty"`
}

// ZoneMatch explains how a zone list was matched for a transfer.
type ZoneMatch struct {
	List     string     `json:"list"`
	Citation string     `json:"citation"`
	Outcome  string     `json:"outcome"`
	Route    string     `json:"route"`
	Reason   Text       `json:"reason"`
	Coverage string     `json:"coverage"`
	Items    []ZoneItem `json:"items"`
	Notes    []Text     `json:"notes"`
}

// ZoneItem is one row of a list named for a transfer, and whether its
// condition holds.
type ZoneItem struct {
	Row    int    `json:"row"`
	Item   string `json:"item,omitempty"`
	Route  string `json:"route,omitempty"`
	Holds  bool   `json:"holds"`
	Why    Text   `json:"why"`
	Source string `json:"source,omitempty"`
}

// Reason is one rule that fired.
type Reason struct {
	Rule      string   `json:"rule"`
	Citation  string   `json:"citation"`
	Effect    *string  `json:"effect"`
	Summary   Text     `json:"summary"`
	Source    string   `json:"source,omitempty"`
	Facts     []string `json:"facts"`
	Transfers []string `json:"transfers"`
}

// Obligation is something the processor must do whatever the route.
type Obligation struct {
	ID        string   `json:"id"`
	Citations []string `json:"citations"`
	Summary   Text     `json:"summary"`
	Transfers []string `json:"transfers"`
}

// Note is a point that changes or qualifies the outcome.
type Note struct {
	ID        string   `json:"id"`
	Citations []string `json:"citations"`
	Text      Text     `json:"text"`
	Transfers []string `json:"transfers"`
}

// Missing is a fact assumed the strict way that would change the route.
type Missing struct {
	Pointer  string `json:"pointer"`
	Field    string `json:"field"`
	Question Text   `json:"question"`
	Assumed  any    `json:"assumed"`
	// Changes says what the answer may change: "route" (the decision is
	// provisional until it is given) or "offer" (an alternative such as
	// the Greater Bay Area contract).
	Changes string `json:"changes"`
}

// Deadline is a date that follows from a filing, with its status on as_of.
type Deadline struct {
	Filing       string            `json:"filing"`
	Kind         string            `json:"kind"`
	Date         string            `json:"date"`
	Status       string            `json:"status"`
	Citation     string            `json:"citation"`
	Computed     bool              `json:"computed"`
	ComputedFrom map[string]string `json:"computed_from"`
	Text         Text              `json:"text"`
	Checklist    []Text            `json:"checklist,omitempty"`
}

// NoDeadline is a deadline that cannot be computed, and what would settle it.
type NoDeadline struct {
	Filing string `json:"filing"`
	Kind   string `json:"kind"`
	Reason Text   `json:"reason"`
	Settle Text   `json:"settle"`
}

// ScopeChange is a transfer outside the scope of the filing it relies on.
type ScopeChange struct {
	Transfer string   `json:"transfer"`
	Filing   string   `json:"filing"`
	Change   string   `json:"change"`
	Action   string   `json:"action,omitempty"`
	Citation string   `json:"citation"`
	Text     Text     `json:"text"`
	Facts    []string `json:"facts"`
}

// ZoneConsidered is a zone list or regional contract the decision
// considered, and whether it applies.
type ZoneConsidered struct {
	Key     string `json:"key"`
	Applies bool   `json:"applies"`
	Text    Text   `json:"text"`
}

// MarshalJSON writes counts back as they were read: a null count stays
// null, a count left out stays out.
func (c Counts) MarshalJSON() ([]byte, error) {
	m := make(map[string]*int64, 2)
	if c.Individuals != nil || c.nullIndividuals {
		m["individuals"] = c.Individuals
	}
	if c.SensitiveIndividuals != nil || c.nullSensitive {
		m["sensitive_individuals"] = c.SensitiveIndividuals
	}
	return json.Marshal(m)
}
