package e2e

import "testing"

// A write the image's user may not make is pydock's to get right, whether
// the app then fails or serves anyway: microblog's start command compiled
// its catalogues into the read-only code, failed, and went on to serve.
func TestWriteDenied(t *testing.T) {
	served := "compiling catalog app/translations/es/LC_MESSAGES/messages.po to app/translations/es/LC_MESSAGES/messages.mo\n" +
		"Traceback (most recent call last):\n" +
		"PermissionError: [Errno 13] Permission denied: 'app/translations/es/LC_MESSAGES/messages.mo'\n" +
		"RuntimeError: compile command failed\n" +
		"[2026-11-30 14:17:22 +0000] [1] [INFO] Listening at: http://0.0.0.0:18171 (1)\n"
	if got, want := writeDenied(served), "PermissionError: [Errno 13] Permission denied: 'app/translations/es/LC_MESSAGES/messages.mo'"; got != want {
		t.Errorf("writeDenied(served log) = %q, want %q", got, want)
	}
	if got := writeDenied("sqlite3.OperationalError: unable to open database file\n"); got == "" {
		t.Error("writeDenied: a SQLite file the user may not create was not found")
	}
	if got := writeDenied("[INFO] Listening at: http://0.0.0.0:8000 (1)\n[INFO] Booting worker with pid: 9\n"); got != "" {
		t.Errorf("writeDenied(clean log) = %q, want nothing", got)
	}
}
