package host

import (
	"errors"
	"fmt"

	json "github.com/goccy/go-json"

	"github.com/chujing/chujing/policy"
)

// The Go SDK decodes the module's output with goccy/go-json: about five
// times faster than encoding/json on a typical decision (BENCHMARKS.md,
// "JSON library"). The module itself keeps encoding/json, which is a
// megabyte of gzip smaller there.

// parseDecision reads the module's output: the decision, or an error
// matching ErrInvalidRequest that wraps a *policy.Error.
func parseDecision(out []byte) (*policy.Decision, error) {
	var probe struct {
		Kind   string           `json:"kind"`
		Errors []policy.Problem `json:"errors"`
	}
	if err := json.Unmarshal(out, &probe); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrModule, err)
	}
	if probe.Kind == "error" {
		return nil, fmt.Errorf("%w: %w", ErrInvalidRequest, &policy.Error{Problems: probe.Errors})
	}
	var d policy.Decision
	if err := json.Unmarshal(out, &d); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrModule, err)
	}
	return &d, nil
}

// marshalRequest encodes a typed request for the module.
func marshalRequest(req *policy.Request) ([]byte, error) {
	b, err := json.Marshal(req)
	if err != nil {
		return nil, errors.Join(ErrInvalidRequest, err)
	}
	return b, nil
}
