package cli

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"os"
	"strings"
)

// devKeyBits is the size of a development RSA key: what saleor's own
// debug key and `openssl genrsa` use by default.
const devKeyBits = 2048

// setDevKeys gives each variable the plan wants a generated development
// key for the one pydock's env file (or the user's copy of it) already
// holds, so a rerun writes the same bytes, else a new one. A key is never
// a constant of pydock's source: everyone would share it.
func (p *project) setDevKeys() error {
	names := p.plan.DevKeys()
	if len(names) == 0 {
		return nil
	}
	file := p.plan.DevEnvFile()
	copyOf := strings.TrimSuffix(file, ".example")
	for _, name := range names {
		key := ""
		for _, f := range []string{file, copyOf} {
			if key = keptKey(p.dir, f, name); key != "" {
				break
			}
		}
		if key == "" {
			k, err := rsa.GenerateKey(rand.Reader, devKeyBits)
			if err != nil {
				return fmt.Errorf("generating a development key for %s: %w", name, err)
			}
			der, err := x509.MarshalPKCS8PrivateKey(k)
			if err != nil {
				return fmt.Errorf("generating a development key for %s: %w", name, err)
			}
			key = string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}))
		}
		p.plan.SetDevKey(name, key)
	}
	return nil
}

// keptKey is the RSA private key an env file in dir gives name as a
// double-quoted multi-line value, re-encoded; "" when it gives none that
// parses.
func keptKey(dir, file, name string) string {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return ""
	}
	defer root.Close()
	data, err := root.ReadFile(file)
	if err != nil {
		return ""
	}
	_, rest, ok := strings.Cut("\n"+string(data), "\n"+name+`="`)
	if !ok {
		return ""
	}
	value, _, ok := strings.Cut(rest, `"`)
	if !ok {
		return ""
	}
	block, tail := pem.Decode([]byte(value))
	if block == nil || strings.TrimSpace(string(tail)) != "" || !isRSAKey(block) {
		return ""
	}
	return string(pem.EncodeToMemory(block))
}

func isRSAKey(b *pem.Block) bool {
	switch b.Type {
	case "PRIVATE KEY":
		k, err := x509.ParsePKCS8PrivateKey(b.Bytes)
		_, rsaKey := k.(*rsa.PrivateKey)
		return err == nil && rsaKey
	case "RSA PRIVATE KEY":
		_, err := x509.ParsePKCS1PrivateKey(b.Bytes)
		return err == nil
	}
	return false
}
