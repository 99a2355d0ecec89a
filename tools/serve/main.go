// Command serve builds the app's WebAssembly and serves the app (page,
// scripts, wasm, built-in model) on a local address, or writes it as a
// folder for any static host.
//
//	go run ./tools/serve                 # http://127.0.0.1:8080/
//	go run ./tools/serve -addr :9000
//	go run ./tools/serve -build dist     # static folder, any sub-path
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "address to serve on")
	build := flag.String("build", "", "write a static site to this folder instead of serving")
	models := flag.String("models", "", "models folder to serve (default: the repository's models/)")
	flag.Parse()
	if err := run(*addr, *build, *models); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run(addr, build, models string) error {
	ctx := context.Background()
	wd, err := os.Getwd()
	if err != nil {
		return err
	}
	root, err := FindRoot(wd)
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "gpt2-serve-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	site, err := Prepare(ctx, root, tmp)
	if err != nil {
		return err
	}
	if models != "" {
		site.Models = models
	}
	if info, err := os.Stat(site.Wasm); err == nil {
		gz, _ := site.compressed(site.Wasm, info) // also warms the cache
		log.Printf("built gpt2.wasm: %d bytes, %d gzipped", info.Size(), len(gz))
	}
	if build != "" {
		if err := site.WriteStatic(build); err != nil {
			return err
		}
		fmt.Printf("wrote the static site to %s\n", build)
		return nil
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	fmt.Printf("serving the app at http://%s/\n", ln.Addr())
	return http.Serve(ln, site)
}
