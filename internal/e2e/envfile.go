package e2e

import "strings"

// podmanEnv rewrites a .env text (compose's format: `export`, quotes,
// inline comments after whitespace) as KEY=VALUE lines podman's --env-file
// takes literally: the values the app sees are the ones compose gives it.
func podmanEnv(text string) string {
	var b strings.Builder
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		line = strings.TrimPrefix(line, "export ")
		k, v, ok := strings.Cut(line, "=")
		if !ok {
			continue
		}
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		switch {
		case strings.HasPrefix(v, `"`):
			var val strings.Builder
			for i := 1; i < len(v); i++ {
				if v[i] == '\\' && i+1 < len(v) {
					i++
					switch v[i] {
					case 'n':
						val.WriteByte('\n')
					default:
						val.WriteByte(v[i])
					}
					continue
				}
				if v[i] == '"' {
					break
				}
				val.WriteByte(v[i])
			}
			v = val.String()
		case strings.HasPrefix(v, "'"):
			if end := strings.IndexByte(v[1:], '\''); end >= 0 {
				v = v[1 : 1+end]
			}
		default:
			if i := strings.Index(v, " #"); i >= 0 {
				v = strings.TrimSpace(v[:i])
			}
		}
		b.WriteString(k + "=" + v + "\n")
	}
	return b.String()
}
