package plan

import "testing"

func TestMergePrecedence(t *testing.T) {
	yes, no := true, false
	flag := Settings{Port: 9000}
	wizard := Settings{Port: 8080, Python: "3.12", Compose: &no}
	config := Settings{Port: 7000, Python: "3.11", PackageManager: "pip", Compose: &yes, Workers: 4}

	tests := []struct {
		name   string
		layers []Settings
		want   Settings
	}{
		{"flag beats wizard and config", []Settings{flag, wizard, config},
			Settings{Port: 9000, Python: "3.12", PackageManager: "pip", Workers: 4, Compose: &no}},
		{"wizard beats config", []Settings{{}, wizard, config},
			Settings{Port: 8080, Python: "3.12", PackageManager: "pip", Workers: 4, Compose: &no}},
		{"config alone", []Settings{{}, {}, config}, config},
		{"nothing given", []Settings{{}, {}, {}}, Settings{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Merge(tt.layers...)
			if got.Port != tt.want.Port || got.Python != tt.want.Python || got.PackageManager != tt.want.PackageManager ||
				got.Workers != tt.want.Workers || (got.Compose == nil) != (tt.want.Compose == nil) ||
				(got.Compose != nil && *got.Compose != *tt.want.Compose) {
				t.Errorf("Merge = %+v, want %+v", got, tt.want)
			}
		})
	}
}
