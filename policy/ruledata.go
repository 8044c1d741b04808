package policy

import (
	"embed"
	"encoding/json"
	"fmt"
)

//go:embed data/rules.json
var dataFS embed.FS

// RuleData is the legal data the engine applies: instruments, rule sets,
// thresholds, rule texts, obligations, notes and questions, each with its
// source. It is loaded once from data/rules.json and never changed.
type RuleData struct {
	SourceNote  string            `json:"source_note"`
	Instruments []Instrument      `json:"instruments"`
	RuleSets    []RuleSet         `json:"rule_sets"`
	Thresholds  []Threshold       `json:"thresholds"`
	Dates       []DatedFact       `json:"dates"`
	Rules       []Rule            `json:"rules"`
	Obligations []ObligationText  `json:"obligations"`
	Notes       []NoteText        `json:"notes"`
	Questions   map[string]Text   `json:"questions"`
	rules       map[string]int    // rule id → index in Rules
	thresholds  map[string]int64  // threshold id → value
	dates       map[string]string // dated fact id → date
	obligations map[string]int    // obligation id → index
	notes       map[string]int    // note id → index
}

// Instrument is a law, regulation, rule or official answer cited by key.
type Instrument struct {
	Key     string `json:"key"`
	Title   Text   `json:"title"`
	Number  string `json:"number,omitempty"`
	InForce string `json:"in_force"`
	URL     string `json:"url"`
	Note    string `json:"note,omitempty"`
}

// RuleSet is a period with one set of rules.
type RuleSet struct {
	ID      string  `json:"id"`
	InForce string  `json:"in_force"`
	Until   *string `json:"until"`
	Title   Text    `json:"title"`
	Source  string  `json:"source"`
}

// Threshold is a number of individuals the rules turn on.
type Threshold struct {
	ID         string `json:"id"`
	RuleSet    string `json:"rule_set"`
	Value      int64  `json:"value"`
	Comparison string `json:"comparison"`
	What       string `json:"what"`
	Citation   string `json:"citation"`
	Quote      string `json:"quote"`
	URL        string `json:"url"`
}

// DatedFact is a date the rules turn on, such as an instrument's entry
// into force.
type DatedFact struct {
	ID       string `json:"id"`
	Date     string `json:"date"`
	Citation string `json:"citation"`
	URL      string `json:"url"`
	What     string `json:"what"`
}

// Rule is one rule the engine may fire: its id, citation, effect and text.
type Rule struct {
	ID       string  `json:"id"`
	RuleSet  string  `json:"rule_set"`
	Citation string  `json:"citation"`
	Effect   *string `json:"effect"`
	URL      string  `json:"url"`
	InForce  string  `json:"in_force,omitempty"`
	Until    string  `json:"until,omitempty"`
	Summary  Text    `json:"summary"`
}

// ObligationText is an obligation with its basis.
type ObligationText struct {
	ID                string   `json:"id"`
	Citations         []string `json:"citations"`
	CitationsFrom2026 []string `json:"citations_from_2026,omitempty"`
	URL               string   `json:"url"`
	Summary           Text     `json:"summary"`
}

// NoteText is a note with its basis.
type NoteText struct {
	ID        string   `json:"id"`
	Citations []string `json:"citations"`
	URL       string   `json:"url"`
	Text      Text     `json:"text"`
}

// rules is the engine's legal data, parsed once from the embedded file.
var rules = mustLoadRuleData()

// Rules returns the legal data the engine applies. Callers must not
// modify it.
func Rules() *RuleData { return rules }

func mustLoadRuleData() *RuleData {
	b, err := dataFS.ReadFile("data/rules.json")
	if err != nil {
		panic(err)
	}
	d, err := parseRuleData(b)
	if err != nil {
		panic(err)
	}
	return d
}

func parseRuleData(b []byte) (*RuleData, error) {
	var d RuleData
	if err := json.Unmarshal(b, &d); err != nil {
		return nil, fmt.Errorf("rules.json: %w", err)
	}
	d.rules = map[string]int{}
	for i, r := range d.Rules {
		if _, dup := d.rules[r.ID]; dup {
			return nil, fmt.Errorf("rules.json: duplicate rule %q", r.ID)
		}
		d.rules[r.ID] = i
	}
	d.thresholds = map[string]int64{}
	for _, t := range d.Thresholds {
		d.thresholds[t.ID] = t.Value
	}
	d.dates = map[string]string{}
	for _, f := range d.Dates {
		d.dates[f.ID] = f.Date
	}
	d.obligations = map[string]int{}
	for i, o := range d.Obligations {
		d.obligations[o.ID] = i
	}
	d.notes = map[string]int{}
	for i, n := range d.Notes {
		d.notes[n.ID] = i
	}
	return &d, nil
}

// rule returns the rule with the id; the id must exist (tests check every
// id the engine uses).
func (d *RuleData) rule(id string) *Rule {
	i, ok := d.rules[id]
	if !ok {
		panic("policy: unknown rule " + id)
	}
	return &d.Rules[i]
}

func (d *RuleData) threshold(id string) int64 {
	v, ok := d.thresholds[id]
	if !ok {
		panic("policy: unknown threshold " + id)
	}
	return v
}

func (d *RuleData) date(id string) string {
	v, ok := d.dates[id]
	if !ok {
		panic("policy: unknown date " + id)
	}
	return v
}

func (d *RuleData) obligation(id string) *ObligationText {
	i, ok := d.obligations[id]
	if !ok {
		panic("policy: unknown obligation " + id)
	}
	return &d.Obligations[i]
}

func (d *RuleData) note(id string) *NoteText {
	i, ok := d.notes[id]
	if !ok {
		panic("policy: unknown note " + id)
	}
	return &d.Notes[i]
}

func (d *RuleData) ruleSet(id string) *RuleSet {
	for i := range d.RuleSets {
		if d.RuleSets[i].ID == id {
			return &d.RuleSets[i]
		}
	}
	panic("policy: unknown rule set " + id)
}
