// Package host runs chujing's WebAssembly module in any Go program through
// wazero: it compiles the module once, keeps a pool of instances so that
// concurrent callers never share one, and returns typed decisions and
// errors. It holds no rules of its own: every answer comes from the module.
package host

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"runtime"
	"sync"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/imports/wasi_snapshot_preview1"

	"github.com/chujing/chujing/policy"
	"github.com/chujing/chujing/web"
)

// Sentinel errors; test for them with errors.Is.
var (
	// ErrInvalidRequest: the module rejected the request. The error also
	// wraps a *policy.Error with every problem (errors.As).
	ErrInvalidRequest = errors.New("chujing: invalid request")
	// ErrClosed: the engine was closed.
	ErrClosed = errors.New("chujing: engine closed")
	// ErrABI: the module's ABI major version is not one this host knows.
	ErrABI = errors.New("chujing: incompatible module ABI")
	// ErrModule: the module trapped or broke the ABI. The instance is
	// discarded and the next call gets a fresh one.
	ErrModule = errors.New("chujing: module failure")
	// ErrNotFound: the module has no such schema.
	ErrNotFound = errors.New("chujing: not found")
)

// ABIMajor is the module ABI major version this host speaks.
const ABIMajor = 1

// maxInput is the largest input the module's alloc accepts; larger input
// is refused by the host with the same too_large problem the module gives.
const maxInput = 16 << 20

// Config is the engine's configuration. It is immutable: each With method
// returns a changed copy.
type Config struct {
	module      []byte
	cacheDir    string
	poolSize    int
	noInterrupt bool
}

// NewConfig returns the default configuration: the embedded module, no
// compilation cache, a pool of GOMAXPROCS instances.
func NewConfig() Config { return Config{} }

// WithModule uses the given module bytes instead of the embedded one.
func (c Config) WithModule(wasm []byte) Config { c.module = wasm; return c }

// WithCacheDir keeps wazero's compilation cache in dir, so that a second
// process compiles the module in milliseconds.
func (c Config) WithCacheDir(dir string) Config { c.cacheDir = dir; return c }

// WithPoolSize sets the most instances alive at once (default GOMAXPROCS).
func (c Config) WithPoolSize(n int) Config { c.poolSize = n; return c }

// WithoutInterrupts compiles the module without the checks that let a
// context's deadline or cancellation stop a call already running. Calls
// then run about three times faster (BENCHMARKS.md) and a done context is
// still honoured before each call, but a running call finishes. The
// module's work is bounded by its 1 MiB input limit.
func (c Config) WithoutInterrupts() Config { c.noInterrupt = true; return c }

// Engine evaluates requests through the module. It is safe for concurrent
// use; Close releases it.
type Engine struct {
	rt       wazero.Runtime
	compiled wazero.CompiledModule
	cache    wazero.CompilationCache
	slots    chan struct{}
	idle     chan *instance
	mu       sync.Mutex
	closed   bool
	infoMu   sync.Mutex
	info     policy.Info
	infoJSON []byte
}

// New compiles the module and checks its ABI version. It returns ErrABI
// for a module this host cannot speak to, or the compile error.
func New(ctx context.Context, cfg Config) (*Engine, error) {
	wasm := cfg.module
	if wasm == nil {
		wasm = web.Module()
	}
	size := cfg.poolSize
	if size <= 0 {
		size = runtime.GOMAXPROCS(0)
	}
	rc := wazero.NewRuntimeConfig().WithCloseOnContextDone(!cfg.noInterrupt)
	e := &Engine{slots: make(chan struct{}, size), idle: make(chan *instance, size)}
	if cfg.cacheDir != "" {
		cache, err := wazero.NewCompilationCacheWithDir(cfg.cacheDir)
		if err != nil {
			return nil, err
		}
		e.cache = cache
		rc = rc.WithCompilationCache(cache)
	}
	e.rt = wazero.NewRuntimeWithConfig(ctx, rc)
	if _, err := wasi_snapshot_preview1.Instantiate(ctx, e.rt); err != nil {
		e.Close(ctx)
		return nil, err
	}
	compiled, err := e.rt.CompileModule(ctx, wasm)
	if err != nil {
		e.Close(ctx)
		return nil, fmt.Errorf("chujing: compile module: %w", err)
	}
	e.compiled = compiled
	// One instance now: it checks the ABI version and warms the pool.
	if _, err := e.call(ctx, func(*instance) ([]byte, error) { return []byte("{}"), nil }); err != nil {
		e.Close(ctx)
		return nil, err
	}
	return e, nil
}

// Info returns what the module carries: version, ABI, rule sets,
// calendar years, zone lists. The first call asks the module (which then
// loads its zone lists) and keeps the answer. It returns ErrModule,
// ErrClosed, or the context's error.
func (e *Engine) Info(ctx context.Context) (policy.Info, error) {
	e.infoMu.Lock()
	defer e.infoMu.Unlock()
	if e.infoJSON != nil {
		return e.info, nil
	}
	b, err := e.call(ctx, func(in *instance) ([]byte, error) { return in.info(ctx) })
	if err != nil {
		return policy.Info{}, err
	}
	if err := json.Unmarshal(b, &e.info); err != nil {
		return policy.Info{}, fmt.Errorf("%w: info: %v", ErrModule, err)
	}
	e.infoJSON = b
	return e.info, nil
}

// InfoJSON returns the module's info document as it is.
func (e *Engine) InfoJSON(ctx context.Context) ([]byte, error) {
	if _, err := e.Info(ctx); err != nil {
		return nil, err
	}
	return e.infoJSON, nil
}

