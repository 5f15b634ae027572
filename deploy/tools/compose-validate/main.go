// compose-validate checks Compose files without a Docker engine. It loads them with compose-go,
// the loader Docker Compose itself uses (schema validation, interpolation, path resolution,
// consistency checks), then applies this project's rules:
//
//   - every service has a build, or an image pinned to a tag other than latest (or a digest);
//   - every build context and Dockerfile exists;
//   - every app service (built here, not a one-shot job) defines a healthcheck, and so does
//     every service that another one waits for with service_healthy;
//   - published ports are bound to 127.0.0.1 (or ::1).
//
// Usage: compose-validate [-q] [file ...] (default: docker-compose.yml).
// Exit status: 0 valid, 1 invalid, 2 usage error.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/compose-spec/compose-go/v2/loader"
	"github.com/compose-spec/compose-go/v2/types"
	"github.com/sirupsen/logrus"
)

// Interpolation sees this fixed environment, never the caller's shell or a .env file, so the
// result is reproducible; a variable the file uses without a default is reported.
var fixedEnv = map[string]string{}

func main() {
	quiet := flag.Bool("q", false, "print nothing when the file is valid")
	flag.Usage = func() {
		fmt.Fprintf(os.Stderr, "usage: %s [-q] [compose-file ...]\n", filepath.Base(os.Args[0]))
	}
	flag.Parse()
	files := flag.Args()
	if len(files) == 0 {
		files = []string{"docker-compose.yml"}
	}

	project, warnings, err := load(files)
	if err == nil {
		err = errors.Join(append(warnings, checkRules(project)...)...)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s: INVALID\n%s\n", strings.Join(files, ", "), indent(err.Error()))
		os.Exit(1)
	}
	if !*quiet {
		names := project.ServiceNames()
		sort.Strings(names)
		fmt.Printf("%s: valid (project %q, %d services: %s)\n",
			strings.Join(files, ", "), project.Name, len(names), strings.Join(names, ", "))
	}
}

func load(files []string) (*types.Project, []error, error) {
	configFiles := make([]types.ConfigFile, 0, len(files))
	for _, f := range files {
		abs, err := filepath.Abs(f)
		if err != nil {
			return nil, nil, err
		}
		if _, err := os.Stat(abs); err != nil {
			return nil, nil, err
		}
		configFiles = append(configFiles, types.ConfigFile{Filename: abs})
	}
	workingDir := filepath.Dir(configFiles[0].Filename)

	// compose-go reports some problems only as log warnings (unset variables, the obsolete
	// `version` key, yes/no booleans); collect them and treat them as errors.
	hook := &warningCollector{seen: map[string]bool{}}
	logrus.SetOutput(io.Discard)
	logrus.AddHook(hook)

	project, err := loader.LoadWithContext(context.Background(), types.ConfigDetails{
		WorkingDir:  workingDir,
		ConfigFiles: configFiles,
		Environment: fixedEnv,
	}, func(o *loader.Options) {
		o.SkipValidation = false
		o.SkipInterpolation = false
		o.SkipConsistencyCheck = false
		o.ResolvePaths = true
		// Used only when the file has no top-level `name:`.
		o.SetProjectName(loader.NormalizeProjectName(filepath.Base(workingDir)), false)
	})
	return project, hook.errors, err
}

type warningCollector struct {
	errors []error
	seen   map[string]bool
}

func (h *warningCollector) Levels() []logrus.Level {
	return []logrus.Level{logrus.PanicLevel, logrus.FatalLevel, logrus.ErrorLevel, logrus.WarnLevel}
}

func (h *warningCollector) Fire(e *logrus.Entry) error {
	if !h.seen[e.Message] { // anchors make compose-go repeat a warning once per use
		h.seen[e.Message] = true
		h.errors = append(h.errors, fmt.Errorf("compose warning: %s", e.Message))
	}
	return nil
}

