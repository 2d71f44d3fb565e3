package lint

import (
	"slices"
	"strings"
)

// Rule is one check, documented for `pydock lint --explain`. IDs are those
// of the project's written rules (DF001–DF020 for Dockerfiles, DI001–DI004
// for .dockerignore); one rule may report several distinct problems, each
// finding saying which and how to fix it.
type Rule struct {
	ID       string
	Title    string
	Severity string // the usual severity; a few findings are raised to error
	Why      string
	Before   string // a Dockerfile (or .dockerignore) that breaks the rule
	After    string // the same, fixed
	// Hadolint lists hadolint's IDs for the same problem: a
	// `# hadolint ignore=DL3008` comment suppresses this rule too.
	Hadolint []string

	scope scope
	check func(*checker)
}

type scope int

const (
	scopeDockerfile scope = iota
	scopeIgnore
)

// Rules returns the rule table, in ID order.
func Rules() []Rule { return slices.Clone(rules) }

// Lookup finds a rule by ID, case-insensitively.
func Lookup(id string) (Rule, bool) {
	for _, r := range rules {
		if strings.EqualFold(r.ID, id) {
			return r, true
		}
	}
	return Rule{}, false
}

// HadolintIDs returns the hadolint rules that correspond to one of ours.
func HadolintIDs(id string) []string {
	if r, ok := Lookup(id); ok {
		return r.Hadolint
	}
	return nil
}

