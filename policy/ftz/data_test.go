package ftz

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/chujing/chujing/schemas"
	"github.com/santhosh-tekuri/jsonschema/v5"
)

func compileListSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	b, ok := schemas.Get("negative-list")
	if !ok {
		t.Fatal("schemas/negative-list.schema.json is not embedded")
	}
	c := jsonschema.NewCompiler()
	c.Draft = jsonschema.Draft2020
	c.AssertFormat = true
	const url = "https://chujing.dev/schemas/negative-list/v1.json"
	if err := c.AddResource(url, bytes.NewReader(b)); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(url)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func listFiles(t *testing.T) []string {
	t.Helper()
	names, err := fs.Glob(dataFS, "lists/*.json")
	if err != nil || len(names) == 0 {
		t.Fatalf("no list files: %v", err)
	}
	return names
}

func TestListsValidateAgainstSchema(t *testing.T) {
	s := compileListSchema(t)
	for _, name := range listFiles(t) {
		b, _ := fs.ReadFile(dataFS, name)
		var v any
		if err := json.Unmarshal(b, &v); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if err := s.Validate(v); err != nil {
			t.Errorf("%s: %#v", name, err)
		}
	}
}

// Every object of the form {"ref", "marking", …} anywhere in a file must
// name one of the file's sources, and every source must be used.
func checkRefs(t *testing.T, name string, doc any, sources map[string]bool) {
	t.Helper()
	used := map[string]bool{}
	var walk func(path string, v any)
	walk = func(path string, v any) {
		switch x := v.(type) {
		case map[string]any:
			if ref, ok := x["ref"].(string); ok {
				if _, hasMarking := x["marking"]; hasMarking {
					used[ref] = true
					if !sources[ref] {
						t.Errorf("%s: %s: source %q is not in the file's sources", name, path, ref)
					}
				}
			}
			for k, e := range x {
				walk(path+"/"+k, e)
			}
		case []any:
			for i, e := range x {
				walk(fmt.Sprintf("%s/%d", path, i), e)
			}
		}
	}
	walk("", doc)
	for id := range sources {
		if !used[id] {
			t.Errorf("%s: source %q is never cited", name, id)
		}
	}
}

func TestEverySourceRefResolves(t *testing.T) {
	for _, name := range append(listFiles(t), "gba/gba.json") {
		b, _ := fs.ReadFile(dataFS, name)
		var doc map[string]any
		if err := json.Unmarshal(b, &doc); err != nil {
			t.Fatal(err)
		}
		sources := map[string]bool{}
		for _, s := range doc["sources"].([]any) {
			id := s.(map[string]any)["id"].(string)
			if sources[id] {
				t.Errorf("%s: duplicate source id %q", name, id)
			}
			sources[id] = true
		}
		checkRefs(t, name, doc, sources)
	}
}

func TestEveryItemAndFigureHasASource(t *testing.T) {
	for _, l := range All() {
		for _, f := range l.Figures {
			if _, ok := l.Source(f.Source); !ok {
				t.Errorf("%s: figure %s=%d has no source", l.Key, f.What, f.Value)
			}
		}
		for _, d := range []*Dated{l.Dates.Signed, l.Dates.Published, &l.Dates.InForce, l.Dates.ValidUntil} {
			if d != nil {
				if _, ok := l.Source(d.Source); !ok {
					t.Errorf("%s: date %s has no source", l.Key, d.Date)
				}
			}
		}
		for _, s := range l.Sectors {
			for _, it := range s.Items {
				src, ok := l.Source(it.Source)
				if !ok || src.Title == "" {
					t.Errorf("%s: item %s has no source", l.Key, it.ID)
				}
				if it.Source.Marking == "" {
					t.Errorf("%s: item %s: source not marked verbatim/inference", l.Key, it.ID)
				}
			}
		}
	}
}

func TestIDsUniqueAndWellFormed(t *testing.T) {
	ids := map[string]string{}
	for _, l := range All() {
		numbers := map[int]bool{}
		keys := map[string]bool{}
		for _, s := range l.Sectors {
			if keys[s.Key] {
				t.Errorf("%s: duplicate sector key %s", l.Key, s.Key)
			}
			keys[s.Key] = true
			if s.Number != nil {
				if numbers[*s.Number] {
					t.Errorf("%s: duplicate sector number %d", l.Key, *s.Number)
				}
				numbers[*s.Number] = true
			}
			rows := map[int]bool{}
			for _, it := range s.Items {
				if prev, dup := ids[it.ID]; dup {
					t.Errorf("item id %s in %s and %s", it.ID, prev, l.Key)
				}
				ids[it.ID] = l.Key
				if !strings.HasPrefix(it.ID, l.Key+"/") {
					t.Errorf("%s: item id %s does not start with the list key", l.Key, it.ID)
				}
				if it.Row != nil {
					if rows[*it.Row] {
						t.Errorf("%s: sector %s: duplicate row %d", l.Key, s.Key, *it.Row)
					}
					rows[*it.Row] = true
				}
			}
			for _, it := range s.Items {
				for _, r := range it.ExcludesRows {
					if !rows[r] {
						t.Errorf("%s: %s excludes row %d, which is not encoded", l.Key, it.ID, r)
					}
				}
			}
		}
	}
}

