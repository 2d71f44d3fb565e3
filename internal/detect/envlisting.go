package detect

import (
	"bufio"
	"bytes"
	"io/fs"
	"strings"
)

// EnvListing is the project's own committed copy of .env (.env.example and
// its other names), which pydock never writes into: compose's credentials go
// to a file of pydock's beside it, and the keys it lists are the authors' word
// on what the app reads.
type EnvListing struct {
	File string      `json:"file"`
	Vars []ListedVar `json:"vars,omitempty"`
	// CredentialsIgnored: the project's .gitignore keeps pydock's credentials
	// file (.env.pydock) out of git.
	CredentialsIgnored bool `json:"credentials_ignored,omitempty"`
}

// ListedVar is one KEY=value line of the listing. Value is the authors'
// example, for what it says (a URL's scheme); it may be a real secret, so
// it is never printed.
type ListedVar struct {
	Name  string `json:"name"`
	Value string `json:"-"`
	Line  int    `json:"line"`
}

// envListingNames are the names projects give the committed copy of .env,
// in the order one is taken when several exist (dotenv and framework docs;
// .env.dist is Symfony's).
var envListingNames = []string{".env.example", ".env.sample", ".env.template", ".env.dist", "env.example"}

// CredentialsFile is the env file pydock writes compose's credentials to
// when the project has its own listing: .env.* keeps it out of images
// (.dockerignore) and out of the authors' listing.
const CredentialsFile = ".env.pydock"

// readEnvListing finds the project's own listing at its root: a regular
// file pydock did not write.
func readEnvListing(fsys fs.FS) *EnvListing {
	for _, name := range envListingNames {
		if !isRegularFile(fsys, name) {
			continue
		}
		data, err := readBounded(fsys, name, maxManifestSize, "dotenv files")
		if err != nil || generatedByPydock(data) {
			continue
		}
		l := &EnvListing{File: name, Vars: listedVars(data)}
		if isRegularFile(fsys, ".gitignore") {
			if ig, err := readBounded(fsys, ".gitignore", maxManifestSize, "manifests"); err == nil {
				l.CredentialsIgnored = gitignoreLine(ig, CredentialsFile) > 0
			}
		}
		return l
	}
	return nil
}

// listedVars reads a dotenv file's assignments: quotes removed, and a
// trailing " # comment" after an unquoted value.
func listedVars(data []byte) []ListedVar {
	var out []ListedVar
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		m := dotenvKeyRe.FindStringSubmatchIndex(line)
		if m == nil {
			continue
		}
		out = append(out, ListedVar{Name: line[m[2]:m[3]], Value: dotenvValue(line[m[1]:]), Line: n})
	}
	return out
}

func dotenvValue(v string) string {
	v = strings.TrimSpace(v)
	if len(v) > 0 && (v[0] == '"' || v[0] == '\'') {
		if end := strings.IndexByte(v[1:], v[0]); end >= 0 {
			return v[1 : end+1]
		}
		return v[1:]
	}
	if i := strings.Index(v, " #"); i >= 0 {
		v = v[:i]
	}
	return strings.TrimSpace(v)
}
