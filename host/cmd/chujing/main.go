// Command chujing checks outbound data transfers against China's rules:
// it evaluates request files, runs case corpora and serves the checker.
package main

import (
	"fmt"
	"os"

	"github.com/chujing/chujing/policy"
	"github.com/chujing/chujing/policy/casefile"
)

func main() {
	if len(os.Args) < 3 || os.Args[1] != "cases" {
		fmt.Fprintln(os.Stderr, "usage: chujing cases DIR")
		os.Exit(2)
	}
	files, err := casefile.Load(os.Args[2])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	r := casefile.Run(files, policy.EvaluateJSON)
	r.Print(os.Stdout, "native")
	if r.Failed > 0 {
		os.Exit(1)
	}
}
