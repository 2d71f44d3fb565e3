package lint

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// good is a Dockerfile that breaks no rule; test cases change one thing.
const good = `# syntax=docker/dockerfile:1
FROM python:3.13-slim-trixie AS builder
WORKDIR /app
RUN --mount=type=cache,target=/root/.cache/pip \
    --mount=type=bind,source=requirements.txt,target=requirements.txt \
    python -m venv /app/.venv && /app/.venv/bin/pip install -r requirements.txt

FROM python:3.13-slim-trixie AS runtime
RUN useradd --system --uid 1001 --no-log-init app
WORKDIR /app
COPY --from=builder /app/.venv /app/.venv
COPY . .
ENV PATH="/app/.venv/bin:$PATH" PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1
USER app
EXPOSE 8000
HEALTHCHECK CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz')"]
LABEL org.opencontainers.image.source="https://example.com/app"
CMD ["gunicorn", "--bind", "0.0.0.0:8000", "--worker-tmp-dir", "/dev/shm", "app:app"]
`

// rt is the runtime stage's tail, for cases about the runtime stage.
const rtHead = "FROM python:3.13-slim-trixie\nENV PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1\nLABEL org.opencontainers.image.source=x\n"

func TestGoodIsClean(t *testing.T) {
	if got := lintIDs(t, Input{Dockerfile: []byte(good)}); len(got) != 0 {
		t.Fatalf("good Dockerfile has findings: %q", got)
	}
}

func lintIDs(t *testing.T, in Input) []string {
	t.Helper()
	findings, err := Lint(in)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range findings {
		got = append(got, fmt.Sprintf("%d %s", f.Line, f.Rule))
		if f.Message == "" || f.Severity == "" || f.File == "" {
			t.Errorf("incomplete finding %+v", f)
		}
	}
	return got
}

// user makes a fragment a full single-stage file that breaks no other
// rule: non-root, labelled, Python ENV set.
func user(body string) string {
	return rtHead + body + "\nUSER 1001\n"
}

