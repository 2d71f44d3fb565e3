package detect

import (
	"slices"
	"testing"
)

func TestReadComposeEnv(t *testing.T) {
	data := []byte(`services:
  api:
    environment:
      MONGO_URI: mongodb://mongodb/news
      SITE: example.org
      CACHE_URL: ${CACHE_URL:-redis://redis:6379/0}
  worker:
    environment:
      - BROKER_URL=redis://redis:6379/1
      - PLAIN=1
`)
	var got []string
	for _, e := range ReadComposeEnv("docker-compose.yml", data) {
		got = append(got, e.Source.String()+" "+e.Name+"="+e.Value)
	}
	want := []string{"docker-compose.yml:4 MONGO_URI=mongodb://mongodb/news", "docker-compose.yml:9 BROKER_URL=redis://redis:6379/1"}
	if !slices.Equal(got, want) {
		t.Fatalf("got %q, want %q", got, want)
	}
	if got := ReadComposeEnv("c.yml", []byte("services: [")); got != nil {
		t.Fatalf("a file that does not parse gave %v", got)
	}
}
