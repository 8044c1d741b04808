// Package ftz holds the pilot free trade zones' data export lists
// (数据出境管理清单) and the Greater Bay Area standard contracts as dated,
// sourced data, and the logic that reads them: who may use an edition on
// a date (Eligibility) and what an edition says about a transfer's data
// (Match).
//
// The data lives in lists/*.json (schemas/negative-list.schema.json) and
// gba/gba.json, embedded in the binary and parsed once on first use. The
// values returned are shared by every caller: treat them as read-only.
// Nothing here does I/O or keeps mutable package state.
package ftz

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"
	"time"
)

//go:embed lists/*.json gba/*.json
var dataFS embed.FS

// Kinds of list.
const (
	// KindNegative is a negative list under provisions-2024 art.6: data on
	// it follows the list's route, data off it within a named sector or
	// scenario needs no CAC procedure.
	KindNegative = "negative"
	// KindPositive is a general data (positive) list: data on it may flow
	// after the zone's filing, data off it follows the national rules.
	KindPositive = "positive"
)

// Routes a list item may give (the same strings as package policy).
const (
	// RouteNone: no CAC procedure (off a negative list, or on a positive
	// list after the zone's filing).
	RouteNone = "none"
	// RouteContractOrCertify: a PI standard contract filing or PI
	// protection certification, at the processor's choice.
	RouteContractOrCertify = "standard_contract_or_certification"
	// RouteSecurityAssessment: a CAC data export security assessment.
	RouteSecurityAssessment = "security_assessment"
)

// Item categories.
const (
	// CategoryImportantData is a 重要数据 row.
	CategoryImportantData = "important_data"
	// CategoryPersonalInformation is a 个人信息 row.
	CategoryPersonalInformation = "personal_information"
	// CategoryGeneralData is a 一般数据 row of a positive list.
	CategoryGeneralData = "general_data"
)

// Kinds of count a volume condition is about.
const (
	// CountNonSensitive counts individuals whose PI excluding sensitive PI
	// is provided (个人信息（不含敏感个人信息）).
	CountNonSensitive = "non_sensitive"
	// CountSensitive counts individuals whose sensitive PI is provided.
	CountSensitive = "sensitive"
	// CountPersons counts the persons of a group the data concerns (群体).
	CountPersons = "persons"
)

// Coverage statuses.
const (
	// CoverageComplete: every printed row is encoded.
	CoverageComplete = "complete"
	// CoveragePartial: something is missing; Coverage.Missing says what.
	CoveragePartial = "partial"
)

// Text is the same text in Chinese and English.
type Text struct {
	ZH string `json:"zh"`
	EN string `json:"en"`
}

// Title is an edition's title; ZH is nil where no source gives the
// Chinese title.
type Title struct {
	ZH *string `json:"zh"`
	EN string  `json:"en"`
}

// SourceRef points at one of the file's sources and says how the fact was
// taken from it: verbatim, translation, paraphrase or inference.
type SourceRef struct {
	Ref     string `json:"ref"`
	Marking string `json:"marking"`
	Locator string `json:"locator,omitempty"`
	Note    string `json:"note,omitempty"`
}

// Source is a document facts are taken from. Kind is official,
// full_text_reprint or secondary.
type Source struct {
	ID        string  `json:"id"`
	Title     string  `json:"title"`
	URL       *string `json:"url"`
	Kind      string  `json:"kind"`
	Publisher string  `json:"publisher,omitempty"`
	Date      *string `json:"date,omitempty"`
	Note      string  `json:"note,omitempty"`
}

// Dated is a date (YYYY-MM-DD) with its source.
type Dated struct {
	Date   string    `json:"date"`
	Source SourceRef `json:"source"`
}

// EditionLink names another edition of the same series and the day from
// which the newer one applies.
type EditionLink struct {
	Key    string    `json:"key"`
	Date   string    `json:"date"`
	Source SourceRef `json:"source"`
}

// Threshold is one volume condition of an item, counted since 1 January
// of the current year in natural persons after de-duplication. AtLeast is
// inclusive (以上), Below exclusive (不满); nil means no bound. A condition
// only holds where at least one individual's PI of its kind is provided.
type Threshold struct {
	PI         string  `json:"pi"`
	AtLeast    *int64  `json:"at_least"`
	Below      *int64  `json:"below"`
	Population *string `json:"population"`
	Printed    string  `json:"printed"`
}

