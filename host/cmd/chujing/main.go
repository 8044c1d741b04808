// Command chujing checks outbound data transfers against China's rules
// through the chujing WebAssembly module.
//
//	chujing check [--lang zh|en] [--json|--ics] [FILE|-]
//	chujing serve [--addr 127.0.0.1:8080]
//	chujing cases DIR
//	chujing schema NAME
//	chujing version
//
// Exit codes: 0 decided (or done), 1 invalid request or failing cases,
// 2 usage or internal error.
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/chujing/chujing/host"
	"github.com/chujing/chujing/host/report"
	"github.com/chujing/chujing/host/server"
	"github.com/chujing/chujing/policy"
	"github.com/chujing/chujing/policy/casefile"
	"github.com/chujing/chujing/web"
)

const usage = `usage:
  chujing check [--lang zh|en] [--json|--ics] [FILE|-]
                                                   evaluate a request and print the decision
                                                   (--ics: its deadlines as an iCalendar file)
  chujing serve [--addr 127.0.0.1:8080]            serve the checker and POST /v1/evaluate
  chujing cases DIR                                run a case corpus natively and through the module
  chujing schema NAME                              print an embedded JSON Schema
  chujing version                                  print the module's version and rule sets

exit codes: 0 decided, 1 invalid request or failing cases, 2 usage or internal error
`

// Exit codes.
const (
	exitOK      = 0
	exitInvalid = 1
	exitUsage   = 2
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	ctx := context.Background()
	switch args[0] {
	case "check":
		return check(ctx, args[1:], stdin, stdout, stderr)
	case "serve":
		return serve(ctx, args[1:], stdout, stderr)
	case "cases":
		return cases(ctx, args[1:], stdout, stderr)
	case "schema":
		if len(args) != 2 {
			fmt.Fprint(stderr, usage)
			return exitUsage
		}
		return withEngine(ctx, stderr, func(e *host.Engine) int {
			b, err := e.Schema(ctx, args[1])
			if err != nil {
				fmt.Fprintln(stderr, err)
				return exitUsage
			}
			stdout.Write(append(b, '\n'))
			return exitOK
		})
	case "version":
		return withEngine(ctx, stderr, func(e *host.Engine) int {
			info, err := e.Info(ctx)
			if err != nil {
				fmt.Fprintln(stderr, err)
				return exitUsage
			}
			fmt.Fprintf(stdout, "chujing %s (module ABI %d.%d)\n", info.Version, info.ABI.Major, info.ABI.Minor)
			for _, rs := range info.RuleSets {
				until := "-"
				if rs.Until != nil {
					until = *rs.Until
				}
				fmt.Fprintf(stdout, "  %-16s %s to %s\n", rs.ID, rs.InForce, until)
			}
			return exitOK
		})
	case "-h", "--help", "help":
		fmt.Fprint(stdout, usage)
		return exitOK
	}
	fmt.Fprint(stderr, usage)
	return exitUsage
}

// newEngine compiles the module, keeping wazero's compilation cache in the
// user's cache directory so that later runs start in milliseconds.
func newEngine(ctx context.Context) (*host.Engine, error) {
	cfg := host.NewConfig()
	if dir, err := os.UserCacheDir(); err == nil {
		cfg = cfg.WithCacheDir(filepath.Join(dir, "chujing", "wazero"))
	}
	return host.New(ctx, cfg)
}

func withEngine(ctx context.Context, stderr io.Writer, f func(*host.Engine) int) int {
	e, err := newEngine(ctx)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return exitUsage
	}
	defer e.Close(ctx)
	return f(e)
}

func check(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	fs.SetOutput(stderr)
	lang := fs.String("lang", "en", "report language: zh or en")
	asJSON := fs.Bool("json", false, "print the decision or error document as JSON")
	asICS := fs.Bool("ics", false, "print the decision's deadlines as an iCalendar (RFC 5545) file")
	if err := fs.Parse(args); err != nil || fs.NArg() > 1 || (*lang != "zh" && *lang != "en") {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	var in []byte
	var err error
	if name := fs.Arg(0); name == "" || name == "-" {
		in, err = io.ReadAll(io.LimitReader(stdin, 64<<20))
	} else {
		in, err = os.ReadFile(name)
	}
	if err != nil {
		fmt.Fprintln(stderr, err)
		return exitUsage
	}
	return withEngine(ctx, stderr, func(e *host.Engine) int {
		if *asICS {
			cal, err := e.ICS(ctx, in)
			var pe *policy.Error
			if errors.As(err, &pe) {
				report.Problems(stderr, pe.Problems, report.Lang(*lang))
				return exitInvalid
			}
			if err != nil {
				fmt.Fprintln(stderr, err)
				return exitUsage
			}
			stdout.Write(cal)
			return exitOK
		}
		out, err := e.EvaluateJSON(ctx, in)
		if err != nil {
			fmt.Fprintln(stderr, err)
			return exitUsage
		}
		d, derr := policy.ParseDecision(out)
		var pe *policy.Error
		invalid := errors.As(derr, &pe)
		if derr != nil && !invalid {
			fmt.Fprintln(stderr, derr)
			return exitUsage
		}
		switch {
		case *asJSON:
			stdout.Write(append(out, '\n'))
		case invalid:
			report.Problems(stdout, pe.Problems, report.Lang(*lang))
		default:
			report.Decision(stdout, d, report.Lang(*lang))
		}
		if invalid {
			return exitInvalid
		}
		return exitOK
	})
}

func serve(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on")
	if err := fs.Parse(args); err != nil || fs.NArg() > 0 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	return withEngine(ctx, stderr, func(e *host.Engine) int {
		srv := &http.Server{
			Addr:              *addr,
			Handler:           server.New(e, web.Site()),
			ReadHeaderTimeout: 5 * time.Second,
			ReadTimeout:       15 * time.Second,
			WriteTimeout:      30 * time.Second,
			IdleTimeout:       60 * time.Second,
			MaxHeaderBytes:    64 << 10,
		}
		fmt.Fprintf(stdout, "chujing: serving the checker on http://%s\n", *addr)
		if err := srv.ListenAndServe(); err != nil {
			fmt.Fprintln(stderr, err)
			return exitUsage
		}
		return exitOK
	})
}

// cases runs a corpus natively and through the module, prints one summary
// line per runner, and checks that both gave the same bytes.
func cases(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) != 1 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	files, err := casefile.Load(args[0])
	if err != nil {
		fmt.Fprintln(stderr, err)
		return exitUsage
	}
	native := casefile.Run(files, policy.EvaluateJSON)
	native.Print(stdout, "native")
	return withEngine(ctx, stderr, func(e *host.Engine) int {
		var callErr error
		wasm := casefile.Run(files, func(req []byte) []byte {
			out, err := e.EvaluateJSON(ctx, req)
			if err != nil && callErr == nil {
				callErr = err
			}
			return out
		})
		wasm.Print(stdout, "wazero")
		if callErr != nil {
			fmt.Fprintln(stderr, callErr)
			return exitUsage
		}
		differ := 0
		for i := range native.Outputs {
			if !bytes.Equal(native.Outputs[i], wasm.Outputs[i]) {
				differ++
			}
		}
		fmt.Fprintf(stdout, "native and wazero outputs: %d identical, %d differ\n", len(native.Outputs)-differ, differ)
		if native.Failed > 0 || wasm.Failed > 0 || differ > 0 {
			return exitInvalid
		}
		return exitOK
	})
}