// Evaluate evaluates a typed request. It returns the decision, or an
// error matching ErrInvalidRequest (with a *policy.Error), ErrModule,
// ErrClosed, or the context's error.
func (e *Engine) Evaluate(ctx context.Context, req *policy.Request) (*policy.Decision, error) {
	b, err := marshalRequest(req)
	if err != nil {
		return nil, err
	}
	return e.EvaluateBytes(ctx, b)
}

// EvaluateBytes evaluates a request document. It returns what Evaluate
// returns.
func (e *Engine) EvaluateBytes(ctx context.Context, request []byte) (*policy.Decision, error) {
	out, err := e.EvaluateJSON(ctx, request)
	if err != nil {
		return nil, err
	}
	return parseDecision(out)
}

// EvaluateJSON returns the module's output for a request document as it
// is: decision or error JSON, the same bytes on every host. Its error is
// only for failures of the host: ErrModule, ErrClosed, or the context's.
func (e *Engine) EvaluateJSON(ctx context.Context, request []byte) ([]byte, error) {
	if len(request) > maxInput {
		return tooLarge(len(request)), nil
	}
	return e.call(ctx, func(in *instance) ([]byte, error) { return in.invoke(ctx, "evaluate", request) })
}

// Validate checks a request document without evaluating it. It returns
// nil, or an error matching ErrInvalidRequest, ErrModule, ErrClosed, or
// the context's error.
func (e *Engine) Validate(ctx context.Context, request []byte) error {
	if len(request) > maxInput {
		return fmt.Errorf("%w: %w", ErrInvalidRequest, &policy.Error{Problems: []policy.Problem{tooLargeProblem(len(request))}})
	}
	out, err := e.call(ctx, func(in *instance) ([]byte, error) { return in.invoke(ctx, "validate", request) })
	if err != nil {
		return err
	}
	var doc struct {
		Kind   string           `json:"kind"`
		Errors []policy.Problem `json:"errors"`
	}
	if err := json.Unmarshal(out, &doc); err != nil {
		return fmt.Errorf("%w: %v", ErrModule, err)
	}
	if doc.Kind == "valid" {
		return nil
	}
	return fmt.Errorf("%w: %w", ErrInvalidRequest, &policy.Error{Problems: doc.Errors})
}

// Schema returns the embedded JSON Schema with the short name ("request",
// "decision", "error", …). It returns ErrNotFound for an unknown name,
// ErrModule, ErrClosed, or the context's error.
func (e *Engine) Schema(ctx context.Context, name string) ([]byte, error) {
	out, err := e.call(ctx, func(in *instance) ([]byte, error) { return in.invoke(ctx, "schema", []byte(name)) })
	if err != nil {
		return nil, err
	}
	var probe struct {
		Kind string `json:"kind"`
	}
	if json.Unmarshal(out, &probe) == nil && probe.Kind == "error" {
		return nil, fmt.Errorf("%w: schema %q", ErrNotFound, name)
	}
	return out, nil
}

// ICS evaluates a request and returns its deadlines as an iCalendar
// (RFC 5545) file. It returns what EvaluateBytes returns.
func (e *Engine) ICS(ctx context.Context, request []byte) ([]byte, error) {
	if len(request) > maxInput {
		return nil, fmt.Errorf("%w: %w", ErrInvalidRequest, &policy.Error{Problems: []policy.Problem{tooLargeProblem(len(request))}})
	}
	out, err := e.call(ctx, func(in *instance) ([]byte, error) { return in.invoke(ctx, "ics", request) })
	if err != nil {
		return nil, err
	}
	var doc struct {
		Kind   string           `json:"kind"`
		ICS    string           `json:"ics"`
		Errors []policy.Problem `json:"errors"`
	}
	if err := json.Unmarshal(out, &doc); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrModule, err)
	}
	if doc.Kind == "error" {
		return nil, fmt.Errorf("%w: %w", ErrInvalidRequest, &policy.Error{Problems: doc.Errors})
	}
	return []byte(doc.ICS), nil
}

// Close releases the runtime and every instance. Calls after Close return
// ErrClosed.
func (e *Engine) Close(ctx context.Context) error {
	e.mu.Lock()
	if e.closed {
		e.mu.Unlock()
		return nil
	}
	e.closed = true
	e.mu.Unlock()
	err := e.rt.Close(ctx)
	if e.cache != nil {
		e.cache.Close(ctx)
	}
	return err
}

func (e *Engine) isClosed() bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.closed
}

// call runs f on an instance of its own: an idle one or a new one, within
// the pool's size. An instance whose call failed is closed, never reused.
func (e *Engine) call(ctx context.Context, f func(*instance) ([]byte, error)) ([]byte, error) {
	if e.isClosed() {
		return nil, ErrClosed
	}
	select {
	case e.slots <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	defer func() { <-e.slots }()
	var in *instance
	select {
	case in = <-e.idle:
	default:
		var err error
		if in, err = e.instantiate(ctx); err != nil {
			return nil, err
		}
	}
	out, err := f(in)
	if err != nil {
		in.close(context.Background())
		if e.isClosed() {
			return nil, ErrClosed
		}
		if ctx.Err() != nil {
			return nil, fmt.Errorf("chujing: call interrupted: %w", ctx.Err())
		}
		return nil, err
	}
	select {
	case e.idle <- in:
	default:
		in.close(context.Background())
	}
	return out, nil
}

func tooLargeProblem(n int) policy.Problem { return policy.TooLarge(n) }

func tooLarge(n int) []byte { return policy.ErrorDocJSON([]policy.Problem{policy.TooLarge(n)}) }