// Item is one row (数据子类) of a list. Row is the printed number, nil
// where the source quotes the row without it. Scenarios nil means not
// known, empty means every scenario of the sector. Thresholds nil means
// the row has a volume condition the source does not give in full; empty
// means the row holds whatever the volume.
type Item struct {
	ID              string      `json:"id"`
	Row             *int        `json:"row"`
	Block           *string     `json:"block"`
	Category        string      `json:"category"`
	Subcategory     *Text       `json:"subcategory"`
	Description     *Text       `json:"description"`
	Scenarios       []string    `json:"scenarios"`
	ScenariosSource *SourceRef  `json:"scenarios_source,omitempty"`
	ExcludesRows    []int       `json:"excludes_rows,omitempty"`
	ExampleFields   []string    `json:"example_fields"`
	Thresholds      []Threshold `json:"thresholds"`
	CountingRule    *string     `json:"counting_rule"`
	Route           string      `json:"route"`
	Exception       *Text       `json:"exception"`
	Source          SourceRef   `json:"source"`
}

// Scenario is a business scenario a list names; Name is as printed.
type Scenario struct {
	Name       string    `json:"name"`
	EN         string    `json:"en,omitempty"`
	Definition *Text     `json:"definition,omitempty"`
	Covers     *Text     `json:"covers,omitempty"`
	Source     SourceRef `json:"source"`
}

// Note is a note printed with a list or sector, or a statement about it.
type Note struct {
	Text   Text      `json:"text"`
	Source SourceRef `json:"source"`
}

// Figure is a count published for an edition (sectors, scenarios, items,
// fields, …) with its source.
type Figure struct {
	What   string    `json:"what"`
	Value  int64     `json:"value"`
	Scope  *string   `json:"scope"`
	Text   Text      `json:"text"`
	Source SourceRef `json:"source"`
}

// Coverage says how much of the published text is encoded.
type Coverage struct {
	Status  string `json:"status"`
	Missing []Text `json:"missing"`
}

// Sector is a sector (行业领域) of a list. Number is the printed number
// (一 = 1), nil where it is not known.
type Sector struct {
	Number              *int       `json:"number"`
	NumberSource        *SourceRef `json:"number_source,omitempty"`
	Key                 string     `json:"key"`
	Name                Text       `json:"name"`
	ScenarioColumn      bool       `json:"scenario_column"`
	Scenarios           []Scenario `json:"scenarios"`
	Notes               []Note     `json:"notes,omitempty"`
	Items               []Item     `json:"items"`
	ExampleFields       []string   `json:"example_fields,omitempty"`
	ExampleFieldsSource *SourceRef `json:"example_fields_source,omitempty"`
	Coverage            Coverage   `json:"coverage"`
	Source              SourceRef  `json:"source"`
}

// Area is where a processor must be registered to use an edition: one of
// Zones (processor.ftz) or, for city-wide editions, one of Cities.
type Area struct {
	Zones  []string  `json:"zones"`
	Cities []string  `json:"cities"`
	Text   Text      `json:"text"`
	Source SourceRef `json:"source"`
}

// CIIORule says whether critical information infrastructure operators may
// use an edition: Rule is "excluded" or "not_stated".
type CIIORule struct {
	Rule   string     `json:"rule"`
	Text   Text       `json:"text"`
	Source *SourceRef `json:"source"`
}

// OtherLists says whether a processor under an edition may apply other
// provinces' filed lists; Allowed is nil where no source says.
type OtherLists struct {
	Allowed    *bool      `json:"allowed"`
	Conditions Text       `json:"conditions"`
	Source     *SourceRef `json:"source"`
}

// CountingRule is a counting rule printed in a list's rows (R1, R2).
type CountingRule struct {
	ID     string    `json:"id"`
	Text   Text      `json:"text"`
	Source SourceRef `json:"source"`
}

// IDTrigger is a zone rule on when personal information counts as
// important data (from the zone's measures, not the list).
type IDTrigger struct {
	ID         string      `json:"id"`
	Text       Text        `json:"text"`
	Thresholds []Threshold `json:"thresholds"`
	Instrument string      `json:"instrument"`
	Source     SourceRef   `json:"source"`
}

// Dates are when an edition was signed, published, took effect and, for
// a stated trial period, lapses.
type Dates struct {
	Signed     *Dated `json:"signed"`
	Published  *Dated `json:"published"`
	InForce    Dated  `json:"in_force"`
	ValidUntil *Dated `json:"valid_until"`
	Conflicts  []Note `json:"conflicts,omitempty"`
}

