package detect

import "testing"

func TestMainCall(t *testing.T) {
	tests := []struct{ src, module, fn string }{
		{"from shop.cli.main import main\n\nif __name__ == \"__main__\":\n    main()\n", "shop.cli.main", "main"},
		{"from .cli import app as cli\n\ncli(prog_name=\"shop\")\n", "shop.cli", "app"},
		{"import typer\n\napp = typer.Typer()\n\nif __name__ == \"__main__\":\n    app()\n", "shop.__main__", "app"},
		{"print('hello')\n", "", ""},
		{"from ..other import main\nmain()\n", "", ""},
	}
	for _, tc := range tests {
		mod, fn := mainCall(pyLines([]byte(tc.src)), "shop")
		if mod != tc.module || fn != tc.fn {
			t.Errorf("%q: got %s:%s, want %s:%s", tc.src, mod, fn, tc.module, tc.fn)
		}
	}
}
