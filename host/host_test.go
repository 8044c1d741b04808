package host_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chujing/chujing/host"
	"github.com/chujing/chujing/policy"
)

var (
	sharedOnce   sync.Once
	sharedEngine *host.Engine
	sharedErr    error
)

// engine returns one engine for the package's tests, compiled once, with
// the compilation cache in the test cache directory.
func engine(t testing.TB) *host.Engine {
	sharedOnce.Do(func() {
		cfg := host.NewConfig()
		if dir, err := os.UserCacheDir(); err == nil {
			cfg = cfg.WithCacheDir(dir + "/chujing/wazero-test")
		}
		sharedEngine, sharedErr = host.New(context.Background(), cfg)
	})
	if sharedErr != nil {
		t.Fatal(sharedErr)
	}
	return sharedEngine
}

func typical(t testing.TB) []byte {
	b, err := os.ReadFile("../testdata/golden/typical-three-transfers.request.json")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestEvaluateMatchesNative(t *testing.T) {
	e := engine(t)
	for _, in := range [][]byte{typical(t), []byte(`{"as_of":"2020-01-01"}`), []byte(`{`), {}} {
		got, err := e.EvaluateJSON(context.Background(), in)
		if err != nil {
			t.Fatal(err)
		}
		if want := policy.EvaluateJSON(in); !bytes.Equal(got, want) {
			t.Errorf("module and native differ for %.60q:\nmodule %.300s\nnative %.300s", in, got, want)
		}
	}
}

func TestTypedErrors(t *testing.T) {
	e := engine(t)
	ctx := context.Background()
	_, err := e.EvaluateBytes(ctx, []byte(`{"as_of":"2026-06-01","processor":{},"transfers":[{"id":"a"},{"id":"a"}]}`))
	var pe *policy.Error
	if !errors.Is(err, host.ErrInvalidRequest) || !errors.As(err, &pe) {
		t.Fatalf("want ErrInvalidRequest wrapping *policy.Error, got %v", err)
	}
	if pe.Problems[0].Code != policy.CodeDuplicateID || pe.Problems[0].Pointer != "/transfers/1/id" {
		t.Errorf("got %+v", pe.Problems)
	}
	if err := e.Validate(ctx, []byte(`{}`)); !errors.Is(err, host.ErrInvalidRequest) {
		t.Errorf("Validate: want ErrInvalidRequest, got %v", err)
	}
	if err := e.Validate(ctx, typical(t)); err != nil {
		t.Errorf("Validate: %v", err)
	}
	if _, err := e.Schema(ctx, "nope"); !errors.Is(err, host.ErrNotFound) {
		t.Errorf("Schema: want ErrNotFound, got %v", err)
	}
	if b, err := e.Schema(ctx, "request"); err != nil || !bytes.Contains(b, []byte(`"$id"`)) {
		t.Errorf("Schema(request): %v %.80s", err, b)
	}
	big := bytes.Repeat([]byte(" "), 20<<20)
	if _, err := e.EvaluateBytes(ctx, big); !errors.As(err, &pe) || pe.Problems[0].Code != policy.CodeTooLarge {
		t.Errorf("20 MiB: want too_large, got %v", err)
	}
	if _, err := e.EvaluateBytes(ctx, append([]byte(`{"as_of":"`), bytes.Repeat([]byte("x"), 2<<20)...)); !errors.As(err, &pe) || pe.Problems[0].Code != policy.CodeTooLarge {
		t.Errorf("2 MiB: want too_large, got %v", err)
	}
}

func TestTypedRequest(t *testing.T) {
	n, s := int64(150000), int64(0)
	req := &policy.Request{AsOf: "2026-06-01", Processor: policy.Processor{CIIO: policy.No},
		Transfers: []policy.Transfer{{ID: "t1", ImportantData: policy.IDNone, PersonalInformation: &policy.Counts{Individuals: &n, SensitiveIndividuals: &s}}}}
	d, err := engine(t).Evaluate(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if d.Route != policy.RouteContractOrCertify {
		t.Errorf("route %s", d.Route)
	}
	unknown := &policy.Request{AsOf: "2026-06-01", Processor: policy.Processor{CIIO: policy.No},
		Transfers: []policy.Transfer{{ID: "t1", ImportantData: policy.IDNone, PersonalInformation: policy.UnknownCounts()}}}
	d, err = engine(t).Evaluate(context.Background(), unknown)
	if err != nil {
		t.Fatal(err)
	}
	if !d.Provisional || d.Route != policy.RouteSecurityAssessment {
		t.Errorf("unknown counts must stay unknown through the typed API: %s provisional=%v", d.Route, d.Provisional)
	}
}

func TestCanceledContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := engine(t).EvaluateJSON(ctx, typical(t)); !errors.Is(err, context.Canceled) {
		t.Fatalf("want context.Canceled, got %v", err)
	}
	// The engine still answers afterwards.
	if _, err := engine(t).EvaluateBytes(context.Background(), typical(t)); err != nil {
		t.Fatal(err)
	}
}

func TestDeadlineInterruptsCall(t *testing.T) {
	// A large request takes long enough for a 1 ms deadline to fire
	// inside the module; the instance is discarded, the next call works.
	var ts []string
	for i := 0; i < 5000; i++ {
		ts = append(ts, fmt.Sprintf(`{"id":"t%d","important_data":"unknown","personal_information":{"individuals":%d}}`, i, i))
	}
	big := []byte(`{"as_of":"2026-06-01","processor":{"ciio":"unknown"},"transfers":[` + strings.Join(ts, ",") + `]}`)
	ctx, cancel := context.WithTimeout(context.Background(), time.Millisecond)
	defer cancel()
	_, err := engine(t).EvaluateJSON(ctx, big)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("want DeadlineExceeded, got %v", err)
	}
	if _, err := engine(t).EvaluateBytes(context.Background(), typical(t)); err != nil {
		t.Fatal(err)
	}
}

func TestClosed(t *testing.T) {
	e, err := host.New(context.Background(), host.NewConfig())
	if err != nil {
		t.Fatal(err)
	}
	e.Close(context.Background())
	if _, err := e.EvaluateJSON(context.Background(), typical(t)); !errors.Is(err, host.ErrClosed) {
		t.Fatalf("want ErrClosed, got %v", err)
	}
}

func TestABIVersionChecked(t *testing.T) {
	// A module that exports abi_version 2.0 and nothing else is refused.
	wasm := []byte{0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
		0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7f, // type: () -> i32
		0x03, 0x02, 0x01, 0x00, // func 0 has type 0
		0x07, 0x0f, 0x01, 0x0b, 'a', 'b', 'i', '_', 'v', 'e', 'r', 's', 'i', 'o', 'n', 0x00, 0x00, // export
		0x0a, 0x08, 0x01, 0x06, 0x00, 0x41, 0x80, 0x80, 0x08, 0x0b, // i32.const 0x20000
	}
	_, err := host.New(context.Background(), host.NewConfig().WithModule(wasm))
	if !errors.Is(err, host.ErrABI) {
		t.Fatalf("want ErrABI, got %v", err)
	}
}