// end is the first day an edition no longer applies ("" = open-ended).
func end(l *List) string {
	e := ""
	if l.ReplacedBy != nil {
		e = l.ReplacedBy.Date
	}
	if v := l.Dates.ValidUntil; v != nil {
		next := nextDay(v.Date)
		if e == "" || next < e {
			e = next
		}
	}
	return e
}

func TestEditionsOfASeriesNeverOverlap(t *testing.T) {
	series := map[string][]*List{}
	for _, l := range All() {
		series[l.Series] = append(series[l.Series], l)
	}
	for name, ls := range series {
		zone := ls[0].Zone
		sort.Slice(ls, func(i, j int) bool { return ls[i].Dates.InForce.Date < ls[j].Dates.InForce.Date })
		for i, l := range ls {
			if l.Zone != zone {
				t.Errorf("series %s mixes zones %s and %s", name, zone, l.Zone)
			}
			if e := end(l); e != "" && e <= l.Dates.InForce.Date {
				t.Errorf("%s ends (%s) before it starts (%s)", l.Key, e, l.Dates.InForce.Date)
			}
			if i == 0 {
				continue
			}
			prev := ls[i-1]
			if e := end(prev); e == "" || e > l.Dates.InForce.Date {
				t.Errorf("series %s: %s (from %s) overlaps %s (until %q)", name, l.Key, l.Dates.InForce.Date, prev.Key, e)
			}
		}
		for _, l := range ls {
			if r := l.ReplacedBy; r != nil {
				next, ok := ByKey(r.Key)
				if !ok {
					t.Errorf("%s: replaced by unknown edition %s", l.Key, r.Key)
					continue
				}
				if next.Series != l.Series || next.Dates.InForce.Date != r.Date {
					t.Errorf("%s: replaced by %s on %s, but that edition is in series %s from %s", l.Key, r.Key, r.Date, next.Series, next.Dates.InForce.Date)
				}
				found := false
				for _, back := range next.Replaces {
					found = found || (back.Key == l.Key && back.Date == r.Date)
				}
				if !found {
					t.Errorf("%s does not say it replaces %s on %s", next.Key, l.Key, r.Date)
				}
			}
		}
	}
}

// National thresholds of provisions-2024 arts. 7-8, against which a
// list's bands are checked.
const (
	nationalSA          = 1_000_000
	nationalSASensitive = 10_000
	nationalSC          = 100_000
)

func TestThresholdsConsistentWithRoutes(t *testing.T) {
	for _, l := range All() {
		for _, s := range l.Sectors {
			saFloors := map[string]map[int64]bool{}
			for _, it := range s.Items {
				if it.Route != RouteSecurityAssessment {
					continue
				}
				for _, th := range it.Thresholds {
					if saFloors[th.PI] == nil {
						saFloors[th.PI] = map[int64]bool{}
					}
					if th.AtLeast != nil {
						saFloors[th.PI][*th.AtLeast] = true
					}
				}
			}
			for _, it := range s.Items {
				where := l.Key + " " + it.ID
				switch {
				case l.Kind == KindPositive && it.Route != RouteNone:
					t.Errorf("%s: a positive list's item must have route none", where)
				case l.Kind == KindNegative && it.Route == RouteNone:
					t.Errorf("%s: a negative list's item needs a procedure", where)
				}
				if it.Category == CategoryImportantData {
					if it.Route != RouteSecurityAssessment {
						t.Errorf("%s: important data must go to security assessment", where)
					}
					for _, th := range it.Thresholds {
						if th.PI != CountPersons {
							t.Errorf("%s: important data with a PI threshold", where)
						}
					}
					continue
				}
				if it.Category == CategoryPersonalInformation && it.Thresholds != nil && len(it.Thresholds) == 0 {
					t.Errorf("%s: a PI row without a volume condition", where)
				}
				for _, th := range it.Thresholds {
					if th.AtLeast != nil && th.Below != nil && *th.AtLeast >= *th.Below {
						t.Errorf("%s: empty band [%d, %d)", where, *th.AtLeast, *th.Below)
					}
					switch it.Route {
					case RouteSecurityAssessment:
						floor := int64(nationalSA)
						if th.PI == CountSensitive {
							floor = nationalSASensitive
						}
						if th.Below != nil || th.AtLeast == nil || *th.AtLeast < floor {
							t.Errorf("%s: assessment band %q starts below the national threshold %d", where, th.Printed, floor)
						}
					case RouteContractOrCertify:
						if th.Below == nil {
							t.Errorf("%s: contract band %q has no upper bound", where, th.Printed)
						} else if !saFloors[th.PI][*th.Below] {
							t.Errorf("%s: contract band %q ends at %d, where no assessment row of the sector begins", where, th.Printed, *th.Below)
						}
						if th.PI == CountNonSensitive && (th.AtLeast == nil || *th.AtLeast < nationalSC) {
							t.Errorf("%s: non-sensitive contract band %q starts below 100,000", where, th.Printed)
						}
					}
				}
			}
		}
	}
}

