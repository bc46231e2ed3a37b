// Command pulumi-language-nodejs is a Node.js language host for the Pulumi engine on machines that
// cannot download Pulumi's own. The Go module proxy serves the CLI (pkg/v3) and the SDK (sdk/v3), but
// refuses the module of Pulumi's Node.js language host (sdk/nodejs/cmd/pulumi-language-nodejs), and
// the last sdk/v3 release that carried it (v3.68.0) cannot run policy packs. This host is written for
// tenant-tiers against sdk/v3: it serves the LanguageRuntime protocol and starts the programs and
// policy packs with the Node.js runtime that @pulumi/pulumi itself ships (cmd/run and
// cmd/run-policy-pack), so everything from the engine to the program is Pulumi's own code.
//
// What it does not do (nothing in tenant-tiers needs it): install dependencies, generate code, pack
// or link packages, attach debuggers, run Bun.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/common/util/cmdutil"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
)

// version is set at build time to the @pulumi/pulumi version the host was built for.
var version = "dev"

func main() {
	tracing := flag.String("tracing", "", "tracing endpoint (accepted for compatibility; not used)")
	runtimeName := flag.String("runtime", "nodejs", "the JavaScript runtime; only nodejs is supported")
	showVersion := flag.Bool("version", false, "print the version and exit")
	flag.Parse()
	_ = tracing

	if *showVersion {
		fmt.Println(version)
		return
	}
	if *runtimeName != "nodejs" {
		cmdutil.Exit(fmt.Errorf("runtime %q is not supported by this language host: use nodejs", *runtimeName))
	}

	engineAddress := flag.Arg(0)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()

	cancel := make(chan bool)
	go func() {
		<-ctx.Done()
		close(cancel)
	}()
	if engineAddress != "" {
		// Stop when the engine goes away, like every plugin.
		if err := rpcutil.Healthcheck(ctx, engineAddress, 5*time.Minute, stop); err != nil {
			cmdutil.Exit(fmt.Errorf("could not start the health check: %w", err))
		}
	}

	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Cancel: cancel,
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(srv, newHost(ctx, engineAddress))
			return nil
		},
	})
	if err != nil {
		cmdutil.Exit(fmt.Errorf("could not start the language host: %w", err))
	}
	// The engine reads the port from the first line of stdout.
	fmt.Printf("%d\n", handle.Port)
	if err := <-handle.Done; err != nil {
		cmdutil.Exit(fmt.Errorf("the language host stopped serving: %w", err))
	}
}
