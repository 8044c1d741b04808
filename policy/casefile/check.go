package casefile

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/chujing/chujing/policy"
)

// Evaluator turns request JSON into decision or error JSON; the native
// engine and every host are evaluators.
type Evaluator func(request []byte) []byte

// Failure is one case that did not meet its expectations.
type Failure struct {
	File     string
	Case     string
	Problems []string
}

// Result is the outcome of running cases.
type Result struct {
	Passed   int
	Failed   int
	Failures []Failure
	// Outputs holds every case's output, in order, to compare runners.
	Outputs [][]byte
}

// Run evaluates every case of the files and checks it.
func Run(files []File, eval Evaluator) Result {
	var r Result
	for _, f := range files {
		for i := range f.Cases {
			c := &f.Cases[i]
			req, err := c.Request()
			var problems []string
			var out []byte
			if err != nil {
				problems = []string{err.Error()}
			} else {
				out = eval(req)
				problems = Check(c, out)
			}
			r.Outputs = append(r.Outputs, out)
			if len(problems) == 0 {
				r.Passed++
				continue
			}
			r.Failed++
			r.Failures = append(r.Failures, Failure{File: f.Path, Case: c.Name, Problems: problems})
		}
	}
	return r
}

// Print writes the summary line "N passed, M failed" and then each failure
// by file and case name.
func (r Result) Print(w io.Writer, runner string) {
	prefix := ""
	if runner != "" {
		prefix = runner + ": "
	}
	fmt.Fprintf(w, "%s%d passed, %d failed\n", prefix, r.Passed, r.Failed)
	for _, f := range r.Failures {
		fmt.Fprintf(w, "FAIL %s: %s\n", f.File, f.Case)
		for _, p := range f.Problems {
			fmt.Fprintf(w, "    %s\n", p)
		}
	}
}

// Check compares an evaluator's output with a case's expectations and
// returns what differs.
func Check(c *Case, out []byte) []string {
	e := &c.Expect
	d, err := policy.ParseDecision(out)
	if err != nil {
		if pe, ok := err.(*policy.Error); ok && e.Error != nil {
			for _, p := range pe.Problems {
				if p.Code == *e.Error {
					return nil
				}
			}
			return []string{fmt.Sprintf("error %q expected, got %v", *e.Error, pe)}
		}
		return []string{"no decision: " + err.Error()}
	}
	if e.Error != nil {
		return []string{fmt.Sprintf("error %q expected, got a decision", *e.Error)}
	}
	var bad []string
	if e.Route != nil && d.Route != *e.Route {
		bad = append(bad, fmt.Sprintf("route: want %s, got %s", *e.Route, d.Route))
	}
	for id, want := range e.Transfers {
		got := "(no such transfer)"
		for _, t := range d.Transfers {
			if t.ID == id {
				got = t.Route
			}
		}
		if got != want {
			bad = append(bad, fmt.Sprintf("transfer %s: want %s, got %s", id, want, got))
		}
	}
	cites := citations(d)
	for _, b := range e.Basis {
		if !cites[b] {
			bad = append(bad, fmt.Sprintf("basis %q missing (decision cites %s)", b, keys(cites)))
		}
	}
	if e.Provisional != nil && d.Provisional != *e.Provisional {
		bad = append(bad, fmt.Sprintf("provisional: want %v, got %v", *e.Provisional, d.Provisional))
	}
	if e.Missing != nil {
		got := map[string]bool{}
		for _, m := range d.Missing {
			got[m.Field] = true
		}
		for _, m := range *e.Missing {
			if !got[m] {
				bad = append(bad, fmt.Sprintf("missing fact %q not asked (asked: %s)", m, keys(got)))
			}
		}
		if len(*e.Missing) == 0 && len(d.Missing) > 0 {
			bad = append(bad, fmt.Sprintf("no missing facts expected, got %s", keys(got)))
		}
	}
	obligations := map[string]bool{}
	for _, o := range d.Obligations {
		obligations[o.ID] = true
	}
	for _, o := range e.Obligations {
		if !obligations[o] {
			bad = append(bad, fmt.Sprintf("obligation %q missing (has %s)", o, keys(obligations)))
		}
	}
	for _, want := range e.Deadlines {
		found := false
		for _, got := range d.Deadlines {
			if got.Filing == want.Filing && got.Kind == want.Kind {
				found = true
				if got.Date != want.Date {
					bad = append(bad, fmt.Sprintf("deadline %s/%s: want %s, got %s", want.Filing, want.Kind, want.Date, got.Date))
				}
				if want.Status != "" && got.Status != want.Status {
					bad = append(bad, fmt.Sprintf("deadline %s/%s status: want %s, got %s", want.Filing, want.Kind, want.Status, got.Status))
				}
			}
		}
		if !found {
			bad = append(bad, fmt.Sprintf("deadline %s/%s missing", want.Filing, want.Kind))
		}
	}
	for _, want := range e.NoDeadline {
		found := false
		for _, got := range d.NoDeadline {
			found = found || got.Filing == want.Filing && got.Kind == want.Kind
		}
		for _, got := range d.Deadlines {
			if got.Filing == want.Filing && got.Kind == want.Kind {
				bad = append(bad, fmt.Sprintf("deadline %s/%s should not be computed, got %s", want.Filing, want.Kind, got.Date))
			}
		}
		if !found {
			bad = append(bad, fmt.Sprintf("no_deadline %s/%s not reported", want.Filing, want.Kind))
		}
	}
	for _, want := range e.ScopeChanges {
		found := false
		for _, got := range d.ScopeChanges {
			found = found || got.Transfer == want.Transfer && got.Filing == want.Filing && got.Change == want.Change
		}
		if !found {
			bad = append(bad, fmt.Sprintf("scope change %s/%s/%s not flagged", want.Transfer, want.Filing, want.Change))
		}
	}
	return bad
}

// citations collects every citation key a decision shows.
func citations(d *policy.Decision) map[string]bool {
	c := map[string]bool{}
	for _, r := range d.Reasons {
		c[r.Citation] = true
	}
	for _, t := range d.Transfers {
		for _, b := range t.Basis {
			c[b] = true
		}
	}
	for _, n := range d.Notes {
		for _, k := range n.Citations {
			c[k] = true
		}
	}
	for _, z := range d.Zones {
		c[z.Key] = true
	}
	return c
}

func keys(m map[string]bool) string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	if len(ks) == 0 {
		return "nothing"
	}
	sort.Strings(ks)
	return strings.Join(ks, ", ")
}