// checkRules applies the project rules the Compose Specification does not express.
func checkRules(p *types.Project) []error {
	var errs []error
	fail := func(service, format string, args ...any) {
		errs = append(errs, fmt.Errorf("service %q: %s", service, fmt.Sprintf(format, args...)))
	}

	// One-shot jobs are the services others wait for with service_completed_successfully.
	oneShot := map[string]bool{}
	for _, s := range p.Services {
		for dep, d := range s.DependsOn {
			if d.Condition == types.ServiceConditionCompletedSuccessfully {
				oneShot[dep] = true
			}
		}
	}

	for _, name := range sortedNames(p) {
		s := p.Services[name]

		if s.Build == nil {
			if s.Image == "" {
				fail(name, "has neither `image` nor `build`")
			} else if err := pinned(s.Image); err != nil {
				fail(name, "image %q %v", s.Image, err)
			}
		} else {
			checkBuild(name, s.Build, fail)
			// An app is a long-running service built here: compose must see its readiness.
			if !oneShot[name] && !hasHealthcheck(s) {
				fail(name, "is an app service (built here, long-running) and must define a healthcheck")
			}
		}

		for dep, d := range s.DependsOn {
			if target, ok := p.Services[dep]; ok && d.Condition == types.ServiceConditionHealthy && !hasHealthcheck(target) {
				fail(name, "waits for %q to be service_healthy, but %q defines no healthcheck here", dep, dep)
			}
		}

		// Nothing of this development stack may listen on other interfaces of the host.
		for _, port := range s.Ports {
			if port.Published == "" {
				continue
			}
			if port.HostIP != "127.0.0.1" && port.HostIP != "::1" {
				fail(name, "publishes port %s on %s; bind published ports to 127.0.0.1 (e.g. \"127.0.0.1:%s:%d\")",
					port.Published, hostIPLabel(port.HostIP), port.Published, port.Target)
			}
		}
	}
	return errs
}

func checkBuild(name string, b *types.BuildConfig, fail func(string, string, ...any)) {
	if strings.Contains(b.Context, "://") || strings.HasPrefix(b.Context, "git@") {
		return // remote context: nothing to check locally
	}
	if _, err := os.Stat(b.Context); err != nil {
		fail(name, "build context %q does not exist", b.Context)
		return
	}
	if b.DockerfileInline != "" {
		return
	}
	dockerfile := b.Dockerfile
	if dockerfile == "" {
		dockerfile = "Dockerfile"
	}
	if !filepath.IsAbs(dockerfile) {
		dockerfile = filepath.Join(b.Context, dockerfile)
	}
	if _, err := os.Stat(dockerfile); err != nil {
		fail(name, "Dockerfile %q does not exist", dockerfile)
	}
}

func hasHealthcheck(s types.ServiceConfig) bool {
	h := s.HealthCheck
	return h != nil && !h.Disable && len(h.Test) > 0 && h.Test[0] != "NONE"
}

// pinned accepts name:tag (tag not "latest") and name@sha256:digest references.
func pinned(image string) error {
	if strings.Contains(image, "@") {
		return nil
	}
	lastSlash := strings.LastIndex(image, "/")
	colon := strings.LastIndex(image, ":")
	if colon <= lastSlash {
		return errors.New("has no tag; pin a version (e.g. name:1.2)")
	}
	if image[colon+1:] == "latest" {
		return errors.New("uses the `latest` tag; pin a version")
	}
	return nil
}

func hostIPLabel(ip string) string {
	if ip == "" {
		return "all interfaces"
	}
	return "host IP " + ip
}

func sortedNames(p *types.Project) []string {
	names := p.ServiceNames()
	sort.Strings(names)
	return names
}

func indent(s string) string {
	var lines []string
	for _, line := range strings.Split(s, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			lines = append(lines, "  - "+line)
		}
	}
	return strings.Join(lines, "\n")
}