func TestRules(t *testing.T) {
	tests := []struct {
		name string
		df   string
		py   string // pyproject.toml beside it
		want []string
	}{
		// DF001
		{name: "DF001 untagged", df: "FROM python\nUSER 1\nLABEL org.opencontainers.image.source=x\nENV PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1\n", want: []string{"1 DF001", "1 DF002"}},
		{name: "DF001 latest", df: "FROM python:latest\nUSER 1\nLABEL org.opencontainers.image.source=x\nENV PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1\n", want: []string{"1 DF001", "1 DF002"}},
		{name: "DF001 major only", df: "FROM python:3-slim\nUSER 1\nLABEL org.opencontainers.image.source=x\nENV PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1\n", want: []string{"1 DF001"}},
		{name: "DF001 COPY --from latest", df: user("COPY --from=ghcr.io/astral-sh/uv:latest /uv /bin/"), want: []string{"4 DF001"}},
		{name: "DF001 COPY --from pinned", df: user("COPY --from=ghcr.io/astral-sh/uv:0.9.7 /uv /bin/")},
		{name: "DF001 ARG default resolves", df: "ARG PY=latest\nFROM python:${PY}\nUSER 1\nLABEL org.opencontainers.image.source=x\nENV PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1\n", want: []string{"2 DF001", "2 DF002"}},
		{name: "DF001 digest is pinned", df: "FROM python@sha256:0000000000000000000000000000000000000000000000000000000000000000\nUSER 1\nLABEL org.opencontainers.image.source=x\nENV PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1\n"},
		{name: "DF001 requires-python excludes", df: good, py: "[project]\nname='a'\nrequires-python='>=3.11,<3.13'\n", want: []string{"2 DF001", "8 DF001"}},
		{name: "DF001 requires-python allows", df: good, py: "[project]\nname='a'\nrequires-python='>=3.11'\n"},
		{name: "DF001 poetry python excludes", df: good, py: "[tool.poetry.dependencies]\npython='^3.10,<3.12'\n", want: []string{"2 DF001", "8 DF001"}},
		{name: "DF001 patch pin excluded", df: strings.Replace(good, "python:3.13-slim-trixie AS runtime", "python:3.13.1-slim AS runtime", 1), py: "[project]\nrequires-python='>=3.13.2'\n", want: []string{"8 DF001", "11 DF007"}},
		// DF002
		{name: "DF002 full image", df: "FROM python:3.13\nUSER 1\nLABEL org.opencontainers.image.source=x\nENV PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1\n", want: []string{"1 DF002"}},
		{name: "DF002 full builder is info", df: strings.Replace(good, "python:3.13-slim-trixie AS builder", "python:3.13-bookworm AS builder", 1), want: []string{"2 DF002", "11 DF007"}},
		// DF003
		{name: "DF003 single stage compilers", df: user("RUN apt-get update && apt-get install -y --no-install-recommends gcc libpq-dev && rm -rf /var/lib/apt/lists/*"), want: []string{"4 DF003"}},
		{name: "DF003 compilers in builder", df: strings.Replace(good, "WORKDIR /app\nRUN --mount", "WORKDIR /app\nRUN apt-get update && apt-get install -y --no-install-recommends gcc && rm -rf /var/lib/apt/lists/*\nRUN --mount", 1)},
		// DF004
		{name: "DF004 source before requirements", df: user("WORKDIR /app\nCOPY sample.py .\nCOPY requirements.txt .\nRUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt"), want: []string{"5 DF004"}},
		{name: "DF004 COPY . . then pip install .", df: user("WORKDIR /app\nCOPY . .\nRUN --mount=type=cache,target=/root/.cache/pip pip install ."), want: []string{"5 DF004"}},
		{name: "DF004 deps first", df: user("WORKDIR /app\nCOPY requirements.txt .\nRUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt\nCOPY . .\nRUN --mount=type=cache,target=/root/.cache/pip pip install --no-deps .")},
		// --no-deps installs the project alone: nothing a dependency layer could hold
		// (a project with no dependencies, or one whose dependencies came before).
		{name: "DF004 project alone after the source", df: user("WORKDIR /app\nCOPY . .\nRUN --mount=type=cache,target=/root/.cache/pip pip wheel --no-deps --wheel-dir /dist ."), want: nil},
		{name: "DF004 project with deps after the source", df: user("WORKDIR /app\nCOPY . .\nRUN --mount=type=cache,target=/root/.cache/pip pip wheel --wheel-dir /dist ."), want: []string{"5 DF004"}},
		{name: "DF004 uv sync whole project", df: user("COPY --from=ghcr.io/astral-sh/uv:0.9.7 /uv /bin/\nWORKDIR /app\nCOPY . .\nRUN --mount=type=cache,target=/root/.cache/uv uv sync --locked --no-dev"), want: []string{"6 DF004"}},
		// DF005
		{name: "DF005 no cache mount", df: user("COPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt"), want: []string{"5 DF005"}},
		{name: "DF005 local wheels need no cache", df: user("RUN pip install --no-index /wheels/*")},
		// A local project built with --no-deps and without build isolation fetches
		// nothing: neither its dependencies nor its build backend.
		{name: "DF005 local build fetches nothing", df: user("RUN pip wheel --no-deps --no-build-isolation --wheel-dir /app/dist .")},
		{name: "DF005 local build with isolation fetches its backend", df: user("RUN pip wheel --no-deps --wheel-dir /app/dist ."), want: []string{"4 DF005"}},
		{name: "DF005 local install with deps fetches them", df: user("RUN pip install --no-build-isolation ."), want: []string{"4 DF005"}},
		// DF006
		{name: "DF006 poetry --no-dev", df: user("RUN --mount=type=cache,target=/root/.cache/pypoetry poetry install --no-dev --no-root"), want: []string{"4 DF006"}},
		{name: "DF006 poetry dev group", df: user("RUN --mount=type=cache,target=/root/.cache/pypoetry poetry install --no-root"), want: []string{"4 DF006"}},
		{name: "DF006 poetry main only", df: user("RUN --mount=type=cache,target=/root/.cache/pypoetry poetry sync --only main --no-root")},
		{name: "DF006 uv sync dev and unlocked", df: user("RUN --mount=type=cache,target=/root/.cache/uv uv sync --no-install-project"), want: []string{"4 DF006", "4 DF006"}},
		{name: "DF006 uv sync env", df: user("ENV UV_NO_DEV=1 UV_LOCKED=1\nRUN --mount=type=cache,target=/root/.cache/uv uv sync --no-install-project")},
		{name: "DF006 uv frozen alone", df: user("RUN --mount=type=cache,target=/root/.cache/uv uv sync --frozen --no-dev"), want: []string{"4 DF006"}},
		{name: "DF006 uv frozen workspace form", df: user("RUN --mount=type=cache,target=/root/.cache/uv uv sync --frozen --no-install-workspace --no-dev\nCOPY . .\nRUN --mount=type=cache,target=/root/.cache/uv uv sync --locked --no-dev")},
		{name: "DF006 pipenv dev, no deploy", df: user("RUN --mount=type=cache,target=/root/.cache/pipenv pipenv install --dev --system"), want: []string{"4 DF006", "4 DF006"}},
		{name: "DF006 pipenv deploy", df: user("RUN --mount=type=cache,target=/root/.cache/pipenv pipenv install --deploy --system")},
		{name: "DF006 unpinned pip", df: user("RUN --mount=type=cache,target=/root/.cache/pip python -m pip install django pandas==2.0.3 \"poetry==${V}\" --upgrade pip"), want: []string{"4 DF006"}},
		{name: "DF006 uv add at build", df: user("RUN uv add gunicorn"), want: []string{"4 DF006"}},
		{name: "DF006 uv pip value flags spaced", df: user("RUN --mount=type=cache,target=/root/.cache/uv uv pip install --link-mode copy --index-strategy unsafe-best-match --resolution lowest-direct -r requirements.txt")},
		{name: "DF006 uv pip value flag then loose package", df: user("RUN --mount=type=cache,target=/root/.cache/uv uv pip install --link-mode copy django"), want: []string{"4 DF006"}},
		// DF007
		{name: "DF007 source activate", df: user("RUN python -m venv /opt/venv\nRUN . /opt/venv/bin/activate"), want: []string{"5 DF007"}},
		{name: "DF007 source activate chained", df: user("RUN python -m venv /opt/venv && source /opt/venv/bin/activate && echo ok"), want: []string{"4 DF007"}},
		{name: "DF007 venv across bases", df: strings.Replace(good, "FROM python:3.13-slim-trixie AS runtime", "FROM python:3.12-slim-trixie AS runtime", 1), want: []string{"11 DF007"}},
		{name: "DF007 venv to another path", df: strings.Replace(good, "/app/.venv /app/.venv", "/app/.venv /venv", 1), want: []string{"11 DF007"}},
		// DF008
		{name: "DF008 no USER", df: rtHead + "CMD [\"python\", \"main.py\"]\n", want: []string{"1 DF008"}},
		{name: "DF008 USER root", df: rtHead + "USER root\n", want: []string{"4 DF008"}},
		{name: "DF008 USER in base stage counts", df: "FROM python:3.13-slim AS base\nUSER 1001\nFROM base\nENV PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1\nLABEL org.opencontainers.image.source=x\n"},
		// DF009
		{name: "DF009 ENV only in builder", df: "FROM python:3.13-slim AS builder\nENV PYTHONUNBUFFERED=1\nENV PATH=\"/opt/venv/bin:$PATH\"\nFROM python:3.13-slim\nENV PYTHONDONTWRITEBYTECODE=1\nUSER 1\nLABEL org.opencontainers.image.source=x\n", want: []string{"2 DF009", "3 DF009"}},
		{name: "DF009 not set at all is info", df: "FROM python:3.13-slim\nUSER 1\nLABEL org.opencontainers.image.source=x\n", want: []string{"1 DF009"}},
		// DF010 (BuildKit's JSONArgsRecommended is superseded)
		{name: "DF010 shell CMD", df: user("HEALTHCHECK NONE\nCMD gunicorn app:app --worker-tmp-dir /dev/shm"), want: []string{"5 DF010"}},
		{name: "DF010 shell ENTRYPOINT", df: user("ENTRYPOINT python main.py"), want: []string{"4 DF010"}},
		// DF011
		{name: "DF011 web server without HEALTHCHECK", df: user("CMD [\"uvicorn\", \"app:app\", \"--host\", \"0.0.0.0\"]"), want: []string{"4 DF011"}},
		{name: "DF011 curl in slim", df: user("HEALTHCHECK CMD curl -f http://localhost:8000/ || exit 1"), want: []string{"4 DF011"}},
		{name: "DF011 curl installed", df: user("RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\nHEALTHCHECK CMD curl -f http://localhost:8000/ || exit 1")},
		{name: "DF011 not a web server", df: user("CMD [\"python\", \"bot.py\"]")},
		// DF012
		{name: "DF012 wrong port", df: strings.Replace(good, "EXPOSE 8000", "EXPOSE 80", 1), want: []string{"15 DF012"}},
		// DF013
		{name: "DF013 update alone", df: user("RUN apt-get update\nRUN apt-get install -y --no-install-recommends tree && rm -rf /var/lib/apt/lists/*"), want: []string{"4 DF013"}},
		{name: "DF013 install problems", df: user("RUN apt-get update && apt-get install tree"), want: []string{"4 DF013", "4 DF013", "4 DF013"}},
		{name: "DF013 apt", df: user("RUN apt update && apt -y install --no-install-recommends tree && rm -rf /var/lib/apt/lists/*"), want: []string{"4 DF013", "4 DF013"}},
		{name: "DF013 apk", df: user("RUN apk add tree"), want: []string{"4 DF013"}},
		{name: "DF013 cache mount cleans", df: user("RUN --mount=type=cache,target=/var/lib/apt/lists apt-get update && apt-get install -yq --no-install-recommends tree")},
		// DF014
		{name: "DF014 ADD local", df: user("ADD . /app"), want: []string{"4 DF014"}},
		{name: "DF014 ADD archive", df: user("ADD vendor.tar.gz /opt/")},
		// DF015 (BuildKit's SecretsUsedInArgOrEnv is superseded)
		{name: "DF015 ENV password", df: user("ENV DATABASE_PASSWORD=SuperSecretSauce"), want: []string{"4 DF015"}},
		{name: "DF015 ARG key", df: user("ARG SSH_PRIVATE_KEY"), want: []string{"4 DF015"}},
		{name: "DF015 URL credentials", df: user("ARG PIP_INDEX_URL=https://me:tok3n@pypi.example.com/simple"), want: []string{"4 DF015"}},
		{name: "DF015 ARG without secret", df: user("ARG PIP_INDEX_URL")},
		{name: "DF015 ARG token", df: user("ARG NPM_TOKEN"), want: []string{"4 DF015"}},
		{name: "DF015 ARG uv index password", df: user("ARG UV_INDEX_CORP_PASSWORD"), want: []string{"4 DF015"}},
		{name: "DF015 ARG Poetry index user", df: user("ARG POETRY_HTTP_BASIC_CORP_USERNAME"), want: []string{"4 DF015"}},
		{name: "DF015 ssh user is no credential", df: user("ARG LIB_URL=git+ssh://git@github.com/acme/lib.git")},
		{name: "DF015 ARG netrc", df: user("ARG NETRC"), want: []string{"4 DF015"}},
		{name: "DF015 ENV token-only URL", df: user("ENV PIP_INDEX_URL=https://ghp_abc123@pkgs.example.com/simple"), want: []string{"4 DF015"}},
		// DF016
		{name: "DF016 reload", df: user("HEALTHCHECK NONE\nCMD [\"uvicorn\", \"app:app\", \"--host\", \"0.0.0.0\", \"--reload\"]"), want: []string{"5 DF016"}},
		{name: "DF016 uvicorn localhost", df: user("HEALTHCHECK NONE\nCMD [\"uvicorn\", \"app:app\"]"), want: []string{"5 DF016"}},
		{name: "DF016 gunicorn heartbeat", df: user("HEALTHCHECK NONE\nCMD [\"gunicorn\", \"app:app\"]"), want: []string{"5 DF016"}},
		{name: "DF016 gunicorn through a wrapper", df: user("HEALTHCHECK NONE\nCMD [\"newrelic-admin\", \"run-program\", \"gunicorn\", \"app:app\"]"), want: []string{"5 DF016"}},
		{name: "DF016 gunicorn through ddtrace-run", df: user("HEALTHCHECK NONE\nCMD [\"ddtrace-run\", \"gunicorn\", \"app:app\"]"), want: []string{"5 DF016"}},
		{name: "DF016 gunicorn via env", df: user("HEALTHCHECK NONE\nENV GUNICORN_CMD_ARGS=\"--worker-tmp-dir /dev/shm\"\nCMD [\"gunicorn\", \"app:app\"]")},
		{name: "DF016 runserver", df: user("HEALTHCHECK NONE\nCMD [\"python\", \"manage.py\", \"runserver\", \"0.0.0.0:8000\"]"), want: []string{"5 DF016"}},
		{name: "DF016 migrate in CMD", df: user("HEALTHCHECK NONE\nCMD [\"sh\", \"-c\", \"python manage.py migrate && gunicorn --worker-tmp-dir /dev/shm mysite.wsgi\"]"), want: []string{"5 DF016"}},
		{name: "DF016 uv run", df: user("CMD [\"uv\", \"run\", \"main.py\"]"), want: []string{"4 DF016"}},
		// DF017
		{name: "DF017 cleanup later", df: user("RUN apt-get update && apt-get install -y --no-install-recommends tree && rm -rf /var/lib/apt/lists/*\nRUN rm -rf /tmp/* && apt-get clean"), want: []string{"5 DF017"}},
		// DF018
		{name: "DF018 no labels", df: "FROM python:3.13-slim\nENV PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1\nUSER 1\n", want: []string{"1 DF018"}},
		// DF019
		{name: "DF019 uvicorn trusts anyone", df: user("HEALTHCHECK NONE\nCMD [\"uvicorn\", \"app:app\", \"--host\", \"0.0.0.0\", \"--proxy-headers\", \"--forwarded-allow-ips\", \"*\"]"), want: []string{"5 DF019"}},
		{name: "DF019 gunicorn ='*' in a shell", df: user("HEALTHCHECK NONE\nCMD [\"sh\", \"-c\", \"exec gunicorn --worker-tmp-dir /dev/shm --forwarded-allow-ips='*' app:app\"]"), want: []string{"5 DF019"}},
		{name: "DF019 ENV", df: user("ENV FORWARDED_ALLOW_IPS=\"*\""), want: []string{"4 DF019"}},
		{name: "DF019 GUNICORN_CMD_ARGS", df: user("ENV GUNICORN_CMD_ARGS=\"--threads 4 --forwarded-allow-ips=*\""), want: []string{"4 DF019"}},
		{name: "DF019 waitress", df: user("HEALTHCHECK NONE\nCMD [\"waitress-serve\", \"--trusted-proxy\", \"*\", \"app:app\"]"), want: []string{"5 DF019"}},
		{name: "DF019 a named proxy", df: user("ENV FORWARDED_ALLOW_IPS=10.0.0.5\nHEALTHCHECK NONE\nCMD [\"uvicorn\", \"app:app\", \"--host\", \"0.0.0.0\", \"--forwarded-allow-ips\", \"10.0.0.5,10.0.0.6\"]")},
		// DF020
		{name: "DF020 source owned by the user", df: user("RUN useradd --system --uid 1001 app\nWORKDIR /app\nCOPY --chown=app:app . ."), want: []string{"6 DF020"}},
		{name: "DF020 venv owned by the user", df: strings.Replace(good, "COPY --from=builder /app/.venv", "COPY --from=builder --chown=1001:1001 /app/.venv", 1), want: []string{"11 DF020"}},
		{name: "DF020 chown -R of the workdir", df: user("RUN useradd --system --uid 1001 app\nWORKDIR /app\nCOPY . .\nRUN chown -R app:app /app"), want: []string{"7 DF020"}},
		{name: "DF020 chown of the working directory, spelled .", df: user("WORKDIR /srv/app\nCOPY . .\nRUN chown 1001 ."), want: []string{"6 DF020"}},
		{name: "DF020 world-writable code", df: user("WORKDIR /app\nCOPY . .\nRUN chmod -R 777 /app"), want: []string{"6 DF020"}},
		{name: "DF020 a data directory owned by the user", df: user("RUN useradd --system --uid 1001 app\nWORKDIR /app\nCOPY . .\nRUN mkdir -p /app/media && chown app:app /app/media")},
		{name: "DF020 code owned by another user", df: user("RUN useradd --system --uid 1001 app && useradd --system --uid 1002 deploy\nWORKDIR /app\nCOPY --chown=deploy . .")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := Input{Dockerfile: []byte(tt.df)}
			if tt.py != "" {
				in.Pyproject = []byte(tt.py)
			}
			got := lintIDs(t, in)
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// The rules behind forwarded-header trust and code ownership explain
// themselves, and their before/after examples show the rule firing and not.
func TestTrustAndOwnershipExplained(t *testing.T) {
	for _, id := range []string{"DF019", "DF020"} {
		r, ok := Lookup(id)
		if !ok {
			t.Errorf("%s: no such rule", id)
			continue
		}
		if r.Title == "" || len(r.Why) < 80 || r.Before == "" || r.After == "" {
			t.Errorf("%s: incomplete explanation %+v", id, r)
			continue
		}
		for _, ex := range []struct {
			df   string
			want bool
		}{{r.Before, true}, {r.After, false}} {
			got := slices.ContainsFunc(lintIDs(t, Input{Dockerfile: []byte(ex.df)}), func(s string) bool { return strings.HasSuffix(s, " "+id) })
			if got != ex.want {
				t.Errorf("%s fires %v on\n%s", id, got, ex.df)
			}
		}
	}
}
