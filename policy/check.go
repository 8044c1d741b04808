package policy

import (
	"fmt"
	"time"
)

const dateLayout = "2006-01-02"

// earliestRuleDate is the first day chujing has rules for.
func earliestRuleDate() string { return rules.RuleSets[0].InForce }

// checkRequest finds what a schema cannot say: ids used twice, references
// to nothing, and dates outside every rule set.
func checkRequest(req *Request) []Problem {
	var out []Problem
	if req.AsOf < earliestRuleDate() {
		out = append(out, problem("/as_of", CodeDateOutOfRange, req.AsOf, earliestRuleDate()))
	}
	seen := map[string]string{}
	for i, t := range req.Transfers {
		ptr := fmt.Sprintf("/transfers/%d/id", i)
		if first, dup := seen[t.ID]; dup {
			out = append(out, problem(ptr, CodeDuplicateID, t.ID, first))
			continue
		}
		seen[t.ID] = ptr
	}
	filings := map[string]string{}
	for i, f := range req.Processor.Filings {
		ptr := fmt.Sprintf("/processor/filings/%d/id", i)
		if first, dup := filings[f.ID]; dup {
			out = append(out, problem(ptr, CodeDuplicateID, f.ID, first))
			continue
		}
		filings[f.ID] = ptr
	}
	for i, t := range req.Transfers {
		if t.Filing != nil {
			if _, ok := filings[*t.Filing]; !ok {
				out = append(out, problem(fmt.Sprintf("/transfers/%d/filing", i), CodeUnknownReference, *t.Filing))
			}
		}
	}
	return out
}

func parseDate(s string) (time.Time, error) {
	return time.Parse(dateLayout, s)
}
