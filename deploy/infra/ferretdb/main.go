// Command ferretdb-launcher runs FerretDB v1 (embedded package) with the SQLite
// backend for local development and tests.
//
// Why a launcher: `go install github.com/FerretDB/FerretDB/cmd/ferretdb@v1.24.2`
// builds, but the binary panics at start-up because build/version/version.txt is
// generated and not part of the module zip. The check only runs when the main
// module is github.com/FerretDB/FerretDB, so embedding the public
// github.com/FerretDB/FerretDB/ferretdb package from our own module avoids it.
// The embedded package keeps its state in memory and locks telemetry off.
//
// FerretDB itself listens on an internal loopback port (-internal-addr, a random free
// port by default); the launcher listens on -listen-addr and relays every client
// connection to it, serializing write commands (see proxy.go for why: FerretDB 1.x on
// SQLite does not apply updates atomically, https://github.com/FerretDB/FerretDB/issues/3040).
//
// Usage:
//
//	ferretdb-launcher -listen-addr 127.0.0.1:27027 -sqlite-dir /abs/path/to/data
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	os.Exit(run())
}

func run() int {
	listenAddr := flag.String("listen-addr", "127.0.0.1:27027", "TCP listen address for clients (host:port)")
	internalAddr := flag.String("internal-addr", "127.0.0.1:0",
		"TCP address FerretDB itself listens on; clients go through the write-serializing relay on -listen-addr")
	sqliteDir := flag.String("sqlite-dir", "", "directory for SQLite database files (created if missing; required)")
	logLevel := flag.String("log-level", "info", "log level: debug, info, warn, error")
	flag.Parse()

	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		fmt.Fprintf(os.Stderr, "invalid -log-level %q: %v\n", *logLevel, err)
		return 2
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))
	slog.SetDefault(logger)

	if *sqliteDir == "" {
		fmt.Fprintln(os.Stderr, "-sqlite-dir is required")
		return 2
	}

	dir, err := filepath.Abs(*sqliteDir)
	if err != nil {
		logger.Error("cannot resolve -sqlite-dir", "error", err)
		return 1
	}
	// FerretDB requires the directory to exist and the URL to end with "/".
	if err = os.MkdirAll(dir, 0o755); err != nil {
		logger.Error("cannot create SQLite directory", "dir", dir, "error", err)
		return 1
	}
	// WAL with synchronous=NORMAL: a commit is not fsynced (the WAL is, at checkpoints). Durable when
	// the process dies (the fault drills kill it), not on power loss: right for local tests, and it
	// cuts the cost of every write several times over on slow virtual disks.
	sqliteURL := "file:" + strings.TrimSuffix(dir, "/") + "/?_pragma=synchronous(normal)"

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()

	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: *internalAddr},
		Logger:    logger,
		Handler:   "sqlite",
		SQLiteURL: sqliteURL,
	})
	if err != nil {
		logger.Error("cannot start FerretDB", "error", err)
		return 1
	}
	// FerretDB's listener is bound in New, so its real address (port 0 resolved) is known now.
	u, err := url.Parse(f.MongoDBURI())
	if err != nil {
		logger.Error("cannot determine FerretDB's internal address", "error", err)
		return 1
	}
	backend := u.Host

	// Start FerretDB before opening the public port: readiness checks probe the public port.
	ferretCtx, stopFerret := context.WithCancel(context.Background())
	ferretDone := make(chan error, 1)
	go func() { ferretDone <- f.Run(ferretCtx) }()

	ln, err := net.Listen("tcp", *listenAddr)
	if err != nil {
		logger.Error("cannot listen", "listen", *listenAddr, "error", err)
		stopFerret()
		<-ferretDone
		return 1
	}

	// A second signal while shutting down forces an immediate exit.
	go func() {
		<-ctx.Done()
		stop()
		logger.Info("shutdown requested, closing listener and connections")
		force := make(chan os.Signal, 1)
		signal.Notify(force, syscall.SIGTERM, syscall.SIGINT)
		select {
		case <-force:
			logger.Warn("second signal, exiting immediately")
			os.Exit(1)
		case <-time.After(30 * time.Second):
			logger.Warn("graceful shutdown took longer than 30s, exiting")
			os.Exit(1)
		}
	}()

	logger.Info("FerretDB starting", "listen", *listenAddr, "handler", "sqlite", "sqlite_url", sqliteURL,
		"mongodb_uri", "mongodb://"+*listenAddr+"/",
		"ferretdb_internal", backend, "write_serializing_proxy", true)

	proxyDone := make(chan struct{})
	go func() {
		defer close(proxyDone)
		newProxy(backend, logger).serve(ctx, ln) // returns once ctx is canceled and all relays have ended
	}()

	var ferretErr error
	select {
	case <-ctx.Done():
		<-proxyDone
		stopFerret()
		ferretErr = <-ferretDone
	case ferretErr = <-ferretDone: // FerretDB stopped by itself: stop relaying too
		logger.Error("FerretDB stopped unexpectedly")
		stop()
		<-proxyDone
		stopFerret()
	}
	if ferretErr != nil {
		logger.Error("FerretDB stopped with error", "error", ferretErr)
		return 1
	}

	logger.Info("FerretDB stopped")
	return 0
}
