package policy_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/chujing/chujing/policy"
	"github.com/chujing/chujing/policy/casefile"
)

// corpusDirs are the case corpora every test run covers: the project's own,
// the shared one, and any named in CHUJING_CASES.
func corpusDirs() []string {
	dirs := []string{"../testdata"}
	if _, err := os.Stat("../../shared/cases"); err == nil {
		dirs = append(dirs, "../../shared/cases")
	}
	if d := os.Getenv("CHUJING_CASES"); d != "" {
		dirs = append(dirs, d)
	}
	return dirs
}

func loadCorpus(t testing.TB) []casefile.File {
	var all []casefile.File
	for _, d := range corpusDirs() {
		files, err := casefile.Load(d)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, files...)
	}
	return all
}

func TestCorpus(t *testing.T) {
	files := loadCorpus(t)
	r := casefile.Run(files, policy.EvaluateJSON)
	var buf bytes.Buffer
	r.Print(&buf, "native")
	t.Log(buf.String())
	if r.Failed > 0 || r.Passed == 0 {
		t.Fatal(buf.String())
	}
}

// TestDecisionsMatchSchema validates every output of the corpus against
// the decision or error schema.
func TestDecisionsMatchSchema(t *testing.T) {
	r := casefile.Run(loadCorpus(t), policy.EvaluateJSON)
	for i, out := range r.Outputs {
		if err := policy.CheckOutput(out); err != nil {
			t.Errorf("output %d: %v\n%.400s", i, err, out)
		}
	}
}

// TestEveryRuleIsExercised fails when a rule id in data/rules.json fires
// in no case of the corpora.
func TestEveryRuleIsExercised(t *testing.T) {
	fired := map[string]bool{}
	for _, out := range casefile.Run(loadCorpus(t), policy.EvaluateJSON).Outputs {
		d, err := policy.ParseDecision(out)
		if err != nil {
			continue
		}
		for _, r := range d.Reasons {
			fired[r.Rule] = true
		}
	}
	var never []string
	for _, r := range policy.Rules().Rules {
		if !fired[r.ID] {
			never = append(never, r.ID)
		}
	}
	sort.Strings(never)
	if len(never) > 0 {
		t.Errorf("rules no case exercises: %v", never)
	}
}

// TestGolden compares full decisions with reviewed files in
// testdata/golden. They are never rewritten by the tests: a changed
// decision fails until a person reviews and replaces the file.
func TestGolden(t *testing.T) {
	reqs, _ := filepath.Glob("../testdata/golden/*.request.json")
	if len(reqs) == 0 {
		t.Fatal("no golden files")
	}
	for _, req := range reqs {
		name := filepath.Base(req[:len(req)-len(".request.json")])
		t.Run(name, func(t *testing.T) {
			in, err := os.ReadFile(req)
			if err != nil {
				t.Fatal(err)
			}
			want, err := os.ReadFile(filepath.Join("../testdata/golden", name+".decision.json"))
			if err != nil {
				t.Fatal(err)
			}
			var got bytes.Buffer
			if err := json.Indent(&got, policy.EvaluateJSON(in), "", "  "); err != nil {
				t.Fatal(err)
			}
			got.WriteByte('\n')
			if !bytes.Equal(got.Bytes(), want) {
				t.Errorf("decision differs from testdata/golden/%s.decision.json; got:\n%s", name, got.String())
			}
		})
	}
}

func TestDeterministic(t *testing.T) {
	files := loadCorpus(t)
	a := casefile.Run(files, policy.EvaluateJSON).Outputs
	b := casefile.Run(files, policy.EvaluateJSON).Outputs
	for i := range a {
		if !bytes.Equal(a[i], b[i]) {
			t.Fatalf("output %d differs between runs", i)
		}
	}
}