// List is one edition of a zone's data export list.
type List struct {
	Schema                string         `json:"$schema"`
	Key                   string         `json:"key"`
	Zone                  string         `json:"zone"`
	Series                string         `json:"series"`
	Edition               string         `json:"edition"`
	Kind                  string         `json:"kind"`
	Title                 Title          `json:"title"`
	TitleSource           *SourceRef     `json:"title_source,omitempty"`
	Companions            []Note         `json:"companions,omitempty"`
	Issuers               []Text         `json:"issuers"`
	IssuersSource         *SourceRef     `json:"issuers_source,omitempty"`
	DocumentNumber        *string        `json:"document_number"`
	Dates                 Dates          `json:"dates"`
	Replaces              []EditionLink  `json:"replaces"`
	ReplacedBy            *EditionLink   `json:"replaced_by"`
	Area                  Area           `json:"area"`
	CIIO                  CIIORule       `json:"ciio"`
	OtherLists            OtherLists     `json:"other_lists"`
	CountingRules         []CountingRule `json:"counting_rules,omitempty"`
	ImportantDataTriggers []IDTrigger    `json:"important_data_triggers,omitempty"`
	Figures               []Figure       `json:"figures,omitempty"`
	Notes                 []Note         `json:"notes,omitempty"`
	Sectors               []Sector       `json:"sectors"`
	Coverage              Coverage       `json:"coverage"`
	Sources               []Source       `json:"sources"`
}

// Citation is the key decisions cite the edition by: "ftz-" + Key.
func (l *List) Citation() string { return "ftz-" + l.Key }

// Source returns the source a reference points at, and false if the
// edition has none with that id.
func (l *List) Source(r SourceRef) (*Source, bool) {
	for i := range l.Sources {
		if l.Sources[i].ID == r.Ref {
			return &l.Sources[i], true
		}
	}
	return nil, false
}

// Sector returns the sector with the printed number n, and false if no
// sector of the edition is known by that number.
func (l *List) Sector(n int) (*Sector, bool) {
	for i := range l.Sectors {
		if s := &l.Sectors[i]; s.Number != nil && *s.Number == n {
			return s, true
		}
	}
	return nil, false
}

// Row returns the sector's item with the printed row number n, and false
// if none is encoded.
func (s *Sector) Row(n int) (*Item, bool) {
	for i := range s.Items {
		if it := &s.Items[i]; it.Row != nil && *it.Row == n {
			return it, true
		}
	}
	return nil, false
}

// catalog is the parsed data; built once.
type catalog struct {
	lists []*List
	byKey map[string]*List
	gba   []*GBAContract
	gbaBy map[string]*GBAContract
	gbaSr []Source
}

var load = sync.OnceValues(func() (*catalog, error) { return parse(dataFS) })

func mustLoad() *catalog {
	c, err := load()
	if err != nil {
		// The data is embedded and checked by the package's tests; a
		// failure here is a build defect, not a run-time condition.
		panic("ftz: embedded data: " + err.Error())
	}
	return c
}

func decodeStrict(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	return dec.Decode(v)
}

func parse(fsys fs.FS) (*catalog, error) {
	c := &catalog{byKey: map[string]*List{}, gbaBy: map[string]*GBAContract{}}
	names, err := fs.Glob(fsys, "lists/*.json")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	for _, name := range names {
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		l := new(List)
		if err := decodeStrict(b, l); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		if want := strings.TrimSuffix(path.Base(name), ".json"); l.Key != want {
			return nil, fmt.Errorf("%s: key %q does not match the file name", name, l.Key)
		}
		if _, dup := c.byKey[l.Key]; dup {
			return nil, fmt.Errorf("%s: duplicate key %q", name, l.Key)
		}
		if _, err := time.Parse(time.DateOnly, l.Dates.InForce.Date); err != nil {
			return nil, fmt.Errorf("%s: in_force: %w", name, err)
		}
		c.lists = append(c.lists, l)
		c.byKey[l.Key] = l
	}
	b, err := fs.ReadFile(fsys, "gba/gba.json")
	if err != nil {
		return nil, err
	}
	var g gbaFile
	if err := decodeStrict(b, &g); err != nil {
		return nil, fmt.Errorf("gba/gba.json: %w", err)
	}
	c.gbaSr = g.Sources
	for i := range g.Contracts {
		k := &g.Contracts[i]
		k.sources = g.Sources
		c.gba = append(c.gba, k)
		c.gbaBy[k.Key] = k
	}
	return c, nil
}

// All returns every encoded edition, sorted by key. The slice is the
// caller's; the lists are shared and must not be modified.
func All() []*List {
	c := mustLoad()
	return append([]*List(nil), c.lists...)
}

// ByKey returns the edition with the key (e.g. "shanghai-2024"), and false
// if none is encoded.
func ByKey(key string) (*List, bool) {
	l, ok := mustLoad().byKey[key]
	return l, ok
}
