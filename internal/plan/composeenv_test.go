package plan

import (
	"strings"
	"testing"

	"github.com/pydock/pydock/internal/detect"
)

// The credentials file and its example hold passwords: the secrets block
// of .dockerignore keeps both out of every image (DI002).
func TestCredentialsFileOutOfImage(t *testing.T) {
	for _, name := range []string{detect.CredentialsFile, detect.CredentialsFile + ".example", "sub/" + detect.CredentialsFile} {
		if excludingPattern(ignoreSecrets.Patterns, name) == "" {
			t.Errorf("%s is not excluded by the secrets block %v", name, ignoreSecrets.Patterns)
		}
	}
}

// A listed mongodb+srv:// URL is a DNS lookup compose's mongo cannot
// answer: the URL compose writes is plain mongodb://, while a SQL URL keeps
// the app's driver.
func TestURLKeepsOnlySQLDrivers(t *testing.T) {
	mongo := Service{Name: "mongo", Kind: "mongo"}
	got, _ := reachOf("mongo").value(mongo, "url", "mongodb+srv://cluster.example.net")
	if !strings.HasPrefix(got, "mongodb://") {
		t.Errorf("mongo url = %q, want mongodb://…", got)
	}
	db := Service{Name: "db", Kind: "postgres"}
	got, _ = reachOf("postgres").value(db, "url", "postgresql+asyncpg://localhost/x")
	if !strings.HasPrefix(got, "postgresql+asyncpg://") {
		t.Errorf("postgres url = %q, want the asyncpg driver kept", got)
	}
}
