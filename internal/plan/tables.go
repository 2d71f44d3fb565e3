package plan

import (
	"fmt"

	"github.com/BurntSushi/toml"
)

// decodeTable decodes one of plan's embedded tables into doc, refusing a
// key doc does not name: a misspelt column would otherwise be dropped
// silently and its rows would lose what they say.
func decodeTable(name, data string, doc any) error {
	md, err := toml.Decode(data, doc)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	if u := md.Undecoded(); len(u) > 0 {
		return fmt.Errorf("%s: unknown key %s", name, u[0])
	}
	return nil
}