func TestCoverageIsHonest(t *testing.T) {
	for _, l := range All() {
		if l.Coverage.Status == CoveragePartial && len(l.Coverage.Missing) == 0 {
			t.Errorf("%s: partial coverage must say what is missing", l.Key)
		}
		for _, s := range l.Sectors {
			if s.Coverage.Status == CoveragePartial && len(s.Coverage.Missing) == 0 {
				t.Errorf("%s/%s: partial coverage must say what is missing", l.Key, s.Key)
			}
			if s.Coverage.Status == CoverageComplete {
				if s.Number == nil {
					t.Errorf("%s/%s: complete sector without a printed number", l.Key, s.Key)
				}
				for _, it := range s.Items {
					if it.Row == nil || it.Thresholds == nil || it.Scenarios == nil || it.Subcategory == nil {
						t.Errorf("%s: %s is incomplete in a complete sector", l.Key, it.ID)
					}
				}
			}
			if s.Coverage.Status != CoverageComplete && l.Coverage.Status == CoverageComplete {
				t.Errorf("%s: complete list with a partial sector %s", l.Key, s.Key)
			}
		}
	}
}

func TestExpectedEditions(t *testing.T) {
	want := []string{"beijing-2024", "beijing-2025", "chongqing-2025", "fujian-2025", "guangxi-2025", "hainan-2024", "jiangsu-2025", "lingang-biomed-2024", "lingang-fund-2024", "lingang-icv-2024", "shanghai-2024", "shanghai-2025", "tianjin-2024", "zhejiang-2024"}
	var got []string
	for _, l := range All() {
		got = append(got, l.Key)
	}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("editions = %v, want %v", got, want)
	}
	rows := func(key string) (n int) {
		l, _ := ByKey(key)
		for _, s := range l.Sectors {
			n += len(s.Items)
		}
		return n
	}
	for key, n := range map[string]int{"shanghai-2024": 27, "zhejiang-2024": 14, "beijing-2024": 10, "chongqing-2025": 4} {
		if got := rows(key); got != n {
			t.Errorf("%s: %d rows encoded, want %d", key, got, n)
		}
	}
}

func TestGBAData(t *testing.T) {
	hk, ok := GBAByKey("gba-hk-2023")
	if !ok {
		t.Fatal("gba-hk-2023 missing")
	}
	mo, ok := GBAByKey("gba-macao-2024")
	if !ok {
		t.Fatal("gba-macao-2024 missing")
	}
	for _, g := range []*GBAContract{hk, mo} {
		if len(g.MainlandCities) != 9 {
			t.Errorf("%s: %d cities, want 9", g.Key, len(g.MainlandCities))
		}
		if !g.ImportantData.Excluded || !g.OnwardTransfer.Barred || g.Filing.WorkingDays != 10 || g.Volume.Status != "open_question" {
			t.Errorf("%s: conditions %+v %+v %d %s", g.Key, g.ImportantData.Excluded, g.OnwardTransfer.Barred, g.Filing.WorkingDays, g.Volume.Status)
		}
		for _, r := range append(append([]SourceRef{g.Signed.Source, g.AvailableFrom.Source, g.MainlandCitiesSource, g.ImportantData.Source}, g.Filing.Sources...), g.Volume.Sources...) {
			if _, ok := g.Source(r); !ok {
				t.Errorf("%s: source %q unresolved", g.Key, r.Ref)
			}
		}
	}
	if hk.AvailableFrom.Date != "2023-12-13" || mo.AvailableFrom.Date != "2024-09-10" {
		t.Errorf("dates: %s %s", hk.AvailableFrom.Date, mo.AvailableFrom.Date)
	}
	if g, ok := GBAForRegion(RegionMacao); !ok || g != mo {
		t.Error("GBAForRegion(macao)")
	}
	if _, ok := GBAForRegion("other"); ok {
		t.Error("GBAForRegion(other) found a contract")
	}
}

// nextDay returns the day after an ISO date.
func nextDay(d string) string {
	t, err := time.Parse(time.DateOnly, d)
	if err != nil {
		return d
	}
	return t.AddDate(0, 0, 1).Format(time.DateOnly)
}
