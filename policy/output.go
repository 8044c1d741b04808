package policy

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sync"
)

// The output schemas are compiled on first use: only tests and careful
// hosts check outputs, and compiling them would slow every instance's
// start-up in WebAssembly.
var (
	decisionSchema = sync.OnceValue(func() *compiledSchema { return mustCompile("decision") })
	errorSchema    = sync.OnceValue(func() *compiledSchema { return mustCompile("error") })
)

// CheckOutput validates an evaluation's output against the decision or
// error schema, whichever its "kind" names. Hosts and tests use it to
// check that what crosses the boundary is what the schemas promise.
func CheckOutput(out []byte) error {
	dec := json.NewDecoder(bytes.NewReader(out))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return err
	}
	m, _ := v.(map[string]any)
	switch m["kind"] {
	case "decision":
		return decisionSchema().schema.Validate(v)
	case "error":
		return errorSchema().schema.Validate(v)
	}
	return fmt.Errorf("output kind %v is neither decision nor error", m["kind"])
}
