package policy

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v5"

	"github.com/chujing/chujing/policy/calendar"
	"github.com/chujing/chujing/schemas"
)

// TestDeadlinesMatchDecisionSchema validates every kind of output of
// computeDeadlines against the matching $defs of schemas/decision.schema.json.
func TestDeadlinesMatchDecisionSchema(t *testing.T) {
	raw, ok := schemas.Get("decision")
	if !ok {
		t.Fatal("no decision schema")
	}
	c := jsonschema.NewCompiler()
	c.Draft = jsonschema.Draft2020
	c.AssertFormat = true
	if err := c.AddResource("decision.json", bytes.NewReader(raw)); err != nil {
		t.Fatal(err)
	}
	compile := func(def string) *jsonschema.Schema {
		s, err := c.Compile("decision.json#/$defs/" + def)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	deadline, noDeadline, change, note := compile("deadline"), compile("no_deadline"), compile("scope_change"), compile("note")

	req := &Request{
		Processor: Processor{Filings: []Filing{
			{ID: "s1", Kind: "standard_contract", Date: "2026-02-12", Filed: sp("2026-03-05"), Scope: &Scope{Recipients: []string{"A"}, Purpose: "p"}},
			{ID: "s2", Kind: "standard_contract", Date: "2026-12-24"},
			{ID: "g1", Kind: "gba_contract", Date: "2026-09-29"},
			{ID: "a0", Kind: "security_assessment", Date: "2023-06-14"},
			{ID: "a1", Kind: "security_assessment", Date: "2024-06-14", ValidUntil: sp("2026-12-31"),
				Declared: &Declaration{Submitted: "2026-09-29", Accepted: "2026-10-14"},
				Scope:    &Scope{DataCategories: []string{"x"}, Individuals: ip(10), SensitiveIndividuals: ip(1)}},
			{ID: "c1", Kind: "certification", Date: "2026-01-05", ValidUntil: sp("2026-10-31"), Scope: &Scope{Recipients: []string{"A"}}},
		}},
		Transfers: []Transfer{
			{ID: "t1", Filing: sp("s1"), Recipient: &Recipient{Name: "B"}, Purpose: "q"},
			{ID: "t2", Filing: sp("a1"), DataCategories: []string{"y"}, PersonalInformation: &Counts{Individuals: ip(11), SensitiveIndividuals: ip(2)}},
			{ID: "t3", Filing: sp("a0")},
			{ID: "t4", Filing: sp("c1")},
			{ID: "t5", Filing: sp("g1"), Recipient: &Recipient{Name: "M", Region: sp("macao")}},
		},
	}
	ds, nd, ch, notes := computeDeadlines(req, calendar.Date(2026, 11, 23), nil)
	if len(ds) == 0 || len(nd) == 0 || len(ch) == 0 || len(notes) == 0 {
		t.Fatalf("want every kind of output; got %d %d %d %d", len(ds), len(nd), len(ch), len(notes))
	}
	check := func(s *jsonschema.Schema, v any) {
		t.Helper()
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		var doc any
		if err := json.Unmarshal(b, &doc); err != nil {
			t.Fatal(err)
		}
		if err := s.Validate(doc); err != nil {
			t.Errorf("%s: %v", b, err)
		}
	}
	kinds := map[string]bool{}
	for _, d := range ds {
		kinds[d.Kind] = true
		check(deadline, d)
	}
	if len(kinds) != 8 {
		t.Errorf("only kinds %v exercised", kinds)
	}
	for _, m := range nd {
		check(noDeadline, m)
	}
	for _, x := range ch {
		check(change, x)
	}
	for _, n := range notes {
		check(note, n)
	}
}
