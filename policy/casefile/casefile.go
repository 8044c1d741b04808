// Package casefile reads the case corpus format of ../shared/cases (YAML
// files of plain facts and expectations), turns each case into a request,
// and checks a decision against the case's expectations. The same corpus
// runs natively, through the WASM module and in the browser.
package casefile

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

// File is one case file: a section named after the articles it tests, and
// its cases.
type File struct {
	Path    string `yaml:"-"`
	Section string `yaml:"section"`
	Cases   []Case `yaml:"cases"`
}

// Case is one scenario in plain facts, independent of the request schema.
type Case struct {
	Name      string     `yaml:"name"`
	AsOf      string     `yaml:"as_of"`
	Processor Processor  `yaml:"processor"`
	Transfers []Transfer `yaml:"transfers"`
	Expect    Expect     `yaml:"expect"`
}

// Processor holds the processor's facts; missing keys take the corpus
// defaults (ciio no, nothing exported, no filings).
type Processor struct {
	CIIO               *string  `yaml:"ciio"`
	FTZ                *string  `yaml:"ftz"`
	City               *string  `yaml:"city"`
	HandlesIndividuals *int64   `yaml:"handles_individuals"`
	ExportedThisYear   *Counts  `yaml:"exported_this_year"`
	Filings            []Filing `yaml:"filings"`
	OtherLists         []string `yaml:"other_lists"`
}

// Counts are individuals, non-sensitive and sensitive.
type Counts struct {
	Individuals          Count `yaml:"individuals"`
	SensitiveIndividuals Count `yaml:"sensitive_individuals"`
}

// Count is a number of individuals as a case gives it: left out (the
// corpus default, 0), null (unknown), or a number.
type Count struct {
	given, null bool
	n           int64
}

// UnmarshalYAML reads counts, telling null (unknown) from a number;
// yaml.v3 never hands a null to a field's own unmarshaler, so the mapping
// is read here.
func (c *Counts) UnmarshalYAML(v *yaml.Node) error {
	if v.Kind != yaml.MappingNode {
		return fmt.Errorf("line %d: counts must be a mapping", v.Line)
	}
	for i := 0; i+1 < len(v.Content); i += 2 {
		var dst *Count
		switch key := v.Content[i].Value; key {
		case "individuals":
			dst = &c.Individuals
		case "sensitive_individuals":
			dst = &c.SensitiveIndividuals
		default:
			return fmt.Errorf("line %d: unknown count %q", v.Content[i].Line, key)
		}
		dst.given = true
		if val := v.Content[i+1]; val.ShortTag() == "!!null" {
			dst.null = true
		} else if err := val.Decode(&dst.n); err != nil {
			return err
		}
	}
	return nil
}

// value is the count for a request: nil (JSON null) where unknown.
func (c Count) value() any {
	if c.null {
		return nil
	}
	return c.n
}

// Transfer holds one transfer's facts; missing keys take the corpus
// defaults (scenario other, no important data, no PI).
type Transfer struct {
	ID                  string         `yaml:"id"`
	Scenario            *string        `yaml:"scenario"`
	ImportantData       *string        `yaml:"important_data"`
	PersonalInformation *Counts        `yaml:"personal_information"`
	CollectedAbroad     yaml.Node      `yaml:"collected_abroad"`
	ZoneList            map[string]any `yaml:"zone_list"`
	RecipientRegion     *string        `yaml:"recipient_region"`
	Recipient           map[string]any `yaml:"recipient"`
	DataCategories      []string       `yaml:"data_categories"`
	Purpose             *string        `yaml:"purpose"`
	Filing              *string        `yaml:"filing"`
}

// Filing is an approval or filing the processor holds.
type Filing struct {
	ID         string         `yaml:"id"`
	Kind       string         `yaml:"kind"`
	Date       string         `yaml:"date"`
	Filed      *string        `yaml:"filed"`
	ValidUntil *string        `yaml:"valid_until"`
	Declared   map[string]any `yaml:"declared"`
	Scope      map[string]any `yaml:"scope"`
}

// Expect holds what the decision must show; absent keys are not checked.
type Expect struct {
	Route        *string           `yaml:"route"`
	Transfers    map[string]string `yaml:"transfers"`
	Basis        []string          `yaml:"basis"`
	Provisional  *bool             `yaml:"provisional"`
	Missing      *[]string         `yaml:"missing"`
	Obligations  []string          `yaml:"obligations"`
	Deadlines    []DeadlineExpect  `yaml:"deadlines"`
	NoDeadline   []DeadlineExpect  `yaml:"no_deadline"`
	ScopeChanges []ScopeExpect     `yaml:"scope_changes"`
	Error        *string           `yaml:"error"`
}

