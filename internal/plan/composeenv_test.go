package plan

import (
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
