package weights

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

func addFiles(f *testing.F, pattern string) {
	files, _ := filepath.Glob(pattern)
	for _, name := range files {
		if b, err := os.ReadFile(name); err == nil {
			f.Add(b)
		}
	}
}

// FuzzReadManifest: any manifest that parses is consistent (Check passes)
// and its tensors lie inside its shards; nothing panics.
func FuzzReadManifest(f *testing.F) {
	addFiles(f, "testdata/tiny/model.json")
	addFiles(f, "testdata/invalid-manifest-*.json")
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := ReadManifest(bytes.NewReader(data))
		if err != nil {
			return
		}
		if err := m.Check(); err != nil {
			t.Fatalf("ReadManifest accepted a manifest Check refuses: %v", err)
		}
		last := m.Shards[len(m.Shards)-1]
		if last.End != m.streamSize() {
			t.Fatalf("shards end at %d, stream is %d bytes", last.End, m.streamSize())
		}
	})
}

// FuzzLoadShard feeds arbitrary bytes as each shard of the tiny model: no
// panic, and no allocation beyond the frame buffers and the decoder's
// bounded state (the tensors are allocated once, by NewLoader).
func FuzzLoadShard(f *testing.F) {
	addFiles(f, "testdata/tiny/shard-*.bin")
	addFiles(f, "testdata/invalid-shard-*.bin")
	mf, err := os.ReadFile("testdata/tiny/model.json")
	if err != nil {
		f.Fatal(err)
	}
	m, err := ReadManifest(bytes.NewReader(mf))
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		ld, err := NewLoader(m, nil)
		if err != nil {
			t.Fatal(err)
		}
		for i := range m.Shards {
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			err := ld.LoadShard(i, bytes.NewReader(data))
			runtime.ReadMemStats(&after)
			if grew := after.TotalAlloc - before.TotalAlloc; grew > 16<<20 {
				t.Fatalf("shard %d: allocated %d bytes for %d bytes of input", i, grew, len(data))
			}
			if err == nil && !bytes.Equal(data, mustRead(t, "testdata/tiny/"+m.Shards[i].File)) {
				t.Fatalf("shard %d accepted bytes that are not the shard (SHA-256 collision?)", i)
			}
		}
		ld.Weights()
	})
}

func mustRead(t *testing.T, name string) []byte {
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