// DeadlineExpect is one deadline a decision must hold.
type DeadlineExpect struct {
	Filing string `yaml:"filing"`
	Kind   string `yaml:"kind"`
	Date   string `yaml:"date"`
	Status string `yaml:"status"`
}

// ScopeExpect is one scope change a decision must flag.
type ScopeExpect struct {
	Transfer string `yaml:"transfer"`
	Filing   string `yaml:"filing"`
	Change   string `yaml:"change"`
}

// Load reads every *.yaml file under dir, sorted by path.
func Load(dir string) ([]File, error) {
	var paths []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(p, ".yaml") {
			paths = append(paths, p)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.Strings(paths)
	var files []File
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		var f File
		dec := yaml.NewDecoder(bytes.NewReader(b))
		dec.KnownFields(true)
		if err := dec.Decode(&f); err != nil {
			return nil, fmt.Errorf("%s: %w", p, err)
		}
		f.Path = p
		files = append(files, f)
	}
	return files, nil
}

// Request turns a case into a request document (JSON), applying the
// corpus defaults explicitly so that nothing is left to the engine's.
func (c *Case) Request() ([]byte, error) {
	p := map[string]any{"ciio": orDefault(c.Processor.CIIO, "no")}
	if c.Processor.FTZ != nil {
		p["ftz"] = *c.Processor.FTZ
	}
	if c.Processor.City != nil {
		p["city"] = *c.Processor.City
	}
	if c.Processor.HandlesIndividuals != nil {
		p["handles_individuals"] = *c.Processor.HandlesIndividuals
	}
	p["exported_this_year"] = counts(c.Processor.ExportedThisYear)
	if len(c.Processor.Filings) > 0 {
		var fs []map[string]any
		for _, f := range c.Processor.Filings {
			m := map[string]any{"id": f.ID, "kind": f.Kind, "date": f.Date}
			if f.Filed != nil {
				m["filed"] = *f.Filed
			}
			if f.ValidUntil != nil {
				m["valid_until"] = *f.ValidUntil
			}
			if f.Declared != nil {
				m["declared"] = f.Declared
			}
			if f.Scope != nil {
				m["scope"] = f.Scope
			}
			fs = append(fs, m)
		}
		p["filings"] = fs
	}
	if len(c.Processor.OtherLists) > 0 {
		p["other_lists"] = c.Processor.OtherLists
	}
	transfers := []map[string]any{}
	for _, t := range c.Transfers {
		m := map[string]any{
			"id":                   t.ID,
			"scenario":             orDefault(t.Scenario, "other"),
			"important_data":       orDefault(t.ImportantData, "none"),
			"personal_information": counts(t.PersonalInformation),
		}
		abroad, err := tristate(&t.CollectedAbroad)
		if err != nil {
			return nil, fmt.Errorf("transfer %s: collected_abroad: %w", t.ID, err)
		}
		m["collected_abroad"] = abroad
		if t.ZoneList != nil {
			m["zone_list"] = t.ZoneList
		}
		recipient := map[string]any{}
		for k, v := range t.Recipient {
			recipient[k] = v
		}
		if t.RecipientRegion != nil {
			recipient["region"] = *t.RecipientRegion
		}
		if len(recipient) > 0 {
			m["recipient"] = recipient
		}
		if len(t.DataCategories) > 0 {
			m["data_categories"] = t.DataCategories
		}
		if t.Purpose != nil {
			m["purpose"] = *t.Purpose
		}
		if t.Filing != nil {
			m["filing"] = *t.Filing
		}
		transfers = append(transfers, m)
	}
	return json.Marshal(map[string]any{"as_of": c.AsOf, "processor": p, "transfers": transfers})
}

func orDefault(s *string, def string) string {
	if s == nil {
		return def
	}
	return *s
}

func counts(c *Counts) map[string]any {
	out := map[string]any{"individuals": int64(0), "sensitive_individuals": int64(0)}
	if c == nil {
		return out
	}
	if c.Individuals.given {
		out["individuals"] = c.Individuals.value()
	}
	if c.SensitiveIndividuals.given {
		out["sensitive_individuals"] = c.SensitiveIndividuals.value()
	}
	return out
}

// tristate reads collected_abroad: true/false, or yes/no/unknown.
func tristate(n *yaml.Node) (string, error) {
	if n.Kind == 0 {
		return "no", nil
	}
	switch n.Value {
	case "true", "yes":
		return "yes", nil
	case "false", "no":
		return "no", nil
	case "unknown":
		return "unknown", nil
	}
	return "", fmt.Errorf("want true, false or unknown, got %q", n.Value)
}
