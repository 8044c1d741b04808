package policy

import (
	"encoding/json"
	"strconv"
)

// requestFromTree builds a Request from a parsed document that the schema
// has accepted, without a second parse or reflection. Fields the schema
// allows but this reader does not know would be lost, so a test round-trips
// every corpus request through it and encoding/json and compares.
func requestFromTree(tree any) *Request {
	root := obj(tree)
	req := &Request{Version: str(root["version"]), AsOf: str(root["as_of"])}
	p := obj(root["processor"])
	req.Processor = Processor{
		Name:               str(p["name"]),
		CIIO:               str(p["ciio"]),
		FTZ:                strPtr(p["ftz"]),
		City:               strPtr(p["city"]),
		HandlesIndividuals: intPtr(p["handles_individuals"]),
		ExportedThisYear:   counts(p["exported_this_year"]),
		OtherLists:         strs(p["other_lists"]),
	}
	if fs, ok := p["filings"].([]any); ok {
		req.Processor.Filings = make([]Filing, 0, len(fs))
		for _, f := range fs {
			req.Processor.Filings = append(req.Processor.Filings, filing(obj(f)))
		}
	}
	if ts, ok := root["transfers"].([]any); ok {
		req.Transfers = make([]Transfer, 0, len(ts))
		for _, t := range ts {
			req.Transfers = append(req.Transfers, transfer(obj(t)))
		}
	}
	return req
}

func transfer(m map[string]any) Transfer {
	t := Transfer{
		ID:                  str(m["id"]),
		Name:                str(m["name"]),
		Scenario:            str(m["scenario"]),
		ImportantData:       str(m["important_data"]),
		PersonalInformation: counts(m["personal_information"]),
		CollectedAbroad:     str(m["collected_abroad"]),
		DataCategories:      strs(m["data_categories"]),
		Purpose:             str(m["purpose"]),
		Filing:              strPtr(m["filing"]),
	}
	if r, ok := m["recipient"].(map[string]any); ok {
		t.Recipient = &Recipient{Name: str(r["name"]), Region: strPtr(r["region"]), Country: str(r["country"]), Type: str(r["type"])}
	}
	if z, ok := m["zone_list"].(map[string]any); ok {
		zl := &ZoneList{List: str(z["list"]), Scenario: strPtr(z["scenario"]), Fields: strs(z["fields"]), StatedRoute: strPtr(z["stated_route"])}
		if n := intPtr(z["sector"]); n != nil {
			s := int(*n)
			zl.Sector = &s
		}
		if rows, ok := z["rows"].([]any); ok {
			zl.Rows = []int{}
			for _, r := range rows {
				zl.Rows = append(zl.Rows, int(integer(r)))
			}
		}
		t.ZoneList = zl
	}
	return t
}

func filing(m map[string]any) Filing {
	f := Filing{ID: str(m["id"]), Kind: str(m["kind"]), Date: str(m["date"]), Filed: strPtr(m["filed"]), ValidUntil: strPtr(m["valid_until"])}
	if d, ok := m["declared"].(map[string]any); ok {
		f.Declared = &Declaration{Submitted: str(d["submitted"]), Accepted: str(d["accepted"])}
	}
	if s, ok := m["scope"].(map[string]any); ok {
		f.Scope = &Scope{Recipients: strs(s["recipients"]), DataCategories: strs(s["data_categories"]),
			Individuals: intPtr(s["individuals"]), SensitiveIndividuals: intPtr(s["sensitive_individuals"]), Purpose: str(s["purpose"])}
	}
	return f
}

// counts reads a counts object, telling a null count (unknown) from one
// left out.
func counts(v any) *Counts {
	m, ok := v.(map[string]any)
	if !ok {
		return nil
	}
	c := &Counts{}
	if x, present := m["individuals"]; present {
		if c.Individuals = intPtr(x); c.Individuals == nil {
			c.nullIndividuals = true
		}
	}
	if x, present := m["sensitive_individuals"]; present {
		if c.SensitiveIndividuals = intPtr(x); c.SensitiveIndividuals == nil {
			c.nullSensitive = true
		}
	}
	return c
}

func obj(v any) map[string]any { m, _ := v.(map[string]any); return m }
func arr(v any) []any          { a, _ := v.([]any); return a }
func str(v any) string         { s, _ := v.(string); return s }

func strPtr(v any) *string {
	s, ok := v.(string)
	if !ok {
		return nil
	}
	return &s
}

func strs(v any) []string {
	a, ok := v.([]any)
	if !ok {
		return nil
	}
	out := make([]string, 0, len(a))
	for _, x := range a {
		out = append(out, str(x))
	}
	return out
}

func integer(v any) int64 {
	n, _ := v.(json.Number)
	i, _ := strconv.ParseInt(string(n), 10, 64)
	return i
}

func intPtr(v any) *int64 {
	if _, ok := v.(json.Number); !ok {
		return nil
	}
	i := integer(v)
	return &i
}