var rules = []Rule{
	{
		ID: "DF001", Title: "Base images pinned to a version the project supports", Severity: SeverityWarning,
		Why: "An untagged or :latest image (or python:3) changes under you: a rebuild months later gets " +
			"another Python or Debian and breaks, or quietly differs from what you tested. A Python the " +
			"project's requires-python excludes fails at install time (error).",
		Before:   "FROM python:latest\nCOPY --from=ghcr.io/astral-sh/uv /uv /bin/",
		After:    "FROM python:3.13-slim-trixie\nCOPY --from=ghcr.io/astral-sh/uv:0.9.7 /uv /bin/",
		Hadolint: []string{"DL3006", "DL3007"},
		check:    checkPinned,
	},
	{
		ID: "DF002", Title: "Slim Debian base, not the full python image", Severity: SeverityWarning,
		Why: "The full python:X image carries compilers, headers and ~900 MB of Debian the app never " +
			"uses: more to pull, more CVEs to patch. Alpine uses musl, where many wheels do not exist " +
			"and C extensions compile slowly or differently (info).",
		Before: "FROM python:3.13\n",
		After:  "FROM python:3.13-slim-trixie\n",
		check:  checkSlim,
	},
	{
		ID: "DF003", Title: "Compilers only in a builder stage", Severity: SeverityWarning,
		Why: "Compilers and -dev headers are needed to build wheels, not to run them. Installed in the " +
			"image you ship they add hundreds of MB and attack surface; a builder stage keeps them out.",
		Before: "FROM python:3.13-slim\nRUN apt-get update && apt-get install -y --no-install-recommends gcc libpq-dev \\\n && rm -rf /var/lib/apt/lists/*\nCOPY requirements.txt .\nRUN pip install -r requirements.txt",
		After:  "FROM python:3.13-slim AS builder\nRUN apt-get update && apt-get install -y --no-install-recommends gcc libpq-dev \\\n && rm -rf /var/lib/apt/lists/*\nRUN python -m venv /opt/venv\nCOPY requirements.txt .\nRUN /opt/venv/bin/pip install -r requirements.txt\n\nFROM python:3.13-slim\nRUN apt-get update && apt-get install -y --no-install-recommends libpq5 \\\n && rm -rf /var/lib/apt/lists/*\nCOPY --from=builder /opt/venv /opt/venv\nENV PATH=\"/opt/venv/bin:$PATH\"",
		check:  checkCompilers,
	},
	{
		ID: "DF004", Title: "Dependencies installed before the source is copied", Severity: SeverityWarning,
		Why: "Docker re-runs every step after the first one whose input changed. When the source is " +
			"copied before the dependency install, any edit to any file reinstalls every dependency. " +
			"Copy the lock/requirements first, install, then copy the source.",
		Before: "COPY . .\nRUN pip install -r requirements.txt",
		After:  "COPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . .",
		check:  checkOrder,
	},
	{
		ID: "DF005", Title: "Cache mount for the package manager", Severity: SeverityInfo,
		Why: "A BuildKit cache mount keeps downloaded wheels between builds without putting them in a " +
			"layer: a changed lock downloads only what changed. --no-cache-dir avoids the bloat but " +
			"downloads everything every time.",
		Before: "RUN pip install --no-cache-dir -r requirements.txt",
		After:  "RUN --mount=type=cache,target=/root/.cache/pip \\\n    pip install -r requirements.txt",
		check:  checkCacheMount,
	},
	{
		ID: "DF006", Title: "Locked, reproducible, production-only installs", Severity: SeverityWarning,
		Why: "The image must contain what the lock file says and nothing else: no dev/test " +
			"dependencies, no silent re-resolution (uv sync without --locked, pipenv without --deploy), " +
			"no lock edited at build time (uv add, poetry add), no unpinned pip install. " +
			"`poetry install --no-dev` was removed in Poetry 2 and fails the build (error).",
		Before:   "RUN poetry install --no-dev\nRUN uv sync\nRUN pipenv install --dev\nRUN pip install django",
		After:    "RUN poetry sync --only main --no-root\nRUN uv sync --locked --no-dev\nRUN pipenv install --deploy --system\nRUN pip install -r requirements.txt",
		Hadolint: []string{"DL3013"},
		check:    checkLocked,
	},
	{
		ID: "DF007", Title: "Virtualenv activated by PATH, copied whole between matching stages", Severity: SeverityWarning,
		Why: "Every RUN is a new shell, so `source venv/bin/activate` is forgotten at the end of its " +
			"line; ENV PATH activates the venv for every later step and at run time. A venv is tied to " +
			"the interpreter and path it was created with: copied to another path, or into a stage " +
			"built FROM a different image, its bin/python points at nothing.",
		Before: "RUN python -m venv /opt/venv\nRUN . /opt/venv/bin/activate && pip install -r requirements.txt",
		After:  "RUN python -m venv /opt/venv\nENV PATH=\"/opt/venv/bin:$PATH\"\nRUN pip install -r requirements.txt",
		check:  checkVenv,
	},
	{
		ID: "DF008", Title: "Run as a non-root user", Severity: SeverityWarning,
		Why: "A process running as root in the container is root on the host's kernel: an escape or a " +
			"mounted volume gives an attacker far more. Create a fixed unprivileged user and switch to it.",
		Before:   "FROM python:3.13-slim\nCOPY . /app\nCMD [\"python\", \"/app/main.py\"]",
		After:    "FROM python:3.13-slim\nRUN groupadd --system --gid 1001 app \\\n && useradd --system --uid 1001 --gid app --no-log-init --create-home app\nCOPY . /app\nUSER app\nCMD [\"python\", \"/app/main.py\"]",
		Hadolint: []string{"DL3002"},
		check:    checkUser,
	},
	{
		ID: "DF009", Title: "Python's runtime ENV in the runtime stage", Severity: SeverityWarning,
		Why: "ENV is per stage: PYTHONUNBUFFERED or a venv PATH set in the builder is gone in the " +
			"stage you ship, so logs are buffered (and lost on a crash) and `python` is not the venv's. " +
			"Set them in the runtime stage.",
		Before: "FROM python:3.13-slim AS builder\nENV PYTHONUNBUFFERED=1\n...\nFROM python:3.13-slim\nCOPY --from=builder /opt/venv /opt/venv",
		After:  "FROM python:3.13-slim AS builder\n...\nFROM python:3.13-slim\nCOPY --from=builder /opt/venv /opt/venv\nENV PATH=\"/opt/venv/bin:$PATH\" \\\n    PYTHONUNBUFFERED=1 \\\n    PYTHONDONTWRITEBYTECODE=1",
		check:  checkRuntimeEnv,
	},
	{
		ID: "DF010", Title: "CMD and ENTRYPOINT in exec form", Severity: SeverityWarning,
		Why: "The shell form runs /bin/sh -c \"...\": the shell is PID 1 and does not pass SIGTERM on, " +
			"so `docker stop` waits its grace period and kills the server mid-request.",
		Before:   "CMD gunicorn app:app --bind 0.0.0.0:8000",
		After:    "CMD [\"gunicorn\", \"app:app\", \"--bind\", \"0.0.0.0:8000\"]",
		Hadolint: []string{"DL3025"},
		check:    checkExecForm,
	},
	{
		ID: "DF011", Title: "A HEALTHCHECK that works in a slim image", Severity: SeverityInfo,
		Why: "Without a HEALTHCHECK the orchestrator only knows the process exists, not that it serves. " +
			"Slim images have no curl or wget, so a check that calls them never succeeds (warning); " +
			"the image's own Python can probe the port.",
		Before:   "HEALTHCHECK CMD curl -f http://localhost:8000/ || exit 1",
		After:    "HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \\\n    CMD [\"python\", \"-c\", \"import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)\"]",
		Hadolint: []string{"DL3057"},
		check:    checkHealthcheck,
	},
	{
		ID: "DF012", Title: "EXPOSE the port the server listens on", Severity: SeverityWarning,
		Why:    "EXPOSE documents the port and compose/orchestrators use it; a port the server does not listen on misleads everyone.",
		Before: "EXPOSE 80\nCMD [\"uvicorn\", \"app:app\", \"--host\", \"0.0.0.0\", \"--port\", \"8000\"]",
		After:  "EXPOSE 8000\nCMD [\"uvicorn\", \"app:app\", \"--host\", \"0.0.0.0\", \"--port\", \"8000\"]",
		check:  checkExpose,
	},
	{
		ID: "DF013", Title: "apt: update, install and clean up in one RUN", Severity: SeverityWarning,
		Why: "`apt-get update` in its own RUN is cached forever, so a later install uses stale lists; " +
			"recommends pull in packages nobody asked for; package lists left in the layer add ~20 MB. " +
			"`apt` is for people, `apt-get` for scripts; apk needs --no-cache.",
		Before:   "RUN apt-get update\nRUN apt-get install -y libpq5",
		After:    "RUN apt-get update \\\n && apt-get install -y --no-install-recommends \\\n      libpq5 \\\n && rm -rf /var/lib/apt/lists/*",
		Hadolint: []string{"DL3008", "DL3009", "DL3014", "DL3015", "DL3018", "DL3019", "DL3027"},
		check:    checkApt,
	},
	{
		ID: "DF014", Title: "COPY, not ADD, for local files", Severity: SeverityWarning,
		Why: "ADD also fetches URLs and unpacks archives, so a reader cannot tell what a line does; " +
			"COPY does exactly one thing.",
		Before:   "ADD . /app",
		After:    "COPY . /app",
		Hadolint: []string{"DL3020"},
		check:    checkAdd,
	},
	{
		ID: "DF015", Title: "No secrets in ENV or ARG", Severity: SeverityError,
		Why: "ENV values and ARG values are stored in the image config and history (and in max-mode " +
			"provenance): anyone who can pull the image can read them. That covers a token or password, " +
			"a .netrc, an index's user (POETRY_HTTP_BASIC_*, UV_INDEX_*_USERNAME) and an index URL with " +
			"user:password@ or token@ in it. Pass build-time secrets with RUN --mount=type=secret " +
			"(env= puts one in a variable, Dockerfile 1.10+) and run-time secrets from the environment.",
		Before: "ENV DATABASE_PASSWORD=SuperSecretSauce",
		After:  "# docker build --secret id=UV_INDEX_CORP_PASSWORD,env=UV_INDEX_CORP_PASSWORD .\nRUN --mount=type=secret,id=UV_INDEX_CORP_PASSWORD,env=UV_INDEX_CORP_PASSWORD \\\n    uv sync --locked",
		check:  checkSecrets,
	},
	{
		ID: "DF016", Title: "A production server command", Severity: SeverityWarning,
		Why: "--reload, `manage.py runserver` and `flask run` are development servers; `migrate` in CMD " +
			"runs on every replica at once; gunicorn's heartbeat files on an overlay disk stall workers " +
			"(--worker-tmp-dir /dev/shm); uvicorn listening on 127.0.0.1 is unreachable; `uv run` " +
			"re-syncs the venv at start.",
		Before: "CMD [\"uvicorn\", \"app.main:app\", \"--reload\"]",
		After:  "CMD [\"uvicorn\", \"app.main:app\", \"--host\", \"0.0.0.0\", \"--port\", \"8000\", \"--proxy-headers\"]",
		check:  checkServer,
	},
	{
		ID: "DF017", Title: "Clean up in the layer that made the mess", Severity: SeverityWarning,
		Why: "Layers only add: deleting files in a later RUN hides them but the earlier layer still " +
			"ships them. Chain the cleanup into the RUN that created the files.",
		Before:   "RUN apt-get update && apt-get install -y --no-install-recommends gcc\nRUN rm -rf /var/lib/apt/lists/*",
		After:    "RUN apt-get update && apt-get install -y --no-install-recommends gcc \\\n && rm -rf /var/lib/apt/lists/*",
		Hadolint: []string{"DL3059"},
		check:    checkCleanupLayer,
	},
	{
		ID: "DF018", Title: "OCI labels for source, version and revision", Severity: SeverityInfo,
		Why:    "org.opencontainers.image.* labels let a registry, a scanner or a person go from a running image back to the commit that built it.",
		Before: "CMD [\"python\", \"main.py\"]",
		After:  "ARG APP_VERSION=0.0.0\nARG VCS_REF=unknown\nLABEL org.opencontainers.image.version=\"${APP_VERSION}\" \\\n      org.opencontainers.image.revision=\"${VCS_REF}\"\nCMD [\"python\", \"main.py\"]",
		check:  checkLabels,
	},
	{
		ID: "DF019", Title: "Forwarded headers believed only from your proxy", Severity: SeverityWarning,
		Why: "X-Forwarded-For and X-Forwarded-Proto tell the app the client's address and scheme. They are " +
			"plain request headers: a server that believes them from anyone (--forwarded-allow-ips \"*\", " +
			"FORWARDED_ALLOW_IPS=*, waitress --trusted-proxy \"*\") lets every client pick its own address, " +
			"so rate limits, IP allow-lists, audit logs and https-only checks believe a lie. Name the proxy " +
			"in front (its address, set at run time) and leave the default, loopback only, elsewhere.",
		Before: "FROM python:3.13-slim\nUSER 1001\nENV PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1\nLABEL org.opencontainers.image.source=x\nHEALTHCHECK NONE\nCMD [\"uvicorn\", \"app:app\", \"--host\", \"0.0.0.0\", \"--forwarded-allow-ips\", \"*\"]",
		After:  "FROM python:3.13-slim\nUSER 1001\nENV PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1\nLABEL org.opencontainers.image.source=x\n# Your proxy's address at run time: docker run -e FORWARDED_ALLOW_IPS=10.0.0.5\nENV FORWARDED_ALLOW_IPS=127.0.0.1\nHEALTHCHECK NONE\nCMD [\"uvicorn\", \"app:app\", \"--host\", \"0.0.0.0\"]",
		check:  checkForwarded,
	},
	{
		ID: "DF020", Title: "Code and venv read-only to the user the app runs as", Severity: SeverityWarning,
		Why: "A non-root USER only helps if that user cannot change what it runs. COPY --chown=<that user> " +
			"of the source or the venv, or chown -R of the app folder to it, lets a flaw in the app or a " +
			"dependency rewrite the code or plant a module that every restart imports. Copy without --chown " +
			"(the files stay root's, readable by all), give the user a home of its own, and make only the " +
			"folders it writes (uploads, a SQLite database's folder) its own, as volumes.",
		Before: "FROM python:3.13-slim\nRUN useradd --system --uid 1001 --no-log-init app\nWORKDIR /app\nCOPY --chown=app:app . .\nENV PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1\nLABEL org.opencontainers.image.source=x\nUSER app\nCMD [\"python\", \"main.py\"]",
		After:  "FROM python:3.13-slim\nRUN useradd --system --uid 1001 --no-log-init --create-home app\nWORKDIR /app\nCOPY . .\nRUN mkdir -p /app/media && chown app:app /app/media\nENV PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1\nLABEL org.opencontainers.image.source=x\nUSER app\nCMD [\"python\", \"main.py\"]",
		check:  checkOwnership,
	},
	{
		ID: "DI001", Title: ".dockerignore excludes local environments and caches", Severity: SeverityWarning,
		Why: "A local .venv is built for your machine: copied into the image it shadows or breaks the " +
			"real one, and bytecode caches bust the layer cache on every build.",
		Before: "# .dockerignore\n.git/",
		After:  "# .dockerignore\n.git/\n.venv/\n__pycache__/\n*.py[cod]",
		scope:  scopeIgnore,
		check:  checkIgnoreEnvs,
	},
	{
		ID: "DI002", Title: ".dockerignore excludes secrets", Severity: SeverityWarning,
		Why: "Everything not ignored is sent to the builder, and `COPY . .` puts it in a layer: a .env " +
			"with production credentials ends up in every pushed image. A pattern matches only at the " +
			"root unless it starts with **/: `.env` leaves config/.env in, `*.key` leaves certs/server.key in. " +
			"Exclude .env files, keys and certificates at every depth.",
		Before: "# .dockerignore\n.venv/\n.env\n*.key",
		After:  "# .dockerignore\n.venv/\n**/.env\n**/.env.*\n!**/.env.example\n**/*.key\n**/*.pem\n**/id_rsa*",
		scope:  scopeIgnore,
		check:  checkIgnoreSecrets,
	},
	{
		ID: "DI003", Title: ".dockerignore excludes .git", Severity: SeverityWarning,
		Why: ".git is often larger than the project, changes on every commit (busting `COPY . .`), and " +
			"holds history you may not mean to ship.",
		Before: "# .dockerignore\n.venv/",
		After:  "# .dockerignore\n.venv/\n.git/",
		scope:  scopeIgnore,
		check:  checkIgnoreGit,
	},
	{
		ID: "DI004", Title: ".dockerignore keeps what the build needs", Severity: SeverityError,
		Why: "Build backends read the readme and license that pyproject.toml names (hatchling fails " +
			"with 'Readme file does not exist'), and a file the Dockerfile copies must be in the " +
			"context. Re-include them with a ! line after the broad patterns.",
		Before: "# .dockerignore\n*.md",
		After:  "# .dockerignore\n*.md\n!README.md",
		scope:  scopeIgnore,
		check:  checkIgnoreNeeded,
	},
}
