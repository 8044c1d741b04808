package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/chujing/chujing/host"
	"github.com/chujing/chujing/host/server"
	"github.com/chujing/chujing/policy"
)

func newServer(t *testing.T) *httptest.Server {
	t.Helper()
	cfg := host.NewConfig()
	if dir, err := os.UserCacheDir(); err == nil {
		cfg = cfg.WithCacheDir(dir + "/chujing/wazero-test")
	}
	e, err := host.New(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close(context.Background()) })
	site := fstest.MapFS{"index.html": {Data: []byte("<!doctype html><title>chujing</title>")}}
	s := httptest.NewServer(server.New(e, site))
	t.Cleanup(s.Close)
	return s
}

func TestServer(t *testing.T) {
	s := newServer(t)
	typical, _ := os.ReadFile("../../testdata/golden/typical-three-transfers.request.json")
	tests := []struct {
		name, method, path string
		body               []byte
		status             int
		want               string
	}{
		{"evaluate", "POST", "/v1/evaluate", typical, 200, `"route":"standard_contract_or_certification"`},
		{"evaluate bad JSON", "POST", "/v1/evaluate", []byte(`{"as_of":`), 422, `"code":"syntax"`},
		{"evaluate empty", "POST", "/v1/evaluate", nil, 422, `"code":"empty"`},
		{"evaluate too large", "POST", "/v1/evaluate", bytes.Repeat([]byte(" "), policy.MaxRequestBytes+10), 413, `"code":"too_large"`},
		{"evaluate by GET", "GET", "/v1/evaluate", nil, 405, `"kind":"error"`},
		{"validate ok", "POST", "/v1/validate", typical, 200, `{"kind":"valid"}`},
		{"validate bad", "POST", "/v1/validate", []byte(`{}`), 422, `"code":"required"`},
		{"info", "GET", "/v1/info", nil, 200, `"rule_sets"`},
		{"schema", "GET", "/v1/schemas/decision", nil, 200, `"$id"`},
		{"unknown schema", "GET", "/v1/schemas/nope", nil, 404, `"code":"unknown_reference"`},
		{"unknown endpoint", "GET", "/v1/nothing", nil, 404, `"kind":"error"`},
		{"page", "GET", "/", nil, 200, "<title>chujing</title>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest(tt.method, s.URL+tt.path, bytes.NewReader(tt.body))
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			body, _ := io.ReadAll(res.Body)
			if res.StatusCode != tt.status {
				t.Fatalf("status %d, want %d: %.300s", res.StatusCode, tt.status, body)
			}
			if !strings.Contains(string(body), tt.want) {
				t.Errorf("body lacks %q: %.300s", tt.want, body)
			}
			if strings.HasPrefix(tt.path, "/v1/") && !json.Valid(body) {
				t.Errorf("not JSON: %.200s", body)
			}
		})
	}
}

func TestPageHeaders(t *testing.T) {
	s := newServer(t)
	res, err := http.Get(s.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	csp := res.Header.Get("Content-Security-Policy")
	for _, want := range []string{"default-src 'self'", "script-src 'self' 'wasm-unsafe-eval'", "object-src 'none'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("CSP %q lacks %q", csp, want)
		}
	}
	if strings.Contains(csp, "unsafe-inline") {
		t.Errorf("CSP allows inline code: %q", csp)
	}
}
