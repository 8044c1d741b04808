package host_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/chujing/chujing/host"
	"github.com/chujing/chujing/policy"
)

// cacheDir keeps wazero's compiled module between runs, so that New takes
// milliseconds after the first time.
var cacheDir = filepath.Join(os.TempDir(), "chujing-example-cache")

func ExampleEngine_EvaluateBytes() {
	ctx := context.Background()
	e, err := host.New(ctx, host.NewConfig().WithCacheDir(cacheDir))
	if err != nil {
		panic(err)
	}
	defer e.Close(ctx)
	d, err := e.EvaluateBytes(ctx, []byte(`{"as_of":"2026-06-01","processor":{"ciio":"no"},
		"transfers":[{"id":"crm","important_data":"none","personal_information":{"individuals":150000}}]}`))
	if err != nil {
		panic(err)
	}
	fmt.Println(d.Route, d.Transfers[0].Basis)
	// Output: standard_contract_or_certification [provisions-2024 art.8 cert-measures-2025 art.5]
}

func ExampleEngine_EvaluateBytes_invalid() {
	ctx := context.Background()
	e, err := host.New(ctx, host.NewConfig().WithCacheDir(cacheDir))
	if err != nil {
		panic(err)
	}
	defer e.Close(ctx)
	_, err = e.EvaluateBytes(ctx, []byte(`{"as_of":"2026-06-01","processor":{"ciio":"maybe"},"transfers":[]}`))
	var pe *policy.Error
	if errors.Is(err, host.ErrInvalidRequest) && errors.As(err, &pe) {
		for _, p := range pe.Problems {
			fmt.Println(p.Pointer, p.Code, p.Message.EN)
		}
	}
	// Output: /processor/ciio enum Critical information infrastructure operator must be one of: yes, no, unknown.
}

func ExampleEngine_Evaluate() {
	ctx := context.Background()
	e, err := host.New(ctx, host.NewConfig().WithCacheDir(cacheDir).WithPoolSize(1))
	if err != nil {
		panic(err)
	}
	defer e.Close(ctx)
	req := &policy.Request{
		AsOf:      "2026-06-01",
		Processor: policy.Processor{CIIO: policy.Unknown},
		Transfers: []policy.Transfer{{ID: "hr", Scenario: policy.ScenarioHR, ImportantData: policy.IDNone,
			PersonalInformation: policy.NewCounts(5000, 200)}},
	}
	d, err := e.Evaluate(ctx, req)
	if err != nil {
		panic(err)
	}
	fmt.Println(d.Route, d.Provisional)
	// Output: none false
}
