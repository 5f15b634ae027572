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
// Usage:
//
//	ferretdb-launcher -listen-addr 127.0.0.1:27027 -sqlite-dir /abs/path/to/data
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	listenAddr := flag.String("listen-addr", "127.0.0.1:27027", "TCP listen address (host:port)")
	sqliteDir := flag.String("sqlite-dir", "", "directory for SQLite database files (created if missing; required)")
	logLevel := flag.String("log-level", "info", "log level: debug, info, warn, error")
	flag.Parse()

	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		fmt.Fprintf(os.Stderr, "invalid -log-level %q: %v\n", *logLevel, err)
		os.Exit(2)
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))
	slog.SetDefault(logger)

	if *sqliteDir == "" {
		fmt.Fprintln(os.Stderr, "-sqlite-dir is required")
		os.Exit(2)
	}

	dir, err := filepath.Abs(*sqliteDir)
	if err != nil {
		logger.Error("cannot resolve -sqlite-dir", "error", err)
		os.Exit(1)
	}
	// FerretDB requires the directory to exist and the URL to end with "/".
	if err = os.MkdirAll(dir, 0o755); err != nil {
		logger.Error("cannot create SQLite directory", "dir", dir, "error", err)
		os.Exit(1)
	}
	sqliteURL := "file:" + strings.TrimSuffix(dir, "/") + "/"

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()

	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: *listenAddr},
		Logger:    logger,
		Handler:   "sqlite",
		SQLiteURL: sqliteURL,
	})
	if err != nil {
		logger.Error("cannot start FerretDB", "error", err)
		os.Exit(1)
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
		"mongodb_uri", "mongodb://"+*listenAddr+"/")

	if err = f.Run(ctx); err != nil {
		logger.Error("FerretDB stopped with error", "error", err)
		os.Exit(1)
	}

	logger.Info("FerretDB stopped")
}
