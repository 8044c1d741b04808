// Package server serves the static checker and an HTTP API over the
// module: POST /v1/evaluate and /v1/validate, GET /v1/info and
// /v1/schemas/{name}. Every answer is JSON; bad input gets the same
// structured errors the module gives.
package server

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"net/http"
	"time"

	"github.com/chujing/chujing/host"
	"github.com/chujing/chujing/policy"
)

// CallTimeout bounds one evaluation; a call past it is interrupted.
const CallTimeout = 5 * time.Second

// New returns a handler serving site at / and the API under /v1/.
func New(e *host.Engine, site fs.FS) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v1/evaluate", func(w http.ResponseWriter, r *http.Request) {
		body, ok := readBody(w, r)
		if !ok {
			return
		}
		ctx, cancel := context.WithTimeout(r.Context(), CallTimeout)
		defer cancel()
		out, err := e.EvaluateJSON(ctx, body)
		if err != nil {
			failure(w, err)
			return
		}
		status := http.StatusOK
		if isError(out) {
			status = http.StatusUnprocessableEntity
		}
		writeJSON(w, status, out)
	})
	mux.HandleFunc("POST /v1/validate", func(w http.ResponseWriter, r *http.Request) {
		body, ok := readBody(w, r)
		if !ok {
			return
		}
		ctx, cancel := context.WithTimeout(r.Context(), CallTimeout)
		defer cancel()
		err := e.Validate(ctx, body)
		var pe *policy.Error
		switch {
		case err == nil:
			writeJSON(w, http.StatusOK, []byte(`{"kind":"valid"}`))
		case errors.As(err, &pe):
			writeJSON(w, http.StatusUnprocessableEntity, policy.ErrorDocJSON(pe.Problems))
		default:
			failure(w, err)
		}
	})
	mux.HandleFunc("GET /v1/info", func(w http.ResponseWriter, r *http.Request) {
		b, err := e.InfoJSON(r.Context())
		if err != nil {
			failure(w, err)
			return
		}
		writeJSON(w, http.StatusOK, b)
	})
	mux.HandleFunc("GET /v1/schemas/{name}", func(w http.ResponseWriter, r *http.Request) {
		b, err := e.Schema(r.Context(), r.PathValue("name"))
		if errors.Is(err, host.ErrNotFound) {
			writeJSON(w, http.StatusNotFound, problemDoc(policy.CodeUnknownReference, "未知的模式："+r.PathValue("name"), "No such schema: "+r.PathValue("name")))
			return
		}
		if err != nil {
			failure(w, err)
			return
		}
		writeJSON(w, http.StatusOK, b)
	})
	mux.HandleFunc("/v1/", func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/v1/evaluate", "/v1/validate":
			w.Header().Set("Allow", "POST")
			writeJSON(w, http.StatusMethodNotAllowed, problemDoc(policy.CodeInvalid, "该接口只接受 POST。", "This endpoint takes POST only."))
		default:
			writeJSON(w, http.StatusNotFound, problemDoc(policy.CodeInvalid, "没有该接口。", "No such endpoint."))
		}
	})
	mux.Handle("/", securityHeaders(http.FileServerFS(site)))
	return mux
}

// readBody reads at most MaxRequestBytes+1 bytes, answering 413 with a
// too_large error beyond that.
func readBody(w http.ResponseWriter, r *http.Request) ([]byte, bool) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, policy.MaxRequestBytes+1))
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) || len(body) > policy.MaxRequestBytes {
		writeJSON(w, http.StatusRequestEntityTooLarge, policy.ErrorDocJSON([]policy.Problem{policy.TooLarge(int(r.ContentLength))}))
		return nil, false
	}
	if err != nil {
		writeJSON(w, http.StatusBadRequest, problemDoc(policy.CodeInvalid, "无法读取请求正文。", "Could not read the request body."))
		return nil, false
	}
	return body, true
}

func failure(w http.ResponseWriter, err error) {
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		writeJSON(w, http.StatusServiceUnavailable, problemDoc(policy.CodeInternal, "评估超时。", "The evaluation timed out."))
		return
	}
	writeJSON(w, http.StatusInternalServerError, problemDoc(policy.CodeInternal, "内部错误。", "Internal error: "+err.Error()))
}

func problemDoc(code, zh, en string) []byte {
	return policy.ErrorDocJSON([]policy.Problem{{Pointer: "", Code: code, Message: policy.Text{ZH: zh, EN: en}}})
}

func isError(b []byte) bool {
	var probe struct {
		Kind string `json:"kind"`
	}
	return json.Unmarshal(b, &probe) == nil && probe.Kind == "error"
}

func writeJSON(w http.ResponseWriter, status int, b []byte) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(b)
}

// securityHeaders adds the page's Content-Security-Policy: no inline
// script, nothing loaded from anywhere but the page's own origin.
func securityHeaders(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.Header().Set("Referrer-Policy", "no-referrer")
		if r.URL.Path == "/chujing.wasm" {
			w.Header().Set("Content-Type", "application/wasm")
		}
		h.ServeHTTP(w, r)
	})
}
