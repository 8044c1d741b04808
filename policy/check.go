package policy

import (
	"fmt"
	"time"

	"github.com/chujing/chujing/policy/ftz"
)

const dateLayout = "2006-01-02"

// earliestRuleDate is the first day chujing has rules for.
func earliestRuleDate() string { return rules.RuleSets[0].InForce }

// refs are the facts of a request that a schema cannot check: its date,
// its ids and the references between them. They are read from the parsed
// tree (so that these problems are reported with schema problems) or from
// a typed request.
type refs struct {
	asOf      string
	transfers []string  // transfer ids, in order
	filings   []string  // filing ids, in order
	uses      []*string // per transfer, the filing it names or nil
	lists     []*string // per transfer, the zone list it names or nil
	other     []string  // other zones' lists the processor applies
}

func refsOfRequest(req *Request) refs {
	r := refs{asOf: req.AsOf}
	for _, t := range req.Transfers {
		r.transfers = append(r.transfers, t.ID)
		r.uses = append(r.uses, t.Filing)
		var list *string
		if t.ZoneList != nil {
			list = &t.ZoneList.List
		}
		r.lists = append(r.lists, list)
	}
	r.other = req.Processor.OtherLists
	for _, f := range req.Processor.Filings {
		r.filings = append(r.filings, f.ID)
	}
	return r
}

func refsOfTree(tree any) refs {
	root, _ := tree.(map[string]any)
	r := refs{}
	r.asOf, _ = root["as_of"].(string)
	ts, _ := root["transfers"].([]any)
	for _, t := range ts {
		m, _ := t.(map[string]any)
		id, _ := m["id"].(string)
		r.transfers = append(r.transfers, id)
		f, ok := m["filing"].(string)
		if ok {
			r.uses = append(r.uses, &f)
		} else {
			r.uses = append(r.uses, nil)
		}
		zl, _ := m["zone_list"].(map[string]any)
		if l, ok := zl["list"].(string); ok {
			r.lists = append(r.lists, &l)
		} else {
			r.lists = append(r.lists, nil)
		}
	}
	p, _ := root["processor"].(map[string]any)
	others, _ := p["other_lists"].([]any)
	for _, o := range others {
		s, _ := o.(string)
		r.other = append(r.other, s)
	}
	fs, _ := p["filings"].([]any)
	for _, f := range fs {
		m, _ := f.(map[string]any)
		id, _ := m["id"].(string)
		r.filings = append(r.filings, id)
	}
	return r
}

// check finds ids used twice, references to nothing, and dates outside
// every rule set.
func (r refs) check() []Problem {
	var out []Problem
	if _, err := parseDate(r.asOf); err == nil && r.asOf < earliestRuleDate() {
		out = append(out, problem("/as_of", CodeDateOutOfRange, r.asOf, earliestRuleDate()))
	}
	out = append(out, duplicates(r.transfers, "/transfers/%d/id")...)
	out = append(out, duplicates(r.filings, "/processor/filings/%d/id")...)
	known := map[string]bool{}
	for _, id := range r.filings {
		known[id] = true
	}
	for i, f := range r.uses {
		if f != nil && !known[*f] {
			out = append(out, problem(fmt.Sprintf("/transfers/%d/filing", i), CodeUnknownReference, *f))
		}
	}
	for i, l := range r.lists {
		if l != nil && *l != "" {
			if _, ok := ftz.ByKey(*l); !ok {
				out = append(out, problem(fmt.Sprintf("/transfers/%d/zone_list/list", i), CodeUnknownReference, *l))
			}
		}
	}
	for i, l := range r.other {
		if _, ok := ftz.ByKey(l); !ok && l != "" {
			out = append(out, problem(fmt.Sprintf("/processor/other_lists/%d", i), CodeUnknownReference, l))
		}
	}
	return out
}

func duplicates(ids []string, format string) []Problem {
	var out []Problem
	seen := map[string]string{}
	for i, id := range ids {
		if id == "" {
			continue
		}
		ptr := fmt.Sprintf(format, i)
		if first, dup := seen[id]; dup {
			out = append(out, problem(ptr, CodeDuplicateID, id, first))
			continue
		}
		seen[id] = ptr
	}
	return out
}

// checkRequest checks a typed request's ids, references and date.
func checkRequest(req *Request) []Problem { return refsOfRequest(req).check() }

func parseDate(s string) (time.Time, error) {
	return time.Parse(dateLayout, s)
}
